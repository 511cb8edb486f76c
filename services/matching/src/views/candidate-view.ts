import { majorCatalog, type CandidateView, type School, type StudentPersonal, type StudentProfile } from '@chanjiao/domain';
import { pseudonym } from './mask.js';
import { scrubProfile } from '../indexer/scrub.js';

/** Views kept for the students shown most recently (a page of hits comes back on the next page, the next search, another HR user's search); a view is about 1.5 KB. */
const VIEWS_MAX = 16_384;
const views = new Map<string, { raw: StudentProfile; personal: string; school: School | undefined; view: CandidateView }>();

/** What of the personal data a view depends on, compared before a kept view is reused. */
const personalKey = (personal: StudentPersonal | undefined) => JSON.stringify([personal?.name, personal?.phone, personal?.idNumber]);

/** Freezes an object and everything in it: a kept view is shared by every reply that shows the student. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The one function that turns a student into what an enterprise may see. Personal data goes in,
 * nothing of them comes out (a pseudonym from the id stands for the name): no phone, no ID number, on every route that returns students.
 *
 * Kept per student: building a view scrubs every free-text field of the profile for the student's
 * numbers and name (each string normalized first), a tenth of an HR search request's CPU. The view
 * depends only on the profile (an object replaced, never changed, on every update), the student's
 * name and the school record (replaced the same way), so a kept view answers while all three are
 * the same objects. It is deep-frozen (nothing it holds is shared with the profile): every reply
 * shares it, and the personal-data guard remembers frozen objects it found clean.
 */
export function candidateView(raw: StudentProfile, personal: StudentPersonal | undefined, school: School | undefined): CandidateView {
  const key = personalKey(personal);
  const kept = views.get(raw.id);
  if (kept && kept.raw === raw && kept.personal === key && kept.school === school) return kept.view;
  const view = deepFreeze(buildView(scrubProfile(raw, personal), school));
  if (kept) views.delete(raw.id);
  else if (views.size >= VIEWS_MAX) views.delete(views.keys().next().value!);
  views.set(raw.id, { raw, personal: key, school, view });
  return view;
}

function buildView(profile: StudentProfile, school: School | undefined): CandidateView {
  const catalog = majorCatalog();
  const lineage = catalog.lineage(profile.majorCode);
  return {
    id: profile.id,
    displayName: pseudonym(profile.id),
    school: school ? { id: school.id, name: school.name, city: school.city } : null,
    major: {
      code: profile.majorCode,
      name: lineage.major?.name ?? profile.majorCode,
      level: profile.level,
      className: lineage.class?.name ?? null,
    },
    graduationYear: profile.graduationYear,
    skills: profile.skills.map((s) => ({ ...s })),
    certificates: profile.certificates.map((c) => ({ ...c })),
    // A copy: the view is frozen, the profile's own objects are not the view's to freeze.
    preferences: structuredClone(profile.preferences),
    availability: { ...profile.availability },
    selfIntroduction: profile.selfIntroduction,
    status: profile.status,
  };
}

import { majorCatalog, type CandidateView, type School, type StudentPersonal, type StudentProfile } from '@chanjiao/domain';
import { maskName } from './mask.js';
import { scrubProfile } from '../indexer/scrub.js';

/** Scrubbed profiles kept for the students shown most recently (a page of hits comes back on the next page, the next search, another HR user's search). */
const SCRUBBED_MAX = 4096;
const scrubbed = new Map<string, { raw: StudentProfile; name: string | undefined; profile: StudentProfile }>();

/**
 * {@link scrubProfile} through a memo: scrubbing searches every free-text field of the profile for
 * the student's numbers and name (each string normalized first), a tenth of an HR search request's
 * CPU. Its result depends only on the profile (an object replaced, never changed, on every update)
 * and the student's name, so an entry answers while both are the same.
 */
function scrubbedProfile(raw: StudentProfile, personal: StudentPersonal | undefined): StudentProfile {
  const name = personal?.name;
  const kept = scrubbed.get(raw.id);
  if (kept && kept.raw === raw && kept.name === name) return kept.profile;
  const profile = scrubProfile(raw, personal);
  if (kept) scrubbed.delete(raw.id);
  else if (scrubbed.size >= SCRUBBED_MAX) scrubbed.delete(scrubbed.keys().next().value!);
  scrubbed.set(raw.id, { raw, name, profile });
  return profile;
}

/**
 * The one function that turns a student into what an enterprise may see. Personal data goes in,
 * only the masked name comes out: no phone, no ID number, on every route that returns students.
 */
export function candidateView(raw: StudentProfile, personal: StudentPersonal | undefined, school: School | undefined): CandidateView {
  const profile = scrubbedProfile(raw, personal);
  const catalog = majorCatalog();
  const lineage = catalog.lineage(profile.majorCode);
  return {
    id: profile.id,
    displayName: personal ? maskName(personal.name) : '**',
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
    preferences: profile.preferences,
    availability: { ...profile.availability },
    selfIntroduction: profile.selfIntroduction,
    status: profile.status,
  };
}

import { majorCatalog, type CandidateView, type School, type StudentPersonal, type StudentProfile } from '@chanjiao/domain';
import { maskName } from './mask.js';
import { scrubProfile } from '../indexer/scrub.js';

/**
 * The one function that turns a student into what an enterprise may see. Personal data goes in,
 * only the masked name comes out: no phone, no ID number, on every route that returns students.
 */
export function candidateView(raw: StudentProfile, personal: StudentPersonal | undefined, school: School | undefined): CandidateView {
  const profile = scrubProfile(raw, personal);
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

import type { StudentPersonal, StudentProfile } from '@chanjiao/domain';
import { redactPersonalNumbers } from '@chanjiao/platform';

/**
 * A student's profile with its free text cleaned of personal data: phone and ID numbers in any
 * rendering (separators, +86 / wx / ID prefixes, full-width digits, invisible characters), e-mail
 * addresses, and the student's own name and given name. Numbers and addresses become asterisks,
 * every character of them (a partly masked number is still something to search by); a name
 * (full, given, or the surname where it stands for the person) becomes `**`: not the masked
 * name 王**, since a rare surname left in an indexed text finds its owner. The free text is the self-introduction and
 * the names of skills and certificates, all of which are written by the student's school.
 *
 * The write path: the indexer indexes and embeds only this, so nobody is findable by a number or
 * a name. Views shown to an enterprise are built from it too (for records read from the store).
 */
export function scrubProfile(profile: StudentProfile, personal: StudentPersonal | undefined): StudentProfile {
  const names = personal ? [personal.name] : [];
  const clean = (text: string) => redactPersonalNumbers(text, { names });
  const selfIntroduction = clean(profile.selfIntroduction);
  let changed = selfIntroduction !== profile.selfIntroduction;
  const skills = profile.skills.map((s) => {
    const name = clean(s.name);
    if (name === s.name) return s;
    changed = true;
    return { ...s, name };
  });
  const certificates = profile.certificates.map((c) => {
    const name = clean(c.name);
    if (name === c.name) return c;
    changed = true;
    return { ...c, name };
  });
  return changed ? { ...profile, selfIntroduction, skills, certificates } : profile;
}

import { gazetteer, type StudentPersonal, type StudentProfile } from '@chanjiao/domain';
import { redactPersonalList, redactPersonalNumbers } from '@chanjiao/platform';

/**
 * A student's profile with its free text cleaned of personal data: phone and ID numbers in any
 * rendering (separators, +86 / wx / ID prefixes, full-width digits, invisible characters), e-mail
 * addresses, and the student's own name. Numbers and addresses become asterisks, every character
 * of them (a partly masked number is still something to search by); a name becomes `**`: not the
 * masked name 王**, since a rare surname left in an indexed text finds its owner.
 *
 * How much of the name is looked for depends on the field:
 * - the self-introduction: every form (full, given name, the surname where it stands for the
 *   person, pinyin, any spacing), except inside the student's own skill and certificate names as
 *   written there (陈控制 who writes 熟练掌握电气控制: masking 控制 would garble the skill and point at
 *   the name);
 * - the names of skills and certificates, and the preferred industries, parks and cities: the
 *   whole name only. A given name alone in a skill is an ordinary word (电气控制), and masking it
 *   corrupted the skill: the student fell out of skill filters and searches, and `电气**` told HR
 *   the given name. In a park or city, not inside a place the gazetteer knows either (student
 *   金华 who prefers 金华市 keeps it): the values are filter and facet keys.
 * All of these are written by the student's school. The preferences are shown to HR and indexed as
 * filter and facet values, so a number or a name left in one (`联系人李四 13912345678`) is shown,
 * and a filter on the guessed value counts the student.
 *
 * The student's own phone and ID number (on record) are found however they are written: with up to
 * six characters of anything between their digits (`139（手机）1234（手机）5605`), which the patterns
 * for anyone's number cannot allow, and across the items of each list read as one text: a school's
 * list column is split on 、，; so `手机139、1234、5605` arrives as three skills, each harmless alone,
 * the phone again side by side on a card, joined in an export, or as three filter and facet values.
 *
 * The write path: the indexer indexes and embeds only this, so nobody is findable by a number or
 * a name. Views shown to an enterprise are built from it too (for records read from the store).
 */
export function scrubProfile(profile: StudentProfile, personal: StudentPersonal | undefined): StudentProfile {
  const names = personal ? [personal.name] : [];
  const numbers = personal ? [personal.phone, personal.idNumber].filter((n): n is string => n !== undefined) : [];
  const field = (text: string) => redactPersonalNumbers(text, { names, nameForms: 'full' });
  const keep = [...profile.skills.map((s) => s.name), ...profile.certificates.map((c) => c.name)];
  const selfIntroduction = redactPersonalNumbers(profile.selfIntroduction, { names, keep, numbers });
  let changed = selfIntroduction !== profile.selfIntroduction;
  /** Each value scrubbed alone, then the list read as one text; the list itself when nothing changed. */
  const list = (values: string[], scrub: (text: string) => string): string[] => {
    const each = values.map(scrub);
    const out = redactPersonalList(each, { numbers });
    return out.every((v, i) => v === values[i]) ? values : [...out];
  };
  const named = <T extends { name: string }>(items: T[]): T[] => {
    const before = items.map((i) => i.name);
    const after = list(before, field);
    if (after === before) return items;
    changed = true;
    return items.map((item, k) => (after[k] === item.name ? item : { ...item, name: after[k]! }));
  };
  const skills = named(profile.skills);
  const certificates = named(profile.certificates);
  const place = (text: string) => redactPersonalNumbers(text, { names, nameForms: 'full', keep: gazetteer().find(text).map((p) => p.text) });
  // Always there in a parsed record (the schema's default); a partial record built in code may lack it.
  const prefs = profile.preferences as StudentProfile['preferences'] | undefined;
  let preferences = prefs;
  if (prefs) {
    const industries = list(prefs.industries, field);
    const parks = list(prefs.parks, place);
    const cities = list(prefs.cities, place);
    if (industries !== prefs.industries || parks !== prefs.parks || cities !== prefs.cities) {
      preferences = { ...prefs, industries, parks, cities };
      changed = true;
    }
  }
  return changed ? { ...profile, selfIntroduction, skills, certificates, ...(preferences ? { preferences } : {}) } : profile;
}

import { gazetteer, type Post, type RecordType, type StudentProfile } from '@chanjiao/domain';

/**
 * What ingestion rewrites in a row before and after its schema check, for every format (JSON,
 * NDJSON, CSV, Excel), so one thing typed two ways is stored one way.
 */

/** The fields holding codes and ids, per record type (`[]` marks a list of them). */
const CODE_FIELDS: Readonly<Record<RecordType, readonly string[]>> = {
  school: ['id', 'partnerEnterpriseIds[]'],
  student: ['id', 'schoolId', 'majorCode'],
  enterprise: ['id', 'partnerSchoolIds[]'],
  post: ['id', 'enterpriseId', 'coEnterpriseIds[]', 'acceptedMajorCodes[]', 'term'],
  term: ['id'],
};

/** A code as an input method may type it: `４６０３０６`, `ＳＣＨ－０１` → `460306`, `SCH-01` (NFKC). */
export const normalizeCode = (s: string): string => s.normalize('NFKC').trim();

/**
 * Codes and ids of a raw row read as NFKC, in place (before the schema check). Their schemas
 * allow ASCII only, so this only ever turns a refusal into the code that was meant; anything
 * that is not a string is left to the schema.
 */
export function normalizeCodes(type: RecordType, row: Record<string, unknown>): void {
  for (const f of CODE_FIELDS[type]) {
    const list = f.endsWith('[]');
    const key = list ? f.slice(0, -2) : f;
    const v = row[key];
    if (!list && typeof v === 'string') row[key] = normalizeCode(v);
    else if (list && Array.isArray(v)) row[key] = v.map((x: unknown) => (typeof x === 'string' ? normalizeCode(x) : x));
  }
}

/**
 * A skill or certificate name as it is shown: full-width Latin letters, digits and signs read
 * half-width (NFKC: `ＰＬＣ编程`, `１＋Ｘ` → `PLC编程`, `1+X`), since the name is shown to HR and
 * students and exported as stored, and matching reads it as NFKC anyway. The full-width brackets,
 * commas and colons of Chinese text are kept: certificates are named with them
 * (`特种作业操作证（低压电工）`, as the lexicon and the issuing authorities write it).
 */
export const normalizeName = (s: string): string => s.replace(/[^（），：；！？]+/g, (run) => run.normalize('NFKC'));

/** Skill and certificate names of a parsed student or post, in place (see normalizeName). */
export function normalizeNames(type: RecordType, record: Record<string, unknown>): void {
  if (type === 'student') {
    const student = record as unknown as StudentProfile;
    for (const named of [...student.skills, ...student.certificates]) named.name = normalizeName(named.name);
  } else if (type === 'post') {
    const post = record as unknown as Post;
    post.requiredSkills = post.requiredSkills.map(normalizeName);
    post.preferredSkills = post.preferredSkills.map(normalizeName);
    for (const named of [...post.requiredCertificates, ...post.preferredCertificates]) named.name = normalizeName(named.name);
  }
}

/**
 * Place names of a parsed record put in the gazetteer's words, in place, so a city typed `珠海`
 * and one typed `珠海市` are one city for filters, facets and the office's per-city figures:
 * - schools', enterprises' and posts' `city` become the official city name; a school whose city
 *   cell names a district (`金湾区`) and has no district keeps it as its district;
 * - a student's preferred cities that are cities become their official names (`珠海` → `珠海市`,
 *   each once); a preferred district (`金湾区`) is kept, as it says more than its city.
 * Unknown names are kept as written, never refused.
 */
/** A park's gazetteer name, or the name as written when the gazetteer does not know it as a park. */
function parkName(name: string): string {
  const place = gazetteer().get(name);
  return place?.kind === 'park' ? place.name : name;
}

export function normalizePlaces(type: RecordType, record: Record<string, unknown>): void {
  const places = gazetteer();
  if (type === 'school' || type === 'enterprise' || type === 'post') {
    const city = record.city;
    if (typeof city !== 'string') return;
    const place = places.get(city);
    if (type === 'school' && place?.kind === 'district' && (record.district === undefined || record.district === '')) record.district = place.name;
    // The city as the gazetteer names it (`珠海` → `珠海市`; a district or park stands for its
    // city, `金湾` → `珠海市`); a name it does not know is kept as written.
    record.city = places.cityOf(city);
    // A park by its gazetteer name (`联港工业区` → `金湾联港工业区`): filters, facets and the place
    // pickers compare parks by name, and a short name stored as typed was a park of its own.
    if (typeof record.park === 'string') record.park = parkName(record.park);
    return;
  }
  if (type === 'student') {
    const prefs = record.preferences as { cities?: unknown; parks?: unknown } | undefined;
    if (!prefs) return;
    if (Array.isArray(prefs.cities)) {
      const cities = prefs.cities.map((c: unknown) => {
        if (typeof c !== 'string') return c;
        const place = places.get(c);
        return place?.kind === 'city' ? place.name : c;
      });
      prefs.cities = [...new Set(cities)];
    }
    if (Array.isArray(prefs.parks)) prefs.parks = [...new Set(prefs.parks.map((p: unknown) => (typeof p === 'string' ? parkName(p) : p)))];
  }
}

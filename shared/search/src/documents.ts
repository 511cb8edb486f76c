import {
  withoutNegated,
  CERTIFICATE_LEVEL_RANK,
  fieldCode,
  gazetteer,
  majorCatalog,
  type CertificateLevel,
  type Enterprise,
  type Post,
  type School,
  type StudentProfile,
} from '@chanjiao/domain';
import type { Analyzer } from './analyzer.js';
import type {
  CompiledFilter,
  DocKind,
  FilterInput,
  FilterOf,
  KeywordClause,
  PostDocument,
  PostFilter,
  StudentDocument,
  StudentFilter,
} from './search-index.js';

/** What a student document is built from. The school gives the city filter its home city. */
export interface StudentDocumentInput {
  readonly profile: StudentProfile;
  readonly school?: School;
  readonly vector?: Float32Array | null;
}
/** What a post document is built from. The enterprise's name and industry are searchable text. */
export interface PostDocumentInput {
  readonly post: Post;
  readonly enterprise?: Enterprise;
  readonly vector?: Float32Array | null;
}

/** Keyword values are compared exactly after NFKC and trimming (全角 and 半角 meet). */
export function keywordValue(value: string): string {
  return value.normalize('NFKC').trim();
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * The level-free field code of a catalog code and of its ancestors: `660301` → `06-0301`,
 * `06-03`, `06`. Empty for a code outside the catalog ranges.
 */
export function fieldChain(code: string): string[] {
  const f = fieldCode(code.length === 2 ? `${code}0000` : code.length === 4 ? `${code}00` : code);
  if (!f) return [];
  const [cat, rest = ''] = f.split('-') as [string, string?];
  const chain = [cat];
  if (code.length >= 4) chain.unshift(`${cat}-${rest.slice(0, 2)}`);
  if (code.length >= 6) chain.unshift(`${cat}-${rest}`);
  return chain;
}

/**
 * The level-free head key of a major: a 专业 (6 digits) by its own code, a 类 or 大类 by its field
 * code (`06-03`, `06`). The catalog numbers 类 alike on every level but not 专业 (660104 金属热加工 is
 * not 460104 机械制造及自动化), so a 专业's peers on other levels are its counterparts by name
 * (`MajorCatalog.counterparts`), never the 专业 that shares its last four digits. Empty outside the catalog.
 */
function levelFreeHead(code: string): string[] {
  const chain = fieldChain(code);
  if (!chain.length) return [];
  return code.length === 6 ? [code, ...majorCatalog().counterparts(code)] : [chain[0]!];
}

/** {@link levelFreeHead} and the field codes above it: `460301` → 460301, its counterparts, `06-03`, `06`. */
function levelFreeKeys(code: string): string[] {
  const chain = fieldChain(code);
  return chain.length ? [...levelFreeHead(code), ...chain.slice(1)] : [];
}

/**
 * The `majorKeys` values a major filter looks for.
 * - students, any level (the default): `f:<field>` of each prefix;
 * - students, this level only: `c:<prefix>`;
 * - posts (`overlap`): posts accepting the prefix, something under it, or a wider prefix above it;
 * - posts (`accepts`): posts whose accepted prefixes include this student's major, or that accept any.
 */
export function majorFilterKeys(
  prefixes: readonly string[],
  mode: 'student-any-level' | 'student-level' | 'post-overlap' | 'post-accepts',
): string[] {
  const keys: string[] = [];
  for (const raw of prefixes) {
    const p = raw.trim().toUpperCase();
    if (mode === 'student-level') {
      keys.push(`c:${p}`);
      continue;
    }
    const chain = fieldChain(p);
    if (!chain.length) continue;
    // A 专业 by its own code (documents carry its counterparts' codes too), a 类 or 大类 by its field code.
    const head = p.length === 6 ? p : chain[0]!;
    if (mode === 'student-any-level') keys.push(`f:${head}`);
    else {
      if (mode === 'post-overlap' && p.length !== 6) keys.push(`a:${head}`);
      keys.push(`x:${head}`, ...chain.slice(1).map((f) => `x:${f}`));
    }
  }
  if (mode === 'post-accepts') keys.push('*');
  return unique(keys);
}

/**
 * `<name>` plus `<name>#<rank>` for every rank up to the level held (the record's level, else
 * the one the name spells out, as in 中级电工).
 */
function certificateKeys(analyzer: Analyzer, name: string, level: CertificateLevel | undefined): string[] {
  const resolved = analyzer.certificate(name);
  const keys = [resolved.canonical];
  const held = level ?? resolved.level;
  const rank = held ? CERTIFICATE_LEVEL_RANK[held] : 0;
  for (let r = 1; r <= rank; r++) keys.push(`${resolved.canonical}#${r}`);
  return keys;
}

/** A skill's canonical form and its broader skills: a filter on PLC编程 finds 西门子PLC. */
function skillKeys(analyzer: Analyzer, name: string): string[] {
  const c = analyzer.canonical(name);
  return [c, ...analyzer.broader(c)];
}

/**
 * A certificate's words on the lexical side: as written, read as naming the certificate the name
 * resolves to by its spelling (Analyzer.certificateTokens). 电工 四级 and 电工证(中级) are both
 * the 电工 skill-level certificate, yet as written the first shares no word with its name and the
 * second folds to the 低压 licence's words. The query reads the certificates it names the same
 * way (HybridEngine.understand), so the two meet whichever way either side wrote it. The level
 * is left to the re-rank, which knows that a higher level meets a lower one.
 */
export function certificateWords(analyzer: Analyzer, name: string): string[] {
  const written = analyzer.analyze(name);
  const resolved = analyzer.certificate(name);
  return resolved.confidence === 1 ? analyzer.certificateTokens(written, [resolved.canonical]) : written;
}

function analyzeAll(analyzer: Analyzer, texts: Iterable<string>): string[] {
  const out: string[] = [];
  for (const t of texts) for (const tok of analyzer.analyze(t)) out.push(tok);
  return out;
}

/** The catalog names of a code or prefix: 专业 and its 类 for a major, the 类 or 大类 name otherwise. */
export function majorNames(code: string): string[] {
  const { major, class: cls, category } = majorCatalog().lineage(code);
  if (major) return [major.name, ...(cls ? [cls.name] : [])];
  if (cls) return [cls.name];
  return category ? [category.name] : [];
}

/** The one document builder both backends index. */
export function buildStudentDocument(input: StudentDocumentInput, analyzer: Analyzer): StudentDocument {
  const p = input.profile;
  const code = p.majorCode;
  const majorKeys = [`c:${code}`, `c:${code.slice(0, 4)}`, `c:${code.slice(0, 2)}`, ...levelFreeKeys(code).map((f) => `f:${f}`)];
  return {
    kind: 'student',
    id: p.id,
    text: {
      major: analyzeAll(analyzer, majorNames(code)),
      skills: analyzeAll(analyzer, p.skills.map((s) => s.name)),
      certificates: p.certificates.flatMap((c) => certificateWords(analyzer, c.name)),
      // 图纸还看不太懂 is no evidence of 看图纸: negated spans are not indexed.
      intro: analyzer.analyze(withoutNegated(p.selfIntroduction)),
    },
    keywords: {
      schoolId: [p.schoolId],
      majorCode: [code],
      majorClass: [code.slice(0, 4)],
      majorKeys,
      level: [p.level],
      graduationYear: [String(p.graduationYear)],
      city: unique([...(input.school ? [input.school.city] : []), ...p.preferences.cities].map(keywordValue)),
      district: studentDistricts(input),
      park: unique(p.preferences.parks.map(keywordValue)),
      skills: unique(p.skills.flatMap((s) => skillKeys(analyzer, s.name))),
      certificates: unique(p.certificates.flatMap((c) => certificateKeys(analyzer, c.name, c.level))),
      consent: [String(p.consentToBeFound)],
      status: [p.status],
    },
    vector: input.vector ?? null,
    source: p,
  };
}

export function buildPostDocument(input: PostDocumentInput, analyzer: Analyzer): PostDocument {
  const p = input.post;
  const majorKeys =
    p.acceptedMajorCodes.length === 0
      ? ['*']
      : unique(
          p.acceptedMajorCodes.flatMap((code) => {
            const chain = fieldChain(code);
            // `x:` what it lists: a 专业 with its counterparts on other levels (named alike, not
            // numbered alike), or a 类 / 大类; `a:` the 类 and 大类 it lists or lists something under.
            return [...levelFreeHead(code).map((k) => `x:${k}`), ...chain.slice(code.length === 6 ? 1 : 0).map((f) => `a:${f}`)];
          }),
        );
  const certificates = [...p.requiredCertificates, ...p.preferredCertificates];
  const skills = [...p.requiredSkills, ...p.preferredSkills];
  return {
    kind: 'post',
    id: p.id,
    text: {
      title: analyzer.analyze(p.title),
      majors: analyzeAll(analyzer, unique(p.acceptedMajorCodes.flatMap(majorNames))),
      skills: analyzeAll(analyzer, skills),
      certificates: certificates.flatMap((c) => certificateWords(analyzer, c.name)),
      description: analyzer.analyze(p.description),
      enterprise: input.enterprise ? analyzeAll(analyzer, [input.enterprise.name, input.enterprise.industry]) : [],
    },
    keywords: {
      kind: [p.kind],
      internshipMode: p.internshipMode ? [p.internshipMode] : [],
      term: [p.term],
      enterpriseId: unique([p.enterpriseId, ...p.coEnterpriseIds]),
      city: [keywordValue(p.city)],
      park: p.park ? [keywordValue(p.park)] : [],
      majorKeys,
      level: p.acceptedLevels.length ? [...p.acceptedLevels] : ['*'],
      graduationYear: p.acceptedGraduationYears.length ? p.acceptedGraduationYears.map(String) : ['*'],
      skills: unique(skills.flatMap((s) => skillKeys(analyzer, s))),
      certificates: unique(certificates.map((c) => analyzer.certificate(c.name).canonical)),
      status: [p.status],
    },
    vector: input.vector ?? null,
    source: p,
  };
}

/** Build the document of a student or a post. */
export function buildIndexDocument(input: StudentDocumentInput, analyzer: Analyzer): StudentDocument;
export function buildIndexDocument(input: PostDocumentInput, analyzer: Analyzer): PostDocument;
export function buildIndexDocument(
  input: StudentDocumentInput | PostDocumentInput,
  analyzer: Analyzer,
): StudentDocument | PostDocument {
  return 'profile' in input ? buildStudentDocument(input, analyzer) : buildPostDocument(input, analyzer);
}

/**
 * A city filter as written and as the gazetteer reads it: `珠海` and `金湾` find records of
 * `珠海市` (a district or a park stands for its city: student records name cities only).
 */
function cityValues(cities: readonly string[]): string[] {
  const places = gazetteer();
  return cities.flatMap((c) => [keywordValue(c), places.cityOf(keywordValue(c))]);
}

/**
 * The districts a student is found in: the school's, and those the student prefers (a preferred
 * "city" that is a district, like 金湾区, or the district of a preferred park), by official name.
 */
function studentDistricts(input: StudentDocumentInput): string[] {
  const places = gazetteer();
  const official = (name: string) => {
    const place = places.get(name);
    return place?.kind === 'district' ? place.name : keywordValue(name);
  };
  const out: string[] = input.school?.district ? [official(input.school.district)] : [];
  for (const c of input.profile.preferences.cities) if (places.get(c)?.kind === 'district') out.push(official(c));
  for (const p of input.profile.preferences.parks) {
    const district = places.get(p)?.district;
    if (district) out.push(district);
  }
  return unique(out);
}

/** A district filter as written and by its official name (`金湾` → `金湾区`). */
function districtValues(districts: readonly string[]): string[] {
  const places = gazetteer();
  return districts.flatMap((d) => {
    const place = places.get(d);
    return [keywordValue(d), ...(place?.kind === 'district' ? [place.name] : [])];
  });
}

/** A park filter by any of the park's names. */
function parkValues(parks: readonly string[]): string[] {
  const places = gazetteer();
  return parks.flatMap((p) => [keywordValue(p), places.get(p)?.kind === 'park' ? places.get(p)!.name : keywordValue(p)]);
}

function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

function compileStudentFilter(f: StudentFilter, analyzer: Analyzer): CompiledFilter<'student'> {
  const clauses: Array<KeywordClause<'student'>> = [];
  const add = (field: KeywordClause<'student'>['field'], anyOf: readonly string[]) => clauses.push({ field, anyOf: unique(anyOf) });
  if (has(f.schoolIds)) add('schoolId', f.schoolIds);
  if (has(f.majorCodes)) add('majorKeys', majorFilterKeys(f.majorCodes, f.majorAnyLevel === false ? 'student-level' : 'student-any-level'));
  if (has(f.levels)) add('level', f.levels);
  if (has(f.graduationYears)) add('graduationYear', f.graduationYears.map(String));
  if (has(f.cities)) add('city', cityValues(f.cities));
  if (has(f.districts)) add('district', districtValues(f.districts));
  if (has(f.parks)) add('park', parkValues(f.parks));
  if (has(f.skills)) for (const s of f.skills) add('skills', [analyzer.canonical(s)]);
  if (has(f.certificates)) {
    for (const c of f.certificates) {
      const name = typeof c === 'string' ? c : c.name;
      const min = typeof c === 'string' ? undefined : c.minLevel;
      const resolved = analyzer.certificate(name);
      const level = min ?? resolved.level;
      add('certificates', [level ? `${resolved.canonical}#${CERTIFICATE_LEVEL_RANK[level]}` : resolved.canonical]);
    }
  }
  if (f.consent !== undefined) add('consent', [String(f.consent)]);
  if (has(f.statuses)) add('status', f.statuses);
  return f.ids ? { ids: unique(f.ids), clauses } : { clauses };
}

function compilePostFilter(f: PostFilter, analyzer: Analyzer): CompiledFilter<'post'> {
  const clauses: Array<KeywordClause<'post'>> = [];
  const add = (field: KeywordClause<'post'>['field'], anyOf: readonly string[]) => clauses.push({ field, anyOf: unique(anyOf) });
  if (has(f.kinds)) add('kind', f.kinds);
  if (has(f.internshipModes)) add('internshipMode', f.internshipModes);
  if (has(f.terms)) add('term', f.terms);
  if (has(f.enterpriseIds)) add('enterpriseId', f.enterpriseIds);
  if (has(f.cities)) add('city', cityValues(f.cities));
  if (has(f.parks)) add('park', parkValues(f.parks));
  if (has(f.majorCodes)) add('majorKeys', majorFilterKeys(f.majorCodes, 'post-overlap'));
  if (f.acceptsMajor !== undefined) add('majorKeys', majorFilterKeys([f.acceptsMajor], 'post-accepts'));
  if (f.acceptsLevel !== undefined) add('level', [f.acceptsLevel, '*']);
  if (f.acceptsGraduationYear !== undefined) add('graduationYear', [String(f.acceptsGraduationYear), '*']);
  if (has(f.skills)) add('skills', f.skills.map((s) => analyzer.canonical(s)));
  if (has(f.statuses)) add('status', f.statuses);
  return f.ids ? { ids: unique(f.ids), clauses } : { clauses };
}

/**
 * A filter as keyword clauses, the form both backends evaluate. Skill and certificate names
 * are folded by the analyzer, so a filter on 可编程控制器 finds students listing PLC.
 */
export function compileFilter<K extends DocKind>(kind: K, filter: FilterInput<K> | undefined, analyzer: Analyzer): CompiledFilter<K> {
  if (!filter) return { clauses: [] };
  const filters = (Array.isArray(filter) ? filter : [filter]) as ReadonlyArray<FilterOf<K>>;
  const clauses: Array<KeywordClause<K>> = [];
  let ids: Set<string> | undefined;
  for (const f of filters) {
    const one = (
      kind === 'student' ? compileStudentFilter(f as StudentFilter, analyzer) : compilePostFilter(f as PostFilter, analyzer)
    ) as CompiledFilter<K>;
    clauses.push(...one.clauses);
    if (one.ids) ids = ids ? new Set(one.ids.filter((id) => ids!.has(id))) : new Set(one.ids);
  }
  return ids ? { ids: [...ids], clauses } : { clauses };
}

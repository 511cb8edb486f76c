import {
  CERTIFICATE_LEVEL_LABELS,
  CERTIFICATE_LEVEL_RANK,
  majorCatalog,
  skillLexicon,
  type Certificate,
  type CertificateLevel,
  type CertificateRequirement,
  type Post,
  type Skill,
  type SkillDistance,
  type SkillItem,
  type StudentProfile,
} from '@chanjiao/domain';
import { fieldChain, type MatchRules } from '@chanjiao/search';

/** What the rules know of a name (canonical form, the skills it covers, its tokens, as a certificate). */
type NameInfo = ReturnType<MatchRules['nameInfo']>;

/**
 * Does a held skill cover a named one? The engine's own test (rerank.ts `coveringSkill`, not
 * exported): the same canonical form or a more specific skill, or a name holding every token of
 * the wanted one. Kept in step by test/skills/holds.test.ts, which compares it with the engine's
 * scores on generated names.
 */
export function skillCovers(have: NameInfo, want: NameInfo): boolean {
  if (have.covers.has(want.canonical)) return true;
  if (want.tokens.size === 0) return false;
  for (const t of want.tokens) if (!have.tokens.has(t)) return false;
  return true;
}

/** Does the student hold a skill covering `name`? */
export function holdsSkill(rules: MatchRules, skills: readonly Skill[], want: NameInfo): boolean {
  for (const s of skills) if (skillCovers(rules.nameInfo(s.name), want)) return true;
  return false;
}

/** The level a requirement asks for: its minimum, or the level its name spells (中级电工). */
export function requiredLevel(rules: MatchRules, req: CertificateRequirement): CertificateLevel | undefined {
  return req.minLevel ?? rules.nameInfo(req.name).certificate.level;
}

/** Does the student hold the certificate at the level (the engine's `certificateSatisfies`)? */
export function holdsCertificate(rules: MatchRules, certificates: readonly Certificate[], canonical: string, level: CertificateLevel | undefined): boolean {
  for (const c of certificates) {
    const have = rules.nameInfo(c.name).certificate;
    if (have.canonical !== canonical) continue;
    if (!level) return true;
    const held = c.level ?? have.level;
    if (held !== undefined && CERTIFICATE_LEVEL_RANK[held] >= CERTIFICATE_LEVEL_RANK[level]) return true;
  }
  return false;
}

/** A skill or certificate as the views count it, with what adding it to a profile means. */
export interface ItemInfo {
  readonly item: SkillItem;
  /** Skills: the rules' info of the item's name (what a profile holding it would hold). */
  readonly info: NameInfo;
  /** Certificates: canonical form and level. */
  readonly certificate?: { readonly canonical: string; readonly level?: CertificateLevel };
}

/**
 * Interns the skills and certificates posts name into items, one per canonical skill and one per
 * certificate × minimum level. Names are the lexicon's where it knows them, otherwise the first
 * spelling met (its canonical form is then that spelling's, so adding it covers what it stands for).
 */
export class ItemTable {
  readonly #rules: MatchRules;
  readonly #items = new Map<string, ItemInfo>();
  readonly #skillKeyOf = new Map<string, string>();
  readonly #byPost = new WeakMap<Post, { required: ItemInfo[]; preferred: ItemInfo[] }>();

  constructor(rules: MatchRules) {
    this.#rules = rules;
  }

  get(key: string): ItemInfo | undefined {
    return this.#items.get(key);
  }

  /** The item of a skill name a post lists. */
  skill(name: string): ItemInfo {
    let key = this.#skillKeyOf.get(name);
    if (key === undefined) {
      key = this.#rules.nameInfo(name).canonical;
      this.#skillKeyOf.set(name, key);
    }
    let item = this.#items.get(key);
    if (!item) {
      const known = skillLexicon().canonicalSkill(name);
      const display = known !== undefined && this.#rules.nameInfo(known).canonical === key ? known : name;
      item = { item: { kind: 'skill', key, name: display }, info: this.#rules.nameInfo(display) };
      this.#items.set(key, item);
    }
    return item;
  }

  /** The item of a certificate requirement a post lists. */
  certificate(req: CertificateRequirement): ItemInfo {
    const cert = this.#rules.nameInfo(req.name).certificate;
    const level = requiredLevel(this.#rules, req);
    const key = `${cert.canonical}|${level ?? ''}`;
    let item = this.#items.get(key);
    if (!item) {
      const known = skillLexicon().resolveCertificate(req.name);
      const lexicon = known ? skillLexicon().certificate(known.name) : undefined;
      const name = known && this.#rules.nameInfo(known.name).certificate.canonical === cert.canonical ? known.name : req.name;
      const occupation = lexicon?.kind === 'skill_level' && name.endsWith('职业技能等级证书') ? name.slice(0, -'职业技能等级证书'.length) : undefined;
      item = {
        item: { kind: 'certificate', key, name, ...(level ? { level } : {}), ...(occupation ? { occupation } : {}) },
        info: this.#rules.nameInfo(name),
        certificate: { canonical: cert.canonical, ...(level ? { level } : {}) },
      };
      this.#items.set(key, item);
    }
    return item;
  }

  /** The items a post names, memoized per post object (records are replaced, never changed). */
  ofPost(post: Post): { required: ItemInfo[]; preferred: ItemInfo[] } {
    let items = this.#byPost.get(post);
    if (!items) this.#byPost.set(post, (items = postItems(this, post)));
    return items;
  }

  /** Does a student hold the item? */
  holds(student: Pick<StudentProfile, 'skills' | 'certificates'>, item: ItemInfo): boolean {
    if (item.certificate) return holdsCertificate(this.#rules, student.certificates, item.certificate.canonical, item.certificate.level);
    return holdsSkill(this.#rules, student.skills, item.info);
  }
}

const tables = new WeakMap<MatchRules['analyzer'], ItemTable>();

/**
 * The item table of the rules' analyzer, shared by every request and every set of rules over that
 * analyzer (the routes keep one per term): it only ever holds what names resolve to, which never
 * changes for one analyzer, and it saves the lexicon lookups (the fuzzy certificate matching above
 * all, most of a cold request).
 */
export function itemTableFor(rules: MatchRules): ItemTable {
  let table = tables.get(rules.analyzer);
  if (!table) tables.set(rules.analyzer, (table = new ItemTable(rules)));
  return table;
}

/** The items a post names: required and preferred skills, required and preferred certificates. */
export function postItems(table: ItemTable, post: Post): { required: ItemInfo[]; preferred: ItemInfo[] } {
  const required = new Map<string, ItemInfo>();
  const preferred = new Map<string, ItemInfo>();
  for (const s of post.requiredSkills) {
    const i = table.skill(s);
    required.set(i.item.key, i);
  }
  for (const c of post.requiredCertificates) {
    const i = table.certificate(c);
    required.set(i.item.key, i);
  }
  for (const s of post.preferredSkills) {
    const i = table.skill(s);
    if (!required.has(i.item.key)) preferred.set(i.item.key, i);
  }
  for (const c of post.preferredCertificates) {
    const i = table.certificate(c);
    if (!required.has(i.item.key)) preferred.set(i.item.key, i);
  }
  return { required: [...required.values()], preferred: [...preferred.values()] };
}

/** The student's profile with the item added (a certificate at the level the item names). */
export function withItem(student: StudentProfile, item: SkillItem): StudentProfile {
  if (item.kind === 'certificate') {
    return { ...student, certificates: [...student.certificates, { name: item.name, ...(item.level ? { level: item.level } : {}) }] };
  }
  return { ...student, skills: [...student.skills, { name: item.name }] };
}

/** How an item reads in a sentence: 电工职业技能等级证书（中级）. */
export function itemLabel(item: SkillItem): string {
  return item.level ? `${item.name}（${CERTIFICATE_LEVEL_LABELS[item.level]}）` : item.name;
}

/**
 * How far an item is from what the student has (see `SkillDistance`): the lexicon's families
 * (a skill's `broader`) and fields (level-free catalog codes).
 */
export function itemDistance(rules: MatchRules, student: StudentProfile, item: ItemInfo): { distance: SkillDistance; relatedTo?: string } {
  const lexicon = skillLexicon();
  const fields = new Set(fieldChain(student.majorCode));
  if (item.certificate) {
    for (const c of student.certificates) {
      if (rules.nameInfo(c.name).certificate.canonical === item.certificate.canonical) return { distance: 'level_up', relatedTo: c.name };
    }
    const cert = lexicon.certificate(item.item.name);
    if (cert && cert.fields.some((f) => fields.has(f))) return { distance: 'same_field' };
    return { distance: 'new' };
  }
  const skill = lexicon.skill(item.item.name);
  if (skill) {
    for (const s of student.skills) {
      const held = lexicon.skill(s.name);
      if (!held) continue;
      const family =
        skill.broader === held.name || held.broader === skill.name || (skill.broader !== undefined && skill.broader === held.broader);
      if (family) return { distance: 'related', relatedTo: s.name };
    }
    if (skill.fields.some((f) => fields.has(f))) return { distance: 'same_field' };
  }
  return { distance: 'new' };
}

/** The name of a level-free field (`06-03` → 自动化类, `06` → 装备制造大类), from any level of the catalog. */
export function fieldName(field: string): string {
  const catalog = majorCatalog();
  const [cat, rest] = field.split('-') as [string, string?];
  // Field codes are the 高职专科 numbering minus its base (41 → 01): read them back on that level.
  const code = `${Number(cat) + 40}${rest ?? ''}`;
  return catalog.get(code)?.name ?? field;
}

/**
 * Posts (their indexes) by the level-free 大类 of each code they accept (`*`: open to any major).
 * The engine's `accepts` is "the same field on any level", so a major can only be accepted by the
 * posts in its own 大类's bucket or `*`: `acceptingCandidates` finds those instead of every post.
 */
export function postsByField(posts: readonly Post[]): ReadonlyMap<string, readonly number[]> {
  const buckets = new Map<string, number[]>();
  posts.forEach((p, i) => {
    const keys = p.acceptedMajorCodes.length === 0 ? ['*'] : new Set(p.acceptedMajorCodes.map((c) => fieldChain(c)[0]).filter((k): k is string => k !== undefined));
    for (const k of keys) {
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    }
  });
  return buckets;
}

/**
 * The buckets whose posts may accept a major: its own 大类, `*`, and the 大类 of every major the
 * catalog calls the same 专业 on another level (a counterpart by name, or the same name), since the
 * engine accepts a listed 专业's counterpart and a same-named major may sit in another 大类.
 */
const keysByMajor = new Map<string, readonly string[]>();
function acceptingKeys(majorCode: string): readonly string[] {
  let keys = keysByMajor.get(majorCode);
  if (!keys) {
    const catalog = majorCatalog();
    const same = [...catalog.counterparts(majorCode), ...catalog.majorsNamed(catalog.get(majorCode)?.name ?? '').map((e) => e.code)];
    keys = [...new Set([...fieldChain(majorCode), ...same.flatMap((c) => fieldChain(c).slice(0, 1)), '*'])];
    keysByMajor.set(majorCode, keys);
  }
  return keys;
}

/** The indexes, ascending (so ties break as in a full scan), of the posts that may accept a major. */
export function acceptingCandidates(buckets: ReadonlyMap<string, readonly number[]>, count: number, majorCode: string): number[] {
  const mark = new Uint8Array(count);
  for (const key of acceptingKeys(majorCode)) for (const i of buckets.get(key) ?? []) mark[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (mark[i]) out.push(i);
  return out;
}

/** The level-free 类 (or 大类, for a 2-digit prefix) an accepted code names; null outside the catalog. */
export function demandField(acceptedCode: string): string | null {
  const chain = fieldChain(acceptedCode);
  if (chain.length === 0) return null;
  return acceptedCode.length === 2 ? chain[0]! : chain[chain.length - 2]!;
}

/**
 * Which of a table's items each student holds, worked out once per distinct held name rather than
 * per student × item: a city has ~100k students but a few thousand distinct skill spellings, so
 * the catalogue and the school view count holders in one pass over the students.
 */
export class Holdings {
  readonly #rules: MatchRules;
  readonly #skills: ItemInfo[];
  readonly #certificates: ItemInfo[];
  readonly #bySkill = new Map<string, readonly string[]>();
  readonly #byCertificate = new Map<string, readonly string[]>();

  constructor(rules: MatchRules, items: Iterable<ItemInfo>) {
    this.#rules = rules;
    const all = [...items];
    this.#skills = all.filter((i) => !i.certificate);
    this.#certificates = all.filter((i) => i.certificate);
  }

  /** The keys of the items the student holds. */
  held(student: Pick<StudentProfile, 'skills' | 'certificates'>): Set<string> {
    const out = new Set<string>();
    for (const s of student.skills) {
      let keys = this.#bySkill.get(s.name);
      if (!keys) {
        const have = this.#rules.nameInfo(s.name);
        keys = this.#skills.filter((i) => skillCovers(have, i.info)).map((i) => i.item.key);
        this.#bySkill.set(s.name, keys);
      }
      for (const k of keys) out.add(k);
    }
    for (const c of student.certificates) {
      const id = `${c.name}|${c.level ?? ''}`;
      let keys = this.#byCertificate.get(id);
      if (!keys) {
        keys = this.#certificates.filter((i) => holdsCertificate(this.#rules, [c], i.certificate!.canonical, i.certificate!.level)).map((i) => i.item.key);
        this.#byCertificate.set(id, keys);
      }
      for (const k of keys) out.add(k);
    }
    return out;
  }
}

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { majorCatalog, normalizeTerm, skillLexicon, type CertificateLevel, type SkillLexicon } from '@chanjiao/domain';
import { STOP_WORDS } from './analyzer-data.js';

/** What a dictionary term is, for reading a free-text query's intent. */
export type TermKind = 'skill' | 'certificate' | 'major';

/**
 * Text → tokens, the same way for documents and queries, and for both backends (the
 * Elasticsearch index stores these tokens pre-analyzed). Steps: NFKC (full-width letters and
 * digits become ASCII), lowercase, jieba segmentation with the default dictionary plus the domain
 * dictionary (the lexicon's skill and certificate names and synonyms, the catalog's names, so they
 * stay whole), synonym folding to one canonical token (PLC = 可编程控制器 → plc编程), stop words and
 * punctuation dropped. Then two expansions, as a decompounder and a hypernym filter would:
 * domain words of four or more characters also emit their everyday parts (电气自动化技术 → 电气,
 * 自动化, 技术), and a skill emits its broader skill (西门子plc → plc编程).
 */
export interface Analyzer {
  /** Tokens of a text, in order (duplicates kept: term frequency counts). */
  analyze(text: string): string[];
  /**
   * The canonical form of a whole skill or certificate name (not segmented): normalized
   * (NFKC, lowercase, no spaces), synonyms folded. Two names meet when their canonical forms are equal.
   */
  canonical(name: string): string;
  /**
   * A certificate as people write it (`中级电工`, `电工证`, `汽车维修工（四级）`), resolved:
   * canonical form, the level when the text names one, and how sure the resolution is
   * (1: by its spelling; below 1: the fuzzy fallback's similarity; 0: unknown, the canonical form
   * is the normalized text).
   */
  certificate(name: string): ResolvedCertificateName;
  /**
   * Tokens (of a certificate name as written, or of a query) read as naming the certificates
   * `resolved` (canonical forms). Taken out: the words of any other certificate they name
   * (电工证(中级) is the 电工 skill-level certificate, but 电工证 alone folds to the 低压 licence),
   * and the parts of a certificate's name that most certificates' names share (职业技能, 等级证书,
   * 作业: they would match every holder of any certificate). Added: each resolved certificate's
   * other words (its whole name and its telling parts). `keep` names more certificates whose
   * words stay, none added.
   */
  certificateTokens(tokens: readonly string[], resolved: readonly string[], keep?: readonly string[]): string[];
  /** The broader skills of a canonical skill, nearest first (西门子plc → [plc编程]). */
  broader(canonical: string): readonly string[];
  /** Is this canonical token a skill, a certificate or a catalog major name? */
  termKind(token: string): TermKind | undefined;
  /** How the lexicon spells a canonical skill (plc编程 → PLC编程), for explanations; the token itself when unknown. */
  skillName(canonical: string): string;
  /**
   * The text cut by jieba's own dictionary alone, without its HMM guesses: a piece of two or
   * more characters is a word the dictionary knows, so the query parser does not "correct" it
   * as a homophone typo (电器 stays 电器; 维休 is cut 维 / 休 and may be read as 维修).
   */
  dictionaryWords(text: string): string[];
  /**
   * A hash of everything that decides the tokens (word lists, catalog, jieba version). Indexes
   * record it; a snapshot analyzed with another fingerprint is rebuilt, not reused.
   */
  readonly fingerprint: string;
}

/** A certificate name as the analyzer resolves it. */
export interface ResolvedCertificateName {
  readonly canonical: string;
  readonly level?: CertificateLevel;
  /** 1 when resolved by its spelling, the fuzzy similarity when below, 0 when unknown. */
  readonly confidence: number;
}

export interface AnalyzerOptions {
  /** The skills and certificates lexicon. Default: the project's (`skillLexicon()`). */
  lexicon?: SkillLexicon;
  /** Extra synonym groups; the first of each group is the canonical form. */
  synonymGroups?: ReadonlyArray<readonly string[]>;
  /** Extra words to keep whole. */
  domainTerms?: readonly string[];
  /** Extra stop words. */
  stopWords?: readonly string[];
}

/** NFKC, lowercase, whitespace collapsed: the form texts are segmented in. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Does a query have anything to search for: a letter or a digit of any script? A query of
 * emoji and punctuation (`🙂！！`) has none; the model would still embed it (as [UNK]s) and the
 * vector side would return its arbitrary nearest neighbours as if they matched, so such a query
 * is answered as no query at all (the filters' browse order), and nobody calls that degraded.
 */
export function hasSearchableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * Bump when the analysis steps or the keys documents are built with change (not the word lists:
 * the fingerprint covers those); a snapshot of another version is rebuilt. 4: a 专业's level-free
 * major keys are its own code and its counterparts' (they were the digits it shares with others).
 * 5: a certificate is indexed with the words of the name it resolves to (certificateTokens).
 * 6: a 专业's counterparts on a level where it (or they) has a namesake are that namesake alone.
 */
const ANALYZER_VERSION = 6;
const PUNCT_OR_SPACE = /^[\p{P}\p{S}\p{Z}\s]+$/u;
/**
 * A word in more certificates' names than this (职业技能 and 等级证书 in 220 of 275, 资格证 in 14,
 * 作业 in 10) tells none of them apart; 维修工 (6) and 管理 (8) still narrow it down.
 */
const GENERIC_CERTIFICATE_PART = 8;
/** Certificate spellings resolved and kept before the memo starts over. */
const CERTIFICATE_CACHE_MAX = 10_000;
/** Domain words of at least this many characters also emit their parts. */
const COMPOUND_MIN_CHARS = 4;
/** A frequency high enough that jieba prefers the domain word over any split. */
const DOMAIN_WORD_FREQ = 200000;

class JiebaAnalyzer implements Analyzer {
  readonly #jieba: Jieba;
  /** Default dictionary only: splits compounds into their everyday parts. */
  readonly #base: Jieba;
  readonly #lexicon: SkillLexicon;
  readonly #synonyms = new Map<string, string>();
  readonly #stop: ReadonlySet<string>;
  readonly #domain = new Set<string>();
  readonly #broader = new Map<string, readonly string[]>();
  readonly #kinds = new Map<string, TermKind>();
  readonly #expansionCache = new Map<string, readonly string[]>();
  readonly fingerprint: string;

  constructor(opts: AnalyzerOptions) {
    const require = createRequire(import.meta.url);
    const dict = (require('@node-rs/jieba/dict') as { dict: Uint8Array }).dict;
    this.#base = Jieba.withDict(dict);
    this.#jieba = Jieba.withDict(dict);
    this.#stop = new Set([...STOP_WORDS, ...(opts.stopWords ?? [])].map(normalizeTerm));
    const lexicon = (this.#lexicon = opts.lexicon ?? skillLexicon());

    for (const group of [...lexicon.synonymGroups(), ...(opts.synonymGroups ?? [])]) {
      const canonical = normalizeTerm(group[0] ?? '');
      if (!canonical) continue;
      for (const variant of group) {
        const key = normalizeTerm(variant);
        if (key && !this.#synonyms.has(key)) this.#synonyms.set(key, canonical);
      }
    }
    for (const t of [...lexicon.domainTerms(), ...(opts.domainTerms ?? [])]) this.#addDomain(t);
    for (const group of opts.synonymGroups ?? []) for (const t of group) this.#addDomain(t);

    for (const e of majorCatalog().entries) if (e.item === 'major') this.#kinds.set(normalizeTerm(e.name), 'major');
    for (const c of lexicon.certificates) this.#kinds.set(normalizeTerm(c.name), 'certificate');
    for (const s of lexicon.skills) {
      const key = normalizeTerm(s.name);
      this.#kinds.set(key, 'skill');
      const chain: string[] = [];
      for (let b = s.broader; b !== undefined && chain.length < 5; b = lexicon.skill(b)?.broader) {
        const k = normalizeTerm(lexicon.canonicalSkill(b) ?? b);
        if (k === key || chain.includes(k)) break;
        chain.push(k);
      }
      if (chain.length) this.#broader.set(key, chain);
    }

    // jieba's dictionary format: "word freq [tag]" per line; words with spaces cannot be entries.
    const lines: string[] = [];
    for (const w of this.#domain) lines.push(`${w} ${DOMAIN_WORD_FREQ} n`);
    this.#jieba.loadDict(Buffer.from(lines.join('\n') + '\n', 'utf8'));

    const jiebaVersion = (require('@node-rs/jieba/package.json') as { version: string }).version;
    this.fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          ANALYZER_VERSION,
          jiebaVersion,
          [...this.#stop].sort(),
          [...this.#synonyms].sort(),
          [...this.#domain].sort(),
          [...this.#broader].sort(),
        ]),
      )
      .digest('hex')
      .slice(0, 16);
  }

  #addDomain(term: string): void {
    const w = normalizeText(term);
    if (w && !w.includes(' ')) this.#domain.add(w);
  }

  skillName(canonical: string): string {
    return this.#lexicon.canonicalSkill(canonical) ?? canonical;
  }

  canonical(name: string): string {
    const key = normalizeTerm(name);
    const known = this.#synonyms.get(key);
    if (known !== undefined) return known;
    // 熟练掌握PLC编程 / PLC编程能力: the skill it names, when the lexicon knows it by its spelling.
    const skill = this.#lexicon.resolveSkill(name);
    return skill ? normalizeTerm(skill.name) : key;
  }

  certificate(name: string): ResolvedCertificateName {
    // Kept: a document resolves each certificate twice (its keyword keys and its words), the same
    // few hundred spellings recur across a city's students, and a resolution may walk the whole
    // lexicon (level words, stems, the fuzzy fallback). The lexicon never changes.
    let resolved = this.#certificates.get(name);
    if (resolved) return resolved;
    const found = this.#lexicon.resolveCertificate(name, { fuzzy: true });
    if (!found) resolved = { canonical: this.canonical(name), confidence: 0 };
    else {
      const canonical = normalizeTerm(found.name);
      const confidence = found.confidence ?? 1;
      resolved = found.level ? { canonical, level: found.level, confidence } : { canonical, confidence };
    }
    if (this.#certificates.size >= CERTIFICATE_CACHE_MAX) this.#certificates.clear();
    this.#certificates.set(name, resolved);
    return resolved;
  }

  readonly #certificates = new Map<string, ResolvedCertificateName>();

  certificateTokens(tokens: readonly string[], resolved: readonly string[], keep: readonly string[] = []): string[] {
    const words = resolved.map((c) => this.analyze(c));
    const own = new Set<string>(words.flat());
    for (const c of keep) for (const t of this.analyze(c)) own.add(t);
    this.#genericCertificateParts ??= this.#sharedParts();
    // Out: the words of another certificate, and the parts most certificates share (作业 of
    // every 特种作业 licence) where they come from a certificate's name.
    const drop = new Set<string>();
    for (const t of tokens) {
      if (this.#kinds.get(t) !== 'certificate') continue;
      const other = !own.has(t);
      for (const p of this.analyze(t)) if ((p !== t && this.#genericCertificateParts.has(p)) || (other && !own.has(p))) drop.add(p);
    }
    const out = drop.size ? tokens.filter((t) => !drop.has(t)) : [...tokens];
    const present = new Set(out);
    for (const list of words) {
      for (const t of list) {
        if (present.has(t) || this.#genericCertificateParts.has(t)) continue;
        out.push(t);
        present.add(t);
      }
    }
    return out;
  }

  #genericCertificateParts: ReadonlySet<string> | undefined;

  /** The words in the names of more than GENERIC_CERTIFICATE_PART certificates. */
  #sharedParts(): ReadonlySet<string> {
    const counts = new Map<string, number>();
    for (const c of this.#lexicon.certificates) for (const t of new Set(this.analyze(c.name))) counts.set(t, (counts.get(t) ?? 0) + 1);
    return new Set([...counts].filter(([, n]) => n > GENERIC_CERTIFICATE_PART).map(([t]) => t));
  }

  broader(canonical: string): readonly string[] {
    return this.#broader.get(canonical) ?? [];
  }

  termKind(token: string): TermKind | undefined {
    return this.#kinds.get(token);
  }

  dictionaryWords(text: string): string[] {
    return this.#base.cut(text, false);
  }

  analyze(text: string): string[] {
    const norm = normalizeText(text);
    if (!norm) return [];
    const out: string[] = [];
    for (const raw of this.#jieba.cut(norm, true)) {
      const tok = raw.trim();
      if (!tok || PUNCT_OR_SPACE.test(tok) || this.#stop.has(tok)) continue;
      const canonical = this.#synonyms.get(tok) ?? tok;
      out.push(canonical);
      if (this.#domain.has(tok) || canonical !== tok) for (const extra of this.#expansion(canonical)) out.push(extra);
    }
    return out;
  }

  /** The parts and broader skills a domain token also emits (memoized: the vocabulary is small). */
  #expansion(canonical: string): readonly string[] {
    let extra = this.#expansionCache.get(canonical);
    if (!extra) {
      const parts =
        [...canonical].length >= COMPOUND_MIN_CHARS
          ? this.#base
              .cut(canonical, false)
              .map((p) => p.trim())
              .filter((p) => p !== canonical && [...p].length >= 2 && !PUNCT_OR_SPACE.test(p) && !this.#stop.has(p))
          : [];
      extra = [...parts, ...this.broader(canonical)];
      this.#expansionCache.set(canonical, extra);
    }
    return extra;
  }
}

/**
 * A new analyzer. Building one loads jieba's dictionary (about 0.5 s), so a process builds it
 * once and passes it down; both backends and the engine must use the same instance's rules.
 */
export function createAnalyzer(opts: AnalyzerOptions = {}): Analyzer {
  return new JiebaAnalyzer(opts);
}

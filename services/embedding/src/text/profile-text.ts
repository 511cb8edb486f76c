import {
  CERTIFICATE_LEVEL_LABELS,
  LEVEL_LABELS,
  POST_KIND_LABELS,
  majorCatalog,
  type CertificateLevel,
  type Enterprise,
  type InternshipMode,
  type Post,
  type SkillLevel,
  type StudentProfile,
} from '@chanjiao/domain';
import { TEXT_TOKEN_BUDGET, composeSections, normalizeText, truncateToTokens } from './normalize.js';

/*
 * The texts the model embeds for each record type. Each is built from the record's fields in
 * order of importance (what the record is, then what it can or needs, then free text), so the
 * cut to the model's 512 tokens only ever shortens the free text at the end. Fields that are
 * filters rather than meaning (ids, cities, dates, seats, salary) stay out: the engine filters
 * and scores them exactly, and here they would only pull unrelated profiles together.
 */

const SKILL_LEVEL_LABELS: Readonly<Record<SkillLevel, string>> = { basic: '了解', intermediate: '熟练', advanced: '精通' };
const INTERNSHIP_MODE_LABELS: Readonly<Record<InternshipMode, string>> = { shadow: '跟岗实习', on_post: '顶岗实习' };

export interface ProfileTextOptions {
  /**
   * Most model tokens of the text (EMBEDDING_PROFILE_TOKENS; default and most: the model's 510).
   * The sections are in order of importance, so a smaller budget cuts the free text first.
   */
  readonly tokens?: number | undefined;
}

/** At most this many names per list: a post accepting 200 majors must not crowd out its description. */
const MAX_LIST_ITEMS = 24;

function list(items: readonly string[]): string {
  return [...new Set(items)].slice(0, MAX_LIST_ITEMS).join('、');
}

function labelled(label: string, items: readonly string[]): string | undefined {
  return items.length > 0 ? `${label}：${list(items)}。` : undefined;
}

function certificate(name: string, level: CertificateLevel | undefined, suffix = ''): string {
  return level ? `${name}（${CERTIFICATE_LEVEL_LABELS[level]}${suffix}）` : name;
}

/** `电气自动化技术专业（自动化类，装备制造大类，高职专科）`: the major with its 类 and 大类 names. */
function majorPhrase(code: string, levelLabel?: string): string | undefined {
  const { major, class: cls, category } = majorCatalog().lineage(code);
  if (!major) return undefined;
  const context = [cls?.name, category?.name, levelLabel].filter((s): s is string => Boolean(s));
  return context.length > 0 ? `${major.name}专业（${context.join('，')}）` : `${major.name}专业`;
}

/** The catalog name of an accepted code or prefix: a 专业, a 类 or a 大类. */
function acceptedMajorName(code: string): string | undefined {
  return majorCatalog().get(code)?.name;
}

/**
 * A student's profile as the model reads it: major (with its 类 and 大类), skills with levels,
 * certificates with levels, the kinds of post and industries wanted, then the self-introduction,
 * which is cut first when the whole is longer than the model's limit. Personal data is not a
 * field of {@link StudentProfile}, so it can never reach the model or the vector cache.
 */
export function studentText(profile: StudentProfile, opts: ProfileTextOptions = {}): string {
  const major = majorPhrase(profile.majorCode, LEVEL_LABELS[profile.level]);
  const prefs = profile.preferences;
  return composeSections([
    major ? `${major}。` : undefined,
    labelled(
      '技能',
      profile.skills.map((s) => (s.level ? `${s.name}（${SKILL_LEVEL_LABELS[s.level]}）` : s.name)),
    ),
    labelled(
      '证书',
      profile.certificates.map((c) => certificate(c.name, c.level)),
    ),
    labelled(
      '意向',
      prefs.postKinds.map((k) => POST_KIND_LABELS[k]),
    ),
    labelled('意向行业', prefs.industries),
    profile.selfIntroduction ? `自我介绍：${profile.selfIntroduction}` : undefined,
  ], opts.tokens);
}

/**
 * A post as the model reads it: title and kind, the enterprise's industry and name, required
 * skills, accepted majors (catalog names of the codes and prefixes), certificates, preferred
 * skills, training mode, then the description, which is cut first.
 */
export function postText(post: Post, enterprise?: Enterprise, opts: ProfileTextOptions = {}): string {
  const kind = post.internshipMode ? INTERNSHIP_MODE_LABELS[post.internshipMode] : POST_KIND_LABELS[post.kind];
  const majors = post.acceptedMajorCodes.map(acceptedMajorName).filter((n): n is string => n !== undefined);
  const certificates = [...post.requiredCertificates, ...post.preferredCertificates].map((c) =>
    certificate(c.name, c.minLevel, '及以上'),
  );
  return composeSections([
    `${post.title}（${kind}）。`,
    enterprise ? `企业：${enterprise.name}，行业：${enterprise.industry}。` : undefined,
    labelled('技能要求', post.requiredSkills),
    labelled('专业', majors),
    labelled('证书', certificates),
    labelled('优先技能', post.preferredSkills),
    post.trainingMode ? `培养模式：${post.trainingMode}。` : undefined,
    post.description ? `岗位描述：${post.description}` : undefined,
  ], opts.tokens);
}

/**
 * Free text from a search box or another service, as the model reads it. No instruction prefix:
 * bge's retrieval prefix measured worse for student↔post matching, where both sides are profiles.
 */
export function queryText(text: string): string {
  return truncateToTokens(normalizeText(text), TEXT_TOKEN_BUDGET);
}

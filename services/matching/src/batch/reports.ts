import { fieldCode, majorCatalog, POST_KIND_LABELS, type Post, type StudentProfile } from '@chanjiao/domain';
import { yieldToLoop } from './candidates.js';
import type { ReportTable } from './csv.js';
import { INTERVIEW_PRIORITY_BASE, type MatchScorer } from './scorer.js';
import type { TermIndex } from './term-index.js';
import { CLASS_KINDS, type Assignment, type BatchHooks, type BatchOutcome } from './term-match.js';

/** The joint meeting office's reports. Each is a table, published as JSON and as CSV. */
export const REPORT_NAMES = [
  'summary',
  'assignments',
  'supply',
  'demand',
  'fill-posts',
  'fill-classes',
  'fill-parks',
  'unmatched',
  'shortage-majors',
  'local',
  'subsidy',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface Report extends ReportTable {
  readonly name: ReportName;
  readonly title: string;
  /** How to read the numbers (attribution rules, what is left out). */
  readonly notes: readonly string[];
}

/**
 * The subsidy rates of the policy table in docs/domain.md (郴州 #21–#24), in yuan. They are
 * configuration (BATCH_SUBSIDY_* variables), never constants in code.
 */
export interface SubsidyRates {
  readonly orderClassPerYear: number;
  readonly shadowInternship: number;
  readonly onPostInternshipPerMonth: number;
  readonly localGraduateSchool: number;
  readonly localGraduateStudentYear1: number;
  readonly localGraduateStudentYear2: number;
}

/** How many closest missed posts the unmatched report lists per student. */
const CLOSEST_MISSED = 3;

const col = (key: string, header: string) => ({ key, header });
const rate = (filled: number, seats: number) => (seats === 0 ? 0 : Math.round((filled / seats) * 10_000) / 10_000);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const byText = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** A readable priority: the interview result, or the match score. */
function priorityText(priority: number): string {
  return priority >= INTERVIEW_PRIORITY_BASE ? `面试 ${round4(priority - INTERVIEW_PRIORITY_BASE)} interview` : String(round4(priority));
}

/** The name of a level-free field key (`06`, `06-03`), from whichever level's catalog has it. */
function fieldName(key: string): string {
  const catalog = majorCatalog();
  const category = Number(key.slice(0, 2));
  const rest = key.slice(3);
  for (const base of [41, 61, 21]) {
    const e = catalog.get(`${category - 1 + base}${rest}`);
    if (e) return e.name;
  }
  return key;
}

/** Every report of one run. CPU-bound parts yield to the event loop (the job runs in-process). */
export async function buildReports(
  outcome: BatchOutcome,
  index: TermIndex,
  scorer: MatchScorer,
  rates: SubsidyRates,
  hooks: BatchHooks = {},
): Promise<Record<ReportName, Report>> {
  const { students, posts, schools, enterprises } = index.inputs;
  const catalog = majorCatalog();
  const termYear = Number(outcome.term.slice(0, 4));
  const studentOf = (id: string) => students[index.studentIndex.get(id)!]!;
  const postOf = (id: string) => posts[index.postIndex.get(id)!]!;
  const majorName = (code: string) => catalog.get(code)?.name ?? code;
  const enterpriseName = (post: Post) => enterprises.get(post.enterpriseId)?.name ?? post.enterpriseId;
  const schoolCity = (student: StudentProfile) => schools.get(student.schoolId)?.city;
  const isLocal = (a: Assignment) => schoolCity(studentOf(a.studentId)) === postOf(a.postId).city;
  const cancelled = new Map(outcome.cancelled.map((c) => [c.postId, c]));
  const filledBy = new Map<string, { round1: number; round2: number; bySchool: Map<string, number> }>();
  for (const a of outcome.assignments) {
    const f = filledBy.get(a.postId) ?? { round1: 0, round2: 0, bySchool: new Map<string, number>() };
    if (a.round === 1) f.round1++;
    else f.round2++;
    const school = studentOf(a.studentId).schoolId;
    f.bySchool.set(school, (f.bySchool.get(school) ?? 0) + 1);
    filledBy.set(a.postId, f);
  }
  const filled = (postId: string) => (filledBy.get(postId)?.round1 ?? 0) + (filledBy.get(postId)?.round2 ?? 0);
  const matchedIds = new Set(outcome.assignments.map((a) => a.studentId));
  const report = (name: ReportName, title: string, columns: Report['columns'], rows: Report['rows'], notes: string[] = []): Report => ({
    name,
    title,
    columns,
    rows,
    notes,
  });
  const tick = async (phaseDone: number) => {
    hooks.onProgress?.('reports', phaseDone, REPORT_NAMES.length);
    await yieldToLoop();
    hooks.signal?.throwIfAborted();
  };

  // Assignments, with each match's explanation from the engine.
  const assignmentRows = [];
  for (const [k, a] of outcome.assignments.entries()) {
    const student = studentOf(a.studentId);
    const post = postOf(a.postId);
    const ctx = index.context(index.studentIndex.get(a.studentId)!, index.postIndex.get(a.postId)!);
    const why = scorer.explain(student, post, ctx);
    const interview = a.interview ? (a.interview.passed ? `通过 passed${a.interview.score !== undefined ? ` ${a.interview.score}` : ''}` : '未通过 failed') : '';
    assignmentRows.push({
      studentId: student.id,
      schoolId: student.schoolId,
      schoolName: schools.get(student.schoolId)?.name ?? student.schoolId,
      majorCode: student.majorCode,
      majorName: majorName(student.majorCode),
      postId: post.id,
      postTitle: post.title,
      kind: POST_KIND_LABELS[post.kind],
      enterpriseName: enterpriseName(post),
      park: post.park ?? '',
      city: post.city,
      round: a.round,
      choice: a.choice,
      score: round4(a.score),
      source: a.source === 'application' ? '本人志愿 application' : '系统推荐 derived',
      interview,
      explanation: `${a.round === 2 ? '补录 second round；' : ''}第 ${a.choice} 志愿（共 ${a.listLength}）choice ${a.choice} of ${a.listLength}；${why.summary}${interview ? `；面试 ${interview}` : ''}`,
    });
    if (k % 5000 === 4999) await tick(1);
  }
  const assignments = report(
    'assignments',
    '匹配结果 Assignments',
    [
      col('studentId', '学生编号 student'),
      col('schoolId', '院校编号 school id'),
      col('schoolName', '院校 school'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('postId', '岗位编号 post id'),
      col('postTitle', '岗位 post'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('park', '园区 park'),
      col('city', '城市 city'),
      col('round', '轮次 round'),
      col('choice', '志愿序号 choice'),
      col('score', '匹配分 score'),
      col('source', '志愿来源 list source'),
      col('interview', '面试 interview'),
      col('explanation', '匹配说明 explanation'),
    ],
    assignmentRows,
  );
  await tick(2);

  // Supply: seeking students per school × major.
  const supplyMap = new Map<string, { student: StudentProfile; students: number; graduates: number; matched: number }>();
  for (const s of students) {
    const key = `${s.schoolId}\u0000${s.majorCode}`;
    const row = supplyMap.get(key) ?? { student: s, students: 0, graduates: 0, matched: 0 };
    row.students++;
    if (s.graduationYear === termYear) row.graduates++;
    if (matchedIds.has(s.id)) row.matched++;
    supplyMap.set(key, row);
  }
  const supply = report(
    'supply',
    '供给：院校 × 专业 Supply per school × major',
    [
      col('schoolId', '院校编号 school id'),
      col('schoolName', '院校 school'),
      col('city', '城市 city'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('level', '层次 level'),
      col('students', '求职/实习学生 seeking students'),
      col('graduates', `${termYear} 届毕业生 graduates`),
      col('matched', '已匹配 matched'),
      col('unmatched', '未匹配 unmatched'),
    ],
    [...supplyMap.values()]
      .sort(byText((r) => `${r.student.schoolId}\u0000${r.student.majorCode}`))
      .map((r) => ({
        schoolId: r.student.schoolId,
        schoolName: schools.get(r.student.schoolId)?.name ?? r.student.schoolId,
        city: schools.get(r.student.schoolId)?.city ?? '',
        majorCode: r.student.majorCode,
        majorName: majorName(r.student.majorCode),
        level: r.student.level,
        students: r.students,
        graduates: r.graduates,
        matched: r.matched,
        unmatched: r.students - r.matched,
      })),
  );

  // Demand: seats per park × enterprise × accepted major.
  const demandMap = new Map<string, { park: string; post: Post; code: string; posts: number; seats: number; filled: number }>();
  for (const post of posts) {
    for (const code of post.acceptedMajorCodes.length ? post.acceptedMajorCodes : ['*']) {
      const key = `${post.park ?? ''}\u0000${post.enterpriseId}\u0000${code}`;
      const row = demandMap.get(key) ?? { park: post.park ?? '', post, code, posts: 0, seats: 0, filled: 0 };
      row.posts++;
      row.seats += post.seats;
      row.filled += filled(post.id);
      demandMap.set(key, row);
    }
  }
  const demand = report(
    'demand',
    '需求：园区 × 企业 × 专业 Demand per park × enterprise × major',
    [
      col('park', '园区 park'),
      col('enterpriseId', '企业编号 enterprise id'),
      col('enterpriseName', '企业 enterprise'),
      col('majorCode', '专业（代码或大类/类）major code or prefix'),
      col('majorName', '专业名称 major'),
      col('posts', '岗位数 posts'),
      col('seats', '需求人数 seats'),
      col('filled', '已匹配 filled'),
    ],
    [...demandMap.values()]
      .sort(byText((r) => `${r.park}\u0000${r.post.enterpriseId}\u0000${r.code}`))
      .map((r) => ({
        park: r.park,
        enterpriseId: r.post.enterpriseId,
        enterpriseName: enterpriseName(r.post),
        majorCode: r.code,
        majorName: r.code === '*' ? '不限专业 any major' : majorName(r.code),
        posts: r.posts,
        seats: r.seats,
        filled: r.filled,
      })),
    [
      '一个岗位接受多个专业时，其名额计入每个专业 / a post that accepts several majors counts its seats under each.',
      '联合订单班计入牵头企业 / a joint order class counts under its lead enterprise.',
    ],
  );
  await tick(4);

  // Fill rates: per post, per class, per park.
  const waiting = new Map(outcome.waitingLists.map((w) => [w.postId, w.students.length]));
  const statusOf = (post: Post) =>
    cancelled.has(post.id) ? '已取消 cancelled' : filled(post.id) >= post.seats ? '已满 full' : filled(post.id) === 0 ? '空缺 empty' : '未满 partial';
  const fillPosts = report(
    'fill-posts',
    '岗位填充率 Fill rate per post',
    [
      col('postId', '岗位编号 post id'),
      col('postTitle', '岗位 post'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('park', '园区 park'),
      col('city', '城市 city'),
      col('seats', '名额 seats'),
      col('filledRound1', '首轮 round 1'),
      col('filledRound2', '补录 round 2'),
      col('filled', '合计 filled'),
      col('fillRate', '填充率 fill rate'),
      col('status', '状态 status'),
      col('cutoff', '首轮录取线 round-1 cutoff'),
      col('waiting', '候补人数 waiting list'),
    ],
    [...posts].sort(byText((p) => p.id)).map((post) => ({
      postId: post.id,
      postTitle: post.title,
      kind: POST_KIND_LABELS[post.kind],
      enterpriseName: enterpriseName(post),
      park: post.park ?? '',
      city: post.city,
      seats: post.seats,
      filledRound1: filledBy.get(post.id)?.round1 ?? 0,
      filledRound2: filledBy.get(post.id)?.round2 ?? 0,
      filled: filled(post.id),
      fillRate: rate(filled(post.id), post.seats),
      status: statusOf(post),
      cutoff: outcome.cutoffs[post.id] === undefined ? '' : priorityText(outcome.cutoffs[post.id]!),
      waiting: waiting.get(post.id) ?? 0,
    })),
  );
  const rules = new Map(outcome.options.classes.map((r) => [r.postId, r]));
  const fillClasses = report(
    'fill-classes',
    '班级填充率（订单班、学徒制、项目班）Fill rate per class',
    [
      col('postId', '班级编号 class id'),
      col('postTitle', '班级 class'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('seats', '名额 seats'),
      col('minSize', '最低开班人数 minimum size'),
      col('filled', '已匹配 filled'),
      col('fillRate', '填充率 fill rate'),
      col('status', '状态 status'),
      col('bySchool', '各校人数（配额）per school (quota)'),
      col('reason', '说明 reason'),
    ],
    posts
      .filter((p) => CLASS_KINDS.has(p.kind))
      .sort(byText((p) => p.id))
      .map((post) => {
        const rule = rules.get(post.id);
        const quotas = rule?.schoolQuotas ?? {};
        const schoolsHere = new Set([...(filledBy.get(post.id)?.bySchool.keys() ?? []), ...Object.keys(quotas)]);
        return {
          postId: post.id,
          postTitle: post.title,
          kind: POST_KIND_LABELS[post.kind],
          enterpriseName: enterpriseName(post),
          seats: post.seats,
          minSize: rule?.minSize ?? outcome.options.minClassSize,
          filled: filled(post.id),
          fillRate: rate(filled(post.id), post.seats),
          status: statusOf(post),
          bySchool: [...schoolsHere]
            .sort()
            .map((id) => `${schools.get(id)?.name ?? id} ${filledBy.get(post.id)?.bySchool.get(id) ?? 0}${quotas[id] ? `（${quotas[id]}）` : ''}`)
            .join('；'),
          reason: cancelled.get(post.id)?.reason ?? '',
        };
      }),
  );
  const parkMap = new Map<string, { park: string; city: string; posts: number; seats: number; filled: number; cancelled: number }>();
  for (const post of posts) {
    const key = `${post.city}\u0000${post.park ?? ''}`;
    const row = parkMap.get(key) ?? { park: post.park ?? '', city: post.city, posts: 0, seats: 0, filled: 0, cancelled: 0 };
    row.posts++;
    row.seats += post.seats;
    row.filled += filled(post.id);
    if (cancelled.has(post.id)) row.cancelled++;
    parkMap.set(key, row);
  }
  const fillParks = report(
    'fill-parks',
    '园区填充率 Fill rate per park',
    [
      col('city', '城市 city'),
      col('park', '园区 park'),
      col('posts', '岗位数 posts'),
      col('seats', '名额 seats'),
      col('filled', '已匹配 filled'),
      col('fillRate', '填充率 fill rate'),
      col('cancelled', '取消班级 cancelled classes'),
    ],
    [...parkMap.values()].sort(byText((r) => `${r.city}\u0000${r.park}`)).map((r) => ({ ...r, fillRate: rate(r.filled, r.seats) })),
    ['没有园区的岗位计入“园区”为空的一行 / posts outside any park are counted in the row with an empty park.'],
  );
  await tick(7);

  const unmatched = report(
    'unmatched',
    '未匹配学生及最接近的岗位 Unmatched students and the closest posts they missed',
    [
      col('studentId', '学生编号 student'),
      col('schoolName', '院校 school'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('listSource', '志愿来源 list source'),
      col('listLength', '志愿数 list length'),
      ...Array.from({ length: CLOSEST_MISSED }, (_, k) => [
        col(`post${k + 1}`, `最接近岗位${k + 1} closest post ${k + 1}`),
        col(`reason${k + 1}`, `原因${k + 1} reason ${k + 1}`),
      ]).flat(),
    ],
    await unmatchedRows(outcome, index, scorer, hooks),
  );
  await tick(8);

  // Shortage majors: demand and supply per level-free field (类, or 大类 for posts that accept one).
  const fieldRows = new Map<string, { demand: number; filled: number; supply: number; unmatched: number }>();
  const field = (key: string) => {
    let row = fieldRows.get(key);
    if (!row) fieldRows.set(key, (row = { demand: 0, filled: 0, supply: 0, unmatched: 0 }));
    return row;
  };
  for (const post of posts) {
    if (cancelled.has(post.id)) continue;
    const keys = new Set(
      post.acceptedMajorCodes.map((c) => fieldCode(c)).filter((f): f is string => f !== null).map((f) => (f.length <= 3 ? f.slice(0, 2) : f.slice(0, 5))),
    );
    for (const key of keys) {
      field(key).demand += post.seats;
      field(key).filled += filled(post.id);
    }
  }
  for (const s of students) {
    const f = fieldCode(s.majorCode);
    if (!f) continue;
    for (const key of [f.slice(0, 2), f.slice(0, 5)]) {
      if (!fieldRows.has(key)) continue;
      field(key).supply++;
      if (!matchedIds.has(s.id)) field(key).unmatched++;
    }
  }
  const shortage = report(
    'shortage-majors',
    '紧缺专业 Shortage majors',
    [
      col('field', '专业类/大类（跨层次）field'),
      col('fieldName', '名称 name'),
      col('demandSeats', '需求名额 seats'),
      col('filledSeats', '已匹配 filled'),
      col('unfilledSeats', '空缺名额 unfilled'),
      col('supplyStudents', '本专业类学生 students'),
      col('unmatchedStudents', '其中未匹配 unmatched'),
      col('gap', '缺口（需求−供给）gap'),
      col('shortage', '紧缺 shortage'),
    ],
    [...fieldRows.entries()]
      .map(([key, r]) => ({
        field: key,
        fieldName: fieldName(key),
        demandSeats: r.demand,
        filledSeats: r.filled,
        unfilledSeats: r.demand - r.filled,
        supplyStudents: r.supply,
        unmatchedStudents: r.unmatched,
        gap: r.demand - r.supply,
        shortage: r.demand > r.supply && r.demand > r.filled ? '是 yes' : '否 no',
      }))
      .sort((a, b) => b.gap - a.gap || (a.field < b.field ? -1 : 1)),
    [
      '紧缺：需求名额多于该专业类学生数，且有名额空缺 / shortage: more seats than students of that field, and seats left unfilled.',
      '专业按跨层次的专业类比较（中职 6603 = 高职 4603 = 本科 2603）/ fields are compared across levels.',
      '不限专业的岗位不计入 / posts open to any major are not counted; a post accepting several fields counts under each.',
    ],
  );

  // Local placements: school and post in the same city (local retention, 金湾 ≥ 300 a year).
  const localMap = new Map<string, { placed: number; local: number; localGraduates: number }>();
  let localTotal = 0;
  let localGraduatesTotal = 0;
  for (const a of outcome.assignments) {
    const post = postOf(a.postId);
    const row = localMap.get(post.city) ?? { placed: 0, local: 0, localGraduates: 0 };
    row.placed++;
    if (isLocal(a)) {
      row.local++;
      localTotal++;
      if (studentOf(a.studentId).graduationYear === termYear) {
        row.localGraduates++;
        localGraduatesTotal++;
      }
    }
    localMap.set(post.city, row);
  }
  const local = report(
    'local',
    '本地就业与实习 Students placed locally',
    [
      col('city', '城市 city'),
      col('placed', '在该市匹配 placed in the city'),
      col('local', '其中本地院校学生 from local schools'),
      col('localGraduates', `其中 ${termYear} 届毕业生 graduates`),
      col('localShare', '本地占比 local share'),
    ],
    [
      ...[...localMap.entries()].sort(byText(([c]) => c)).map(([city, r]) => ({ city, ...r, localShare: rate(r.local, r.placed) })),
      {
        city: '合计 total',
        placed: outcome.assignments.length,
        local: localTotal,
        localGraduates: localGraduatesTotal,
        localShare: rate(localTotal, outcome.assignments.length),
      },
    ],
    ['本地：学生所在院校与岗位在同一城市 / local: the student’s school and the post are in the same city.'],
  );

  const subsidy = report(
    'subsidy',
    '补贴测算 Subsidy estimate',
    [
      col('rule', '补贴项目 rule'),
      col('basis', '依据 basis'),
      col('rate', '标准（元）rate (yuan)'),
      col('unit', '单位 unit'),
      col('students', '人数 students'),
      col('amount', '金额（元）amount (yuan)'),
    ],
    subsidyRows(outcome.assignments, postOf, studentOf, isLocal, termYear, rates),
    [
      '费率来自配置 BATCH_SUBSIDY_* / rates come from the BATCH_SUBSIDY_* configuration.',
      '订单班按岗位培养期折算年数（不足一年按一年），无期限按一年 / order classes: years of the post’s duration, rounded up, 1 when unknown.',
      '实习无期限时按政策最短期限计（跟岗 3 个月、顶岗 6 个月）/ internships without a duration count at the policy minimum.',
      '职业资格证书补贴与赋能机构补贴不属于批量匹配，未计入 / certificate and training-provider subsidies are not batch placements and are not estimated here.',
    ],
  );
  const subsidyTotal = subsidy.rows.reduce((a, r) => a + (typeof r.amount === 'number' && r.rule !== '合计 total' ? r.amount : 0), 0);
  await tick(10);

  const c = outcome.counts;
  const seatsOpen = posts.filter((p) => !cancelled.has(p.id)).reduce((a, p) => a + p.seats, 0);
  const summaryRows: Array<[string, string | number]> = [
    ['学期 term', outcome.term],
    ['抽签种子 lottery seed', outcome.options.seed],
    ['学生 students', c.students],
    ['岗位 posts', c.posts],
    ['名额 seats', c.seats],
    ['已匹配 matched', c.matched],
    ['首轮 matched in round 1', c.matchedRound1],
    ['补录 matched in round 2', c.matchedRound2],
    ['未匹配 unmatched', c.unmatched],
    ['匹配率 match rate', rate(c.matched, c.students)],
    ['名额填充率（不含取消班级）fill rate of seats not cancelled', rate(c.matched, seatsOpen)],
    ['本人志愿学生 students with their own application', c.fromApplications],
    ['取消班级 cancelled classes', c.cancelledClasses],
    ['本地匹配 placed locally', localTotal],
    ['补贴测算合计（元）subsidy estimate (yuan)', subsidyTotal],
    ['首轮阻塞对 blocking pairs, round 1', outcome.stability.round1.blockingPairs],
    ['首轮超额 capacity violations, round 1', outcome.stability.round1.capacityViolations],
    ['补录阻塞对 blocking pairs, round 2', outcome.stability.round2?.blockingPairs ?? 0],
    ['补录超额 capacity violations, round 2', outcome.stability.round2?.capacityViolations ?? 0],
  ];
  const summary = report(
    'summary',
    '总览 Summary',
    [col('item', '项目 item'), col('value', '数值 value')],
    summaryRows.map(([item, value]) => ({ item, value })),
  );
  hooks.onProgress?.('reports', REPORT_NAMES.length, REPORT_NAMES.length);

  return {
    summary,
    assignments,
    supply,
    demand,
    'fill-posts': fillPosts,
    'fill-classes': fillClasses,
    'fill-parks': fillParks,
    unmatched,
    'shortage-majors': shortage,
    local,
    subsidy,
  };
}

/** The policy table applied to the placements (docs/domain.md, 郴州 #21–#24). */
function subsidyRows(
  assignments: readonly Assignment[],
  postOf: (id: string) => Post,
  studentOf: (id: string) => StudentProfile,
  isLocal: (a: Assignment) => boolean,
  termYear: number,
  rates: SubsidyRates,
): Report['rows'] {
  let orderStudents = 0;
  let orderYears = 0;
  let shadow = 0;
  let onPost = 0;
  let onPostMonths = 0;
  let localGraduates = 0;
  for (const a of assignments) {
    const post = postOf(a.postId);
    if (post.kind === 'order_class') {
      orderStudents++;
      orderYears += post.durationMonths ? Math.ceil(post.durationMonths / 12) : 1;
    } else if (post.kind === 'internship' && post.internshipMode === 'shadow') {
      if ((post.durationMonths ?? 3) >= 3) shadow++;
    } else if (post.kind === 'internship' && post.internshipMode === 'on_post') {
      const months = post.durationMonths ?? 6;
      if (months >= 6) {
        onPost++;
        onPostMonths += months;
      }
    } else if (post.kind === 'job' && post.park && isLocal(a) && studentOf(a.studentId).graduationYear <= termYear) {
      localGraduates++;
    }
  }
  const rows = [
    { rule: '定向培养（订单班）order class', basis: '郴州 #21', rate: rates.orderClassPerYear, unit: '元/人/年 per student per year', students: orderStudents, amount: orderYears * rates.orderClassPerYear },
    { rule: '跟岗实习 ≥ 3 个月 shadow internship', basis: '郴州 #22', rate: rates.shadowInternship, unit: '元/人（一次性）per student, once', students: shadow, amount: shadow * rates.shadowInternship },
    { rule: '顶岗实习 ≥ 6 个月 on-post internship', basis: '郴州 #22', rate: rates.onPostInternshipPerMonth, unit: '元/人/月 per student per month', students: onPost, amount: onPostMonths * rates.onPostInternshipPerMonth },
    { rule: '应届毕业生本地园区就业（学校）local graduate, to the school', basis: '郴州 #23', rate: rates.localGraduateSchool, unit: '元/人 per student', students: localGraduates, amount: localGraduates * rates.localGraduateSchool },
    { rule: '应届毕业生本地园区就业（学生第一年）local graduate, year 1', basis: '郴州 #23', rate: rates.localGraduateStudentYear1, unit: '元/人 per student', students: localGraduates, amount: localGraduates * rates.localGraduateStudentYear1 },
    { rule: '应届毕业生本地园区就业（学生第二年）local graduate, year 2', basis: '郴州 #23', rate: rates.localGraduateStudentYear2, unit: '元/人 per student', students: localGraduates, amount: localGraduates * rates.localGraduateStudentYear2 },
  ];
  return [...rows, { rule: '合计 total', basis: '', rate: null, unit: '', students: null, amount: rows.reduce((a, r) => a + r.amount, 0) }];
}

/**
 * For each unmatched student, the closest posts it missed (highest match score first) and why:
 * turned away at a full post (with the post's cutoff), a cancelled class, an application that was
 * not eligible or whose interview failed. A student whose lists hold fewer than the posts to show
 * also gets the nearest other posts of its field and graduation year (best retrieval score, then
 * the engine's score): a kind it did not ask for, outside its top N, full, or not eligible (the
 * engine's reason).
 */
async function unmatchedRows(outcome: BatchOutcome, index: TermIndex, scorer: MatchScorer, hooks: BatchHooks): Promise<Report['rows']> {
  const { students, posts } = index.inputs;
  const catalog = majorCatalog();
  const N = outcome.options.preferenceListLength;
  const cancelled = new Set(outcome.cancelled.map((c) => c.postId));
  const listsById = new Map(outcome.lists.map((l) => [l.studentId, l]));
  const filledCount = new Map<string, number>();
  for (const a of outcome.assignments) filledCount.set(a.postId, (filledCount.get(a.postId) ?? 0) + 1);
  const fullReason = (postId: string, score: number) => {
    const cutoff = outcome.cutoffs[postId];
    return `名额已满，录取线 ${cutoff === undefined ? '—' : priorityText(cutoff)}，本人 ${round4(score)} / full: turned away by higher-priority applicants`;
  };
  const rows: Array<Record<string, string | number | null>> = [];
  for (const [k, id] of outcome.unmatched.entries()) {
    const s = index.studentIndex.get(id)!;
    const student = students[s]!;
    const lists = listsById.get(id)!;
    const near = new Map<string, { score: number; reason: string }>();
    const scoreOf = (p: number) => scorer.score(student, posts[p]!, index.context(s, p));
    lists.posts.forEach((postId, i) => {
      const score = lists.scores[i]!;
      near.set(postId, { score, reason: cancelled.has(postId) ? '班级因人数不足取消 class cancelled (below its minimum size)' : fullReason(postId, score) });
    });
    (lists.round2Posts ?? []).forEach((postId, i) => {
      if (!near.has(postId)) near.set(postId, { score: lists.round2Scores![i]!, reason: '补录名额已满 / second round: filled by higher-priority applicants' });
    });
    for (const d of lists.dropped ?? []) {
      const p = index.postIndex.get(d.postId);
      if (p !== undefined && !near.has(d.postId)) near.set(d.postId, { score: scoreOf(p), reason: d.reason });
    }
    if (near.size < CLOSEST_MISSED) {
      // The nearest others by retrieval score (any kind), then scored and explained.
      for (const p of index.retrieve(s, 3 * CLOSEST_MISSED, (q) => !near.has(posts[q]!.id))) {
        const post = posts[p]!;
        const eligibility = scorer.isEligible(student, post, index.context(s, p));
        let reason: string;
        if (!eligibility.eligible) reason = eligibility.reason;
        else if (cancelled.has(post.id)) reason = '班级因人数不足取消 class cancelled (below its minimum size)';
        else if (student.preferences.postKinds.length > 0 && !student.preferences.postKinds.includes(post.kind)) {
          reason = '非意向岗位类型 / not a post kind the student asked for';
        } else if ((filledCount.get(post.id) ?? 0) >= post.seats) reason = '未列入志愿，且已满 / not on the student’s list, and full';
        else if (lists.source === 'application') reason = '未在本人志愿中 / not among the student’s applications';
        else reason = `不在前 ${N} 个推荐志愿内 / outside the student’s top ${N}`;
        near.set(post.id, { score: scoreOf(p), reason });
      }
    }
    const closest = [...near.entries()].sort(
      ([a, x], [b, y]) => y.score - x.score || index.postTicket[index.postIndex.get(a)!]! - index.postTicket[index.postIndex.get(b)!]!,
    );
    const row: Record<string, string | number | null> = {
      studentId: id,
      schoolName: index.inputs.schools.get(student.schoolId)?.name ?? student.schoolId,
      majorCode: student.majorCode,
      majorName: catalog.get(student.majorCode)?.name ?? student.majorCode,
      listSource: lists.source === 'application' ? '本人志愿 application' : '系统推荐 derived',
      listLength: lists.posts.length,
    };
    for (let j = 0; j < CLOSEST_MISSED; j++) {
      const m = closest[j];
      const post = m ? posts[index.postIndex.get(m[0])!]! : undefined;
      row[`post${j + 1}`] = post ? `${post.id} ${post.title}` : '';
      row[`reason${j + 1}`] = m ? m[1].reason : j === 0 ? '本学期没有岗位接受该专业和届别 / no post this term accepts this major and graduation year' : '';
    }
    rows.push(row);
    if (k % 2000 === 1999) {
      await yieldToLoop();
      hooks.signal?.throwIfAborted();
    }
  }
  return rows;
}

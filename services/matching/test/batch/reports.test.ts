import t from 'tap';
import { toCsv } from '../../src/batch/csv.js';
import { buildReports } from '../../src/batch/reports.js';
import { termBatchMatch } from '../../src/batch/term-match.js';
import {
  ELECTRICAL,
  MECHATRONICS,
  NURSING,
  RATES,
  SOFTWARE,
  enterprise,
  inputs,
  options,
  post,
  school,
  student,
  tableScorer,
} from './fixtures.js';

/**
 * Two schools (珠海, 郴州), two enterprises (one in 金湾高新区), five posts of four kinds. Outcome:
 * a1, a2 → J1; a3, a4 → C1 (a4 at its third choice, which saves C1 from its minimum of 2);
 * b1 → I1; b2 → I2; a5 (asks for jobs and internships only) and b3 (software: no post) unmatched;
 * N1 (nursing jobs) stays empty.
 */
async function scenario() {
  const PARK = '金湾高新区';
  const data = inputs({
    schools: [school('SA', '珠海'), school('SB', '郴州')],
    enterprises: [enterprise('E1', '珠海', PARK), enterprise('E2', '郴州', undefined)],
    students: [
      student('a1', 'SA', MECHATRONICS),
      student('a2', 'SA', ELECTRICAL),
      student('a3', 'SA', MECHATRONICS, { graduationYear: 2028 }),
      student('a4', 'SA', MECHATRONICS),
      student('a5', 'SA', MECHATRONICS, { preferences: { postKinds: ['job', 'internship'], cities: [], parks: [], industries: [], stayLocal: false } }),
      student('b1', 'SB', MECHATRONICS),
      student('b2', 'SB', NURSING),
      student('b3', 'SB', SOFTWARE),
    ],
    posts: [
      post('J1', 'E1', 2, { city: '珠海', park: PARK, acceptedMajorCodes: ['4603'] }),
      post('I1', 'E2', 1, { kind: 'internship', internshipMode: 'shadow', durationMonths: 3, city: '郴州', acceptedMajorCodes: ['4603'] }),
      post('I2', 'E1', 1, { kind: 'internship', internshipMode: 'on_post', durationMonths: 8, city: '珠海', park: PARK, acceptedMajorCodes: ['5202'] }),
      post('C1', 'E1', 3, { kind: 'order_class', durationMonths: 24, city: '珠海', park: PARK, acceptedMajorCodes: ['4603'] }),
      post('N1', 'E2', 3, { city: '郴州', acceptedMajorCodes: ['5202'] }),
    ],
  });
  const scorer = tableScorer({
    'a1>J1': 0.9, 'a2>J1': 0.8, 'a3>C1': 0.9, 'a4>J1': 0.7, 'a4>I1': 0.5, 'a5>J1': 0.6, 'a5>I1': 0.4,
    'b1>I1': 0.9, 'b2>I2': 0.9,
  });
  const { outcome, index } = await termBatchMatch(data, scorer, options({ minClassSize: 2 }));
  return { outcome, reports: await buildReports(outcome, index, scorer, RATES) };
}

t.test('the scenario places whom it should', async (t) => {
  const { outcome } = await scenario();
  t.same(
    outcome.assignments.map((a) => [a.studentId, a.postId, a.choice]),
    [['a1', 'J1', 1], ['a2', 'J1', 1], ['a3', 'C1', 1], ['a4', 'C1', 3], ['b1', 'I1', 1], ['b2', 'I2', 1]],
  );
  t.same(outcome.unmatched, ['a5', 'b3']);
  t.same(outcome.cancelled, []);
});

t.test('assignments carry the explanation', async (t) => {
  const { reports } = await scenario();
  t.same(reports.assignments.rows[3], {
    studentId: 'a4',
    schoolId: 'SA',
    schoolName: 'SA学院',
    majorCode: MECHATRONICS,
    majorName: '机电一体化技术',
    postId: 'C1',
    postTitle: 'C1岗位',
    kind: '订单班',
    enterpriseName: 'E1公司',
    park: '金湾高新区',
    city: '珠海',
    round: 1,
    choice: 3,
    score: 0.1,
    source: '系统推荐 derived',
    interview: '',
    explanation: '第 3 志愿（共 3）choice 3 of 3；table 0.1',
  });
});

t.test('supply per school × major, demand per park × enterprise × major', async (t) => {
  const { reports } = await scenario();
  t.same(reports.supply.rows, [
    { schoolId: 'SA', schoolName: 'SA学院', city: '珠海', majorCode: MECHATRONICS, majorName: '机电一体化技术', level: 'higher', students: 4, graduates: 3, matched: 3, unmatched: 1 },
    { schoolId: 'SA', schoolName: 'SA学院', city: '珠海', majorCode: ELECTRICAL, majorName: '电气自动化技术', level: 'higher', students: 1, graduates: 1, matched: 1, unmatched: 0 },
    { schoolId: 'SB', schoolName: 'SB学院', city: '郴州', majorCode: MECHATRONICS, majorName: '机电一体化技术', level: 'higher', students: 1, graduates: 1, matched: 1, unmatched: 0 },
    { schoolId: 'SB', schoolName: 'SB学院', city: '郴州', majorCode: SOFTWARE, majorName: '软件技术', level: 'higher', students: 1, graduates: 1, matched: 0, unmatched: 1 },
    { schoolId: 'SB', schoolName: 'SB学院', city: '郴州', majorCode: NURSING, majorName: '护理', level: 'higher', students: 1, graduates: 1, matched: 1, unmatched: 0 },
  ]);
  t.same(reports.demand.rows, [
    { park: '', enterpriseId: 'E2', enterpriseName: 'E2公司', majorCode: '4603', majorName: '自动化类', posts: 1, seats: 1, filled: 1 },
    { park: '', enterpriseId: 'E2', enterpriseName: 'E2公司', majorCode: '5202', majorName: '护理类', posts: 1, seats: 3, filled: 0 },
    { park: '金湾高新区', enterpriseId: 'E1', enterpriseName: 'E1公司', majorCode: '4603', majorName: '自动化类', posts: 2, seats: 5, filled: 4 },
    { park: '金湾高新区', enterpriseId: 'E1', enterpriseName: 'E1公司', majorCode: '5202', majorName: '护理类', posts: 1, seats: 1, filled: 1 },
  ]);
});

t.test('fill rate per post, class and park', async (t) => {
  const { reports } = await scenario();
  const row = (postId: string, title: string, kind: string, enterpriseName: string, park: string, city: string, rest: object) => ({
    postId, postTitle: title, kind, enterpriseName, park, city, ...rest,
  });
  t.same(reports['fill-posts'].rows, [
    row('C1', 'C1岗位', '订单班', 'E1公司', '金湾高新区', '珠海', { seats: 3, filledRound1: 2, filledRound2: 0, filled: 2, fillRate: 0.6667, status: '未满 partial', cutoff: '0.1', waiting: 0 }),
    row('I1', 'I1岗位', '实习岗位', 'E2公司', '', '郴州', { seats: 1, filledRound1: 1, filledRound2: 0, filled: 1, fillRate: 1, status: '已满 full', cutoff: '0.9', waiting: 2 }),
    row('I2', 'I2岗位', '实习岗位', 'E1公司', '金湾高新区', '珠海', { seats: 1, filledRound1: 1, filledRound2: 0, filled: 1, fillRate: 1, status: '已满 full', cutoff: '0.9', waiting: 0 }),
    row('J1', 'J1岗位', '就业岗位', 'E1公司', '金湾高新区', '珠海', { seats: 2, filledRound1: 2, filledRound2: 0, filled: 2, fillRate: 1, status: '已满 full', cutoff: '0.8', waiting: 2 }),
    row('N1', 'N1岗位', '就业岗位', 'E2公司', '', '郴州', { seats: 3, filledRound1: 0, filledRound2: 0, filled: 0, fillRate: 0, status: '空缺 empty', cutoff: '', waiting: 0 }),
  ]);
  t.same(reports['fill-classes'].rows, [
    {
      postId: 'C1', postTitle: 'C1岗位', kind: '订单班', enterpriseName: 'E1公司', seats: 3, minSize: 2, filled: 2, fillRate: 0.6667,
      status: '未满 partial', bySchool: 'SA学院 2', reason: '',
    },
  ]);
  t.same(reports['fill-parks'].rows, [
    { city: '珠海', park: '金湾高新区', posts: 3, seats: 6, filled: 5, fillRate: 0.8333, cancelled: 0 },
    { city: '郴州', park: '', posts: 2, seats: 4, filled: 1, fillRate: 0.25, cancelled: 0 },
  ]);
});

t.test('unmatched students with the closest posts they missed and why', async (t) => {
  const { reports } = await scenario();
  t.same(reports.unmatched.rows, [
    {
      studentId: 'a5', schoolName: 'SA学院', majorCode: MECHATRONICS, majorName: '机电一体化技术', listSource: '系统推荐 derived', listLength: 2,
      post1: 'J1 J1岗位', reason1: '名额已满，录取线 0.8，本人 0.6 / full: turned away by higher-priority applicants',
      post2: 'I1 I1岗位', reason2: '名额已满，录取线 0.9，本人 0.4 / full: turned away by higher-priority applicants',
      post3: 'C1 C1岗位', reason3: '非意向岗位类型 / not a post kind the student asked for',
    },
    {
      studentId: 'b3', schoolName: 'SB学院', majorCode: SOFTWARE, majorName: '软件技术', listSource: '系统推荐 derived', listLength: 0,
      post1: '', reason1: '本学期没有岗位接受该专业和届别 / no post this term accepts this major and graduation year',
      post2: '', reason2: '', post3: '', reason3: '',
    },
  ]);
});

t.test('shortage majors, local placements and the subsidy estimate', async (t) => {
  const { reports } = await scenario();
  t.same(reports['shortage-majors'].rows, [
    { field: '12-02', fieldName: '护理类', demandSeats: 4, filledSeats: 1, unfilledSeats: 3, supplyStudents: 1, unmatchedStudents: 0, gap: 3, shortage: '是 yes' },
    { field: '06-03', fieldName: '自动化类', demandSeats: 6, filledSeats: 5, unfilledSeats: 1, supplyStudents: 6, unmatchedStudents: 1, gap: 0, shortage: '否 no' },
  ]);
  t.same(reports.local.rows, [
    { city: '珠海', placed: 5, local: 4, localGraduates: 3, localShare: 0.8 },
    { city: '郴州', placed: 1, local: 1, localGraduates: 1, localShare: 1 },
    { city: '合计 total', placed: 6, local: 5, localGraduates: 4, localShare: 0.8333 },
  ]);
  t.same(
    reports.subsidy.rows.map((r) => [r.rule, r.students, r.amount]),
    [
      ['定向培养（订单班）order class', 2, 4000],
      ['跟岗实习 ≥ 3 个月 shadow internship', 1, 200],
      ['顶岗实习 ≥ 6 个月 on-post internship', 1, 800],
      ['应届毕业生本地园区就业（学校）local graduate, to the school', 2, 1000],
      ['应届毕业生本地园区就业（学生第一年）local graduate, year 1', 2, 2400],
      ['应届毕业生本地园区就业（学生第二年）local graduate, year 2', 2, 3600],
      ['合计 total', null, 12000],
    ],
  );
  const summary = Object.fromEntries(reports.summary.rows.map((r) => [r.item, r.value]));
  t.same(
    [summary['已匹配 matched'], summary['未匹配 unmatched'], summary['本地匹配 placed locally'], summary['补贴测算合计（元）subsidy estimate (yuan)'], summary['抽签种子 lottery seed']],
    [6, 2, 5, 12000, 'test-seed'],
  );
});

t.test('CSV: UTF-8 BOM, CRLF, quoted cells, formulas defused', async (t) => {
  const csv = toCsv({
    columns: [
      { key: 'a', header: '名称 name' },
      { key: 'b', header: 'n' },
    ],
    rows: [
      { a: '订单班, "冠名"', b: 3 },
      { a: '=HYPERLINK("x")', b: null },
      { a: '第一行\n第二行', b: -1.5 },
    ],
  });
  t.equal(csv, '\uFEFF名称 name,n\r\n"订单班, ""冠名""",3\r\n"\'=HYPERLINK(""x"")",\r\n"第一行\n第二行",-1.5\r\n');
  const { reports } = await scenario();
  t.equal(toCsv(reports['fill-parks']).split('\r\n')[1], '珠海,金湾高新区,3,6,5,0.8333,0');
});

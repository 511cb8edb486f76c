import t from 'tap';
import { toCsv } from '../../src/batch/csv.js';
import ExcelJS from 'exceljs';
import { buildReports, filterByCity, reportsWorkbook } from '../../src/batch/reports/index.js';
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
export async function scenario(overrides = RATES) {
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
  return { outcome, reports: await buildReports(outcome, index, scorer, overrides) };
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

t.test('assignments carry the explanation, Chinese labels for level and post kind, and 园区外', async (t) => {
  const { reports } = await scenario();
  t.same(reports.assignments.rows[3], {
    city: '珠海',
    studentId: 'a4',
    schoolId: 'SA',
    schoolName: 'SA学院',
    schoolCity: '珠海',
    level: '高职专科',
    majorCode: MECHATRONICS,
    majorName: '机电一体化技术',
    postId: 'C1',
    postTitle: 'C1岗位',
    kind: '订单班',
    enterpriseName: 'E1公司',
    park: '金湾高新区',
    round: '首轮',
    choice: 3,
    score: 0.1,
    source: '系统推荐 derived',
    interview: '',
    explanation: '第 3 志愿（共 3）choice 3 of 3；table 0.1',
  });
  t.same(reports.assignments.rows.map((r) => [r.studentId, r.kind, r.park]), [
    ['a1', '就业岗位', '金湾高新区'], ['a2', '就业岗位', '金湾高新区'], ['a3', '订单班', '金湾高新区'], ['a4', '订单班', '金湾高新区'],
    ['b1', '跟岗实习', '园区外'], ['b2', '顶岗实习', '金湾高新区'],
  ]);
  // Chinese headers first, on every report.
  for (const r of Object.values(reports)) for (const c of r.columns) t.match(c.header, /^[\u4e00-\u9fff（]/, `${r.name}.${c.key}`);
});

t.test('supply per school × major, demand per park × enterprise × major with the real seat count in the table', async (t) => {
  const { reports } = await scenario();
  t.same(reports.supply.rows, [
    { city: '珠海', schoolId: 'SA', schoolName: 'SA学院', majorCode: MECHATRONICS, majorName: '机电一体化技术', level: '高职专科', students: 4, graduates: 3, matched: 3, unmatched: 1 },
    { city: '珠海', schoolId: 'SA', schoolName: 'SA学院', majorCode: ELECTRICAL, majorName: '电气自动化技术', level: '高职专科', students: 1, graduates: 1, matched: 1, unmatched: 0 },
    { city: '郴州', schoolId: 'SB', schoolName: 'SB学院', majorCode: MECHATRONICS, majorName: '机电一体化技术', level: '高职专科', students: 1, graduates: 1, matched: 1, unmatched: 0 },
    { city: '郴州', schoolId: 'SB', schoolName: 'SB学院', majorCode: SOFTWARE, majorName: '软件技术', level: '高职专科', students: 1, graduates: 1, matched: 0, unmatched: 1 },
    { city: '郴州', schoolId: 'SB', schoolName: 'SB学院', majorCode: NURSING, majorName: '护理', level: '高职专科', students: 1, graduates: 1, matched: 1, unmatched: 0 },
  ]);
  const total = (city: string, posts: number, seats: number, filled: number, rowSeats: number) => ({
    city, park: '', enterpriseId: '', enterpriseName: '', majorCode: '实际合计 real total',
    majorName: `实际名额（每个岗位只计一次）；上列各专业相加为 ${rowSeats} / real seats, each post once; the rows above add up to ${rowSeats}`,
    posts, seats, cancelledSeats: 0, filled,
  });
  t.same(reports.demand.rows, [
    { city: '珠海', park: '金湾高新区', enterpriseId: 'E1', enterpriseName: 'E1公司', majorCode: '4603', majorName: '自动化类', posts: 2, seats: 5, cancelledSeats: 0, filled: 4 },
    { city: '珠海', park: '金湾高新区', enterpriseId: 'E1', enterpriseName: 'E1公司', majorCode: '5202', majorName: '护理类', posts: 1, seats: 1, cancelledSeats: 0, filled: 1 },
    total('珠海', 3, 6, 5, 6),
    { city: '郴州', park: '园区外', enterpriseId: 'E2', enterpriseName: 'E2公司', majorCode: '4603', majorName: '自动化类', posts: 1, seats: 1, cancelledSeats: 0, filled: 1 },
    { city: '郴州', park: '园区外', enterpriseId: 'E2', enterpriseName: 'E2公司', majorCode: '5202', majorName: '护理类', posts: 1, seats: 3, cancelledSeats: 0, filled: 0 },
    total('郴州', 2, 4, 1, 4),
    total('全部 all', 5, 10, 6, 10),
  ]);
});

t.test('a post accepting several majors: the demand rows add up to more than the real seats, and the CSV says so', async (t) => {
  const data = inputs({
    schools: [school('SA', '珠海')],
    students: [student('a1', 'SA', MECHATRONICS)],
    posts: [post('M', 'E1', 4, { city: '珠海', acceptedMajorCodes: ['4603', '5202', '5102'] })],
  });
  const scorer = tableScorer();
  const { outcome, index } = await termBatchMatch(data, scorer, options());
  const reports = await buildReports(outcome, index, scorer, RATES);
  t.same(reports.demand.rows.map((r) => [r.majorCode, r.seats]), [['4603', 4], ['5102', 4], ['5202', 4], ['实际合计 real total', 4], ['实际合计 real total', 4]]);
  const csv = toCsv(reports.demand).split('\r\n');
  t.match(csv.at(-2), /^全部 all,,,,实际合计 real total,"实际名额（每个岗位只计一次）；上列各专业相加为 12 [^"]*",1,4,0,1$/);
});

t.test('fill rate per post, class and park, as percentages', async (t) => {
  const { reports } = await scenario();
  const row = (postId: string, kind: string, enterpriseName: string, park: string, city: string, rest: object) => ({
    city, postId, postTitle: `${postId}岗位`, kind, enterpriseName, park, ...rest,
  });
  t.same(reports['fill-posts'].rows, [
    row('C1', '订单班', 'E1公司', '金湾高新区', '珠海', { seats: 3, cancelledSeats: 0, filledRound1: 2, filledRound2: 0, filled: 2, fillRate: '66.7%', status: '未满 partial', cutoff: '0.1', waiting: 0 }),
    row('I2', '顶岗实习', 'E1公司', '金湾高新区', '珠海', { seats: 1, cancelledSeats: 0, filledRound1: 1, filledRound2: 0, filled: 1, fillRate: '100.0%', status: '已满 full', cutoff: '0.9', waiting: 0 }),
    row('J1', '就业岗位', 'E1公司', '金湾高新区', '珠海', { seats: 2, cancelledSeats: 0, filledRound1: 2, filledRound2: 0, filled: 2, fillRate: '100.0%', status: '已满 full', cutoff: '0.8', waiting: 2 }),
    row('I1', '跟岗实习', 'E2公司', '园区外', '郴州', { seats: 1, cancelledSeats: 0, filledRound1: 1, filledRound2: 0, filled: 1, fillRate: '100.0%', status: '已满 full', cutoff: '0.9', waiting: 2 }),
    row('N1', '就业岗位', 'E2公司', '园区外', '郴州', { seats: 3, cancelledSeats: 0, filledRound1: 0, filledRound2: 0, filled: 0, fillRate: '0.0%', status: '空缺 empty', cutoff: '', waiting: 0 }),
  ]);
  t.same(reports['fill-classes'].rows, [
    {
      city: '珠海', postId: 'C1', postTitle: 'C1岗位', kind: '订单班', enterpriseName: 'E1公司', park: '金湾高新区', seats: 3, cancelledSeats: 0, minSize: 2,
      filled: 2, fillRate: '66.7%', status: '未满 partial', bySchool: 'SA学院 2', reason: '',
    },
  ]);
  t.same(reports['fill-parks'].rows, [
    { city: '珠海', park: '金湾高新区', posts: 3, seats: 6, filled: 5, fillRate: '83.3%', cancelled: 0, cancelledSeats: 0 },
    { city: '郴州', park: '园区外', posts: 2, seats: 4, filled: 1, fillRate: '25.0%', cancelled: 0, cancelledSeats: 0 },
  ]);
});

t.test('unmatched students with the closest posts they missed and why', async (t) => {
  const { reports } = await scenario();
  t.same(reports.unmatched.rows, [
    {
      city: '珠海', studentId: 'a5', schoolName: 'SA学院', level: '高职专科', majorCode: MECHATRONICS, majorName: '机电一体化技术', listSource: '系统推荐 derived', listLength: 2, emptyListReason: '',
      post1: 'J1 J1岗位', reason1: '名额已满，录取线 0.8，本人 0.6 / full: turned away by higher-priority applicants',
      post2: 'I1 I1岗位', reason2: '名额已满，录取线 0.9，本人 0.4 / full: turned away by higher-priority applicants',
      post3: 'C1 C1岗位', reason3: '非意向岗位类型 / not a post kind the student asked for',
    },
    {
      city: '郴州', studentId: 'b3', schoolName: 'SB学院', level: '高职专科', majorCode: SOFTWARE, majorName: '软件技术', listSource: '系统推荐 derived', listLength: 0, emptyListReason: '',
      post1: '', reason1: '本学期没有岗位接受该专业和届别 / no post this term accepts this major and graduation year',
      post2: '', reason2: '', post3: '', reason3: '',
    },
  ]);
});

t.test('shortage majors for all cities and per city, local placements', async (t) => {
  const { reports } = await scenario();
  const field = (city: string, f: string, name: string, d: number, filled: number, supply: number, unmatched: number, shortage: string) => ({
    city, field: f, fieldName: name, demandSeats: d, filledSeats: filled, unfilledSeats: d - filled, supplyStudents: supply, unmatchedStudents: unmatched, gap: d - supply, shortage,
  });
  t.same(reports['shortage-majors'].rows, [
    field('全部 all', '12-02', '护理类', 4, 1, 1, 0, '是 yes'),
    field('全部 all', '06-03', '自动化类', 6, 5, 6, 1, '否 no'),
    field('珠海', '12-02', '护理类', 1, 1, 0, 0, '否 no'),
    field('珠海', '06-03', '自动化类', 5, 4, 5, 1, '否 no'),
    field('郴州', '12-02', '护理类', 3, 0, 1, 0, '是 yes'),
    field('郴州', '06-03', '自动化类', 1, 1, 1, 0, '否 no'),
  ]);
  t.same(reports.local.rows, [
    { city: '珠海', placed: 5, local: 4, localGraduates: 3, localShare: '80.0%' },
    { city: '郴州', placed: 1, local: 1, localGraduates: 1, localShare: '100.0%' },
    { city: '全部 all', placed: 6, local: 5, localGraduates: 4, localShare: '83.3%' },
  ]);
});

const CHENZHOU = '郴办发〔2018〕28号《关于推进校企合作产教融合的实施意见》';

t.test('subsidies per city: each city under its own policy, “no published rate” where there is none', async (t) => {
  const { reports } = await scenario();
  t.same(
    reports.subsidy.rows.map((r) => [r.city, r.rule, r.basis, r.rate, r.students, r.amount]),
    [
      // 珠海 (金湾) publishes no per-person rate: its order class, on-post internship and local
      // graduates are not estimated with 郴州's rates.
      ['珠海', '无公布的按人补贴标准 no published rate', `珠金府〔2022〕41号《合作共建金湾智造产业学院工作方案》：五（二）经费保障：按现行政策给予补贴，未公布按人标准；目标为每年输送应届毕业生不少于 300 人到金湾区就业创业（见本地就业报表）/ subsidies “under current policies”, no per-person rate; target: ≥ 300 graduates a year employed in 金湾 (see the local report)`, null, null, null],
      ['珠海', '小计 subtotal', '', null, null, 0],
      ['郴州', '定向培养（订单班）order class', `${CHENZHOU} 第21条 实施定向培养补助`, 1000, 0, 0],
      ['郴州', '跟岗实习满 3 个月 shadow internship ≥ 3 months', `${CHENZHOU} 第22条 实施跟（顶）岗实习补助`, 200, 1, 200],
      ['郴州', '顶岗实习满 6 个月 on-post internship ≥ 6 months', `${CHENZHOU} 第22条 实施跟（顶）岗实习补助`, 100, 0, 0],
      ['郴州', '应届毕业生本地园区就业（补贴学校）local graduate, to the school', `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）`, 500, 0, 0],
      ['郴州', '应届毕业生本地园区就业（学生第一年）local graduate, year 1', `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）`, 1200, 0, 0],
      ['郴州', '应届毕业生本地园区就业（学生第二年）local graduate, year 2', `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）`, 1800, 0, 0],
      ['郴州', '职业培训补贴（取得职业资格或技能等级证书）vocational training and certificates（未测算）', `${CHENZHOU} 第24条 实施职业培训补贴；不是批量匹配的安置，未测算 / not a placement, not estimated`, null, null, null],
      ['郴州', '小计 subtotal', '', null, null, 200],
      ['全部 all', '合计 total', '', null, null, 200],
    ],
  );
  const summary = Object.fromEntries(reports.summary.rows.map((r) => [`${r.city}|${r.item}`, r.value]));
  t.same(
    [summary['全部 all|已匹配 matched'], summary['全部 all|匹配率 match rate'], summary['全部 all|本地匹配 placed locally'], summary['全部 all|补贴测算（元）subsidy estimate (yuan)'], summary['郴州|补贴测算（元）subsidy estimate (yuan)'], summary['全部 all|抽签种子 lottery seed']],
    [6, '75.0%', 5, 200, 200, 'test-seed'],
  );
});

t.test('BATCH_SUBSIDY_RATES overrides a city’s rate, and adds a rule a city does not publish, cited as configuration', async (t) => {
  const { reports } = await scenario({ 郴州市: { shadow_internship: 300 }, 珠海: { order_class: 1500 } });
  t.same(
    reports.subsidy.rows.filter((r) => r.amount !== 0 && r.amount !== null).map((r) => [r.city, r.rule, r.rate, r.students, r.amount]),
    [
      // C1: two students, 24 months = 2 years each.
      ['珠海', '定向培养（订单班）order class', 1500, 2, 6000],
      ['珠海', '小计 subtotal', null, null, 6000],
      ['郴州', '跟岗实习满 3 个月 shadow internship ≥ 3 months', 300, 1, 300],
      ['郴州', '小计 subtotal', null, null, 300],
      ['全部 all', '合计 total', null, null, 6300],
    ],
  );
  t.match(reports.subsidy.rows.find((r) => r.city === '珠海' && r.rate === 1500)?.basis, /^配置 BATCH_SUBSIDY_RATES/);
  t.match(reports.subsidy.rows.find((r) => r.city === '郴州' && r.rate === 300)?.basis, /第22条.*BATCH_SUBSIDY_RATES 覆盖/);
});

t.test('应届 means this year’s graduates, for the subsidy lines and the local report alike', async (t) => {
  // 郴州: g27 (2027, this term's year) and g26 (2026) both placed in a park job of their own city.
  const data = inputs({
    schools: [school('SC', '郴州市')],
    enterprises: [enterprise('EC', '郴州市', '郴州高新区')],
    students: [student('g27', 'SC', MECHATRONICS), student('g26', 'SC', MECHATRONICS, { graduationYear: 2026 })],
    posts: [post('P', 'EC', 2, { city: '郴州市', park: '郴州高新区' })],
  });
  const scorer = tableScorer();
  const { outcome, index } = await termBatchMatch(data, scorer, options());
  t.same(outcome.assignments.map((a) => a.studentId).sort(), ['g26', 'g27']);
  const reports = await buildReports(outcome, index, scorer, RATES);
  t.same(
    reports.subsidy.rows.filter((r) => String(r.rule).startsWith('应届')).map((r) => [r.students, r.amount]),
    [[1, 500], [1, 1200], [1, 1800]],
    'only g27 counts (the old lines counted graduationYear <= term year: both)',
  );
  t.same(reports.local.rows[0], { city: '郴州市', placed: 2, local: 2, localGraduates: 1, localShare: '100.0%' });
});

t.test('every report can be cut to one city', async (t) => {
  const { reports } = await scenario();
  const cut = (name: keyof typeof reports, city: string) => filterByCity(reports[name], city).rows;
  t.same(cut('assignments', '郴州市').map((r) => r.studentId), ['b1']);
  t.same(cut('unmatched', '郴州').map((r) => r.studentId), ['b3']);
  t.same(cut('subsidy', '珠海市').map((r) => r.rule), ['无公布的按人补贴标准 no published rate', '小计 subtotal']);
  t.same(cut('summary', '郴州').find((r) => r.item === '学生 students')?.value, 3);
  for (const name of Object.keys(reports) as Array<keyof typeof reports>) {
    t.ok(reports[name].columns.some((c) => c.key === 'city'), `${name} has a city column`);
    t.ok(cut(name, '珠海').length > 0, `${name} has rows for 珠海`);
    t.ok(cut(name, '珠海').every((r) => r.city === '珠海'));
  }
});

t.test('one city spelled with and without 市 is one city in every report, so the city rows add up to the total', async (t) => {
  // 岳阳 is not in the gazetteer, so ingestion stores each spelling as the clerk typed it: the
  // school writes 岳阳, one post 岳阳 and the other 岳阳市. filterByCity already reads them as one
  // city; the rows must too, or the summary lists the city twice and a field's demand and its
  // supply land in different rows (a shortage with no students beside it).
  const data = inputs({
    schools: [school('SY', '岳阳')],
    enterprises: [enterprise('EY', '岳阳市', '岳阳经开区')],
    students: [student('y1', 'SY', MECHATRONICS), student('y2', 'SY', MECHATRONICS), student('y3', 'SY', NURSING)],
    posts: [
      post('PA', 'EY', 1, { city: '岳阳', park: '岳阳经开区', acceptedMajorCodes: ['4603'] }),
      post('PB', 'EY', 2, { city: '岳阳市', park: '岳阳经开区', acceptedMajorCodes: ['4603'] }),
    ],
  });
  const scorer = tableScorer({ 'y1>PA': 0.9, 'y2>PB': 0.9 });
  const { outcome, index } = await termBatchMatch(data, scorer, options());
  const reports = await buildReports(outcome, index, scorer, RATES);
  const cities = (name: keyof typeof reports) => [...new Set(reports[name].rows.map((r) => r.city))];
  for (const name of Object.keys(reports) as Array<keyof typeof reports>) {
    // fill-classes has no rows here (no class among the posts).
    if (reports[name].rows.length > 0) t.same(cities(name).filter((c) => c !== '全部 all'), ['岳阳市'], `${name}: one city, one spelling`);
  }
  const summary = (city: string, item: string) => reports.summary.rows.find((r) => r.city === city && r.item === item)?.value;
  for (const item of ['学生 students', '已匹配 matched', '名额（不含取消班级）seats offered', '岗位上已匹配 placed on these posts']) {
    t.equal(summary('岳阳市', item), summary('全部 all', item), `${item}: the city row is the total`);
  }
  t.same(reports['fill-parks'].rows.map((r) => [r.city, r.park, r.seats, r.filled]), [['岳阳市', '岳阳经开区', 3, 2]]);
  t.same(reports.local.rows.map((r) => [r.city, r.placed, r.local]), [['岳阳市', 2, 2], ['全部 all', 2, 2]]);
  t.same(
    reports['shortage-majors'].rows.filter((r) => r.city === '岳阳市').map((r) => [r.field, r.demandSeats, r.supplyStudents]),
    [['06-03', 3, 2]],
    'demand and supply of the field side by side in one city row',
  );
  t.same(
    reports.demand.rows.filter((r) => r.majorCode === '实际合计 real total').map((r) => [r.city, r.seats]),
    [['岳阳市', 3], ['全部 all', 3]],
  );
});

t.test('the .xlsx export: a sheet per report, header row frozen, widths from the content', async (t) => {
  const { reports } = await scenario();
  const buffer = await reportsWorkbook(Object.values(reports), { term: '2027-autumn', version: 1 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  t.same(workbook.worksheets.map((w) => w.name), ['总览', '匹配结果', '供给：院校 × 专业', '需求：城市 × 园区 × 企业 × 专业', '岗位填充率', '班级填充率（订单班、学徒制、项目班）', '园区填充率', '未匹配学生及最接近的岗位', '紧缺专业', '本地就业与实习', '补贴测算（按城市）']);
  const sheet = workbook.getWorksheet('岗位填充率')!;
  t.match(sheet.views[0], { state: 'frozen', ySplit: 1 });
  t.same((sheet.getRow(1).values as unknown[]).slice(1, 4), ['城市 city', '岗位编号 post id', '岗位 post']);
  t.same((sheet.getRow(2).values as unknown[]).slice(1, 3), ['珠海', 'C1']);
  t.equal(sheet.getRow(2).getCell(7).value, 3, 'numbers stay numbers');
  t.equal(sheet.getColumn(1).width, 11, 'the city column: its header (9 wide) + 2');
  t.ok(sheet.getColumn(15).width! >= 8);
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
  t.equal(toCsv(reports['fill-parks']).split('\r\n')[1], '珠海,金湾高新区,3,6,5,83.3%,0,0');
});

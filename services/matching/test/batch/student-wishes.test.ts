/**
 * Derived lists respect what the student said: a student who wants to stay local is listed only on
 * posts of its school's city, its preferred cities and its preferred parks' cities; a post scoring
 * below the minimum match score is left off; a student those rules leave with nothing says why in
 * the unmatched report. Applications are the student's own choice and stay as filed.
 */
import t from 'tap';
import type { StudentProfile } from '@chanjiao/domain';
import { NO_POST_IN_WANTED_CITIES, noPostAboveMinScore } from '../../src/batch/candidates.js';
import { buildReports } from '../../src/batch/reports/index.js';
import { termBatchMatch } from '../../src/batch/term-match.js';
import { MECHATRONICS, RATES, enterprise, inputs, options, post, school, student, tableScorer } from './fixtures.js';

const prefs = (over: Partial<StudentProfile['preferences']>): Partial<StudentProfile> => ({
  preferences: { postKinds: [], cities: [], parks: [], industries: [], stayLocal: false, ...over },
});

/**
 * Schools in 珠海 (SZ) and 郴州 (SC). Posts, every one open to mechatronics, best score first for
 * everyone: JH in 金华 (0.9), a 郴州 post (0.8), then three 珠海 posts written three ways — the
 * city's short name with a park (ZP, 0.7), a district (ZD, 0.6), a park as the city field (ZK, 0.5).
 */
const POSTS = [
  post('JH', 'E', 5, { city: '金华市', acceptedMajorCodes: ['4603'] }),
  post('CZ', 'E', 5, { city: '郴州市', acceptedMajorCodes: ['4603'] }),
  post('ZP', 'E', 5, { city: '珠海', park: '金湾联港工业区', acceptedMajorCodes: ['4603'] }),
  post('ZD', 'E', 5, { city: '金湾', acceptedMajorCodes: ['4603'] }),
  post('ZK', 'E', 5, { city: '珠海航空产业园', acceptedMajorCodes: ['4603'] }),
];
const SCHOOLS = [school('SZ', '珠海市'), school('SC', '郴州')];
const ranked = (id: string) => ({ [`${id}>JH`]: 0.9, [`${id}>CZ`]: 0.8, [`${id}>ZP`]: 0.7, [`${id}>ZD`]: 0.6, [`${id}>ZK`]: 0.5 });

t.test('stayLocal: only posts in the school city, a preferred city or a preferred park’s city; a park or district counts as its city', async (t) => {
  const students = [
    student('local', 'SZ', MECHATRONICS, prefs({ cities: ['珠海市'], stayLocal: true })),
    student('localAndCZ', 'SZ', MECHATRONICS, prefs({ cities: ['郴州'], stayLocal: true })),
    student('parkWish', 'SC', MECHATRONICS, prefs({ parks: ['航空产业园'], stayLocal: true })),
    // Preferred cities without stayLocal only rank (the engine's place feature): nothing is left out.
    student('mobile', 'SZ', MECHATRONICS, prefs({ cities: ['珠海市'], stayLocal: false })),
  ];
  const scores = Object.assign({}, ...students.map((s) => ranked(s.id)));
  const { outcome } = await termBatchMatch(inputs({ schools: SCHOOLS, students, posts: POSTS }), tableScorer(scores), options({ secondRound: false }));
  t.same(
    outcome.lists.map((l) => [l.studentId, l.posts]),
    [
      ['local', ['ZP', 'ZD', 'ZK']],
      ['localAndCZ', ['CZ', 'ZP', 'ZD', 'ZK']],
      ['parkWish', ['CZ', 'ZP', 'ZD', 'ZK']],
      ['mobile', ['JH', 'CZ', 'ZP', 'ZD', 'ZK']],
    ],
  );
  t.same(
    outcome.assignments.map((a) => [a.studentId, a.postId]),
    [['local', 'ZP'], ['localAndCZ', 'CZ'], ['parkWish', 'CZ'], ['mobile', 'JH']],
  );
});

t.test('stayLocal and the minimum score shape derived lists only: an application keeps a far or weak post', async (t) => {
  const students = [student('local', 'SZ', MECHATRONICS, prefs({ cities: ['珠海市'], stayLocal: true }))];
  const data = inputs({ schools: SCHOOLS, students, posts: POSTS, applications: { local: ['JH', 'ZK'] } });
  const { outcome } = await termBatchMatch(data, tableScorer({ 'local>JH': 0.05, 'local>ZK': 0.5 }), options({ minScore: 0.3 }));
  t.same(outcome.lists.map((l) => [l.studentId, l.source, l.posts, l.scores]), [['local', 'application', ['JH', 'ZK'], [0.05, 0.5]]]);
  t.same(outcome.assignments.map((a) => [a.studentId, a.postId, a.choice]), [['local', 'JH', 1]]);
});

t.test('the minimum score: entries below it leave derived lists in both rounds; 0 keeps them', async (t) => {
  const students = [student('a', 'SZ', MECHATRONICS), student('b', 'SZ', MECHATRONICS)];
  // a is the better match for ZP (1 seat); b's only other match, ZD, scores 0.092.
  const posts = [post('ZP', 'E', 1, { acceptedMajorCodes: ['4603'] }), post('ZD', 'E', 1, { acceptedMajorCodes: ['4603'] })];
  const scorer = tableScorer({ 'a>ZP': 0.8, 'b>ZP': 0.6, 'a>ZD': 0.05, 'b>ZD': 0.092 });
  const data = inputs({ schools: SCHOOLS, students, posts });
  const floor = (await termBatchMatch(data, scorer, options({ minScore: 0.3 }))).outcome;
  t.same(floor.lists.map((l) => [l.studentId, l.posts, l.round2Posts ?? null]), [['a', ['ZP'], null], ['b', ['ZP'], null]]);
  t.same(floor.assignments.map((a) => [a.studentId, a.postId]), [['a', 'ZP']]);
  t.same(floor.unmatched, ['b']);
  const none = (await termBatchMatch(data, scorer, options({ minScore: 0 }))).outcome;
  t.same(none.assignments.map((a) => [a.studentId, a.postId, a.score]), [['a', 'ZP', 0.8], ['b', 'ZD', 0.092]]);
});

t.test('a student the rules leave without a list is unmatched, and the report says why in words', async (t) => {
  const students = [
    // In 珠海, wants to stay: the only post it is eligible for is in 金华 (the tester's FC-002).
    student('FC-002', 'SZ', MECHATRONICS, prefs({ cities: ['珠海市'], stayLocal: true })),
    // Eligible for a 珠海 post, at a score no one would call a match.
    student('weak', 'SZ', MECHATRONICS),
  ];
  // JH (金华, any major) is eligible for both; ZW (珠海) takes only 2030 graduates, so retrieval never meets it.
  const posts = [post('JH', 'E', 5, { city: '金华市', title: '采购专员' }), post('ZW', 'E', 5, { city: '珠海', acceptedGraduationYears: [2030] })];
  const data = inputs({ schools: SCHOOLS, enterprises: [enterprise('E', '金华市', undefined)], students, posts });
  const scorer = tableScorer({ 'FC-002>JH': 0.092, 'weak>JH': 0.1, 'FC-002>ZW': 0.01, 'weak>ZW': 0.01 });
  const { outcome, index } = await termBatchMatch(data, scorer, options({ minScore: 0.3 }));
  t.same(outcome.assignments, []);
  t.same(outcome.lists.map((l) => [l.studentId, l.posts, l.emptyReason]), [
    ['FC-002', [], NO_POST_IN_WANTED_CITIES],
    ['weak', [], noPostAboveMinScore(0.3)],
  ]);
  const reports = await buildReports(outcome, index, scorer, RATES);
  t.same(
    reports.unmatched.rows.map((r) => [r.studentId, r.listLength, r.emptyListReason, r.post1, r.reason1, r.post2, r.reason2]),
    [
      [
        'FC-002', 0, '意向城市内无符合条件的岗位 / no eligible post in the cities the student wants to stay in',
        'JH 采购专员', '不在意向城市，本人愿留在本地（岗位在金华市）/ outside the cities the student wants to stay in',
        '', '',
      ],
      [
        'weak', 0, '无达到最低匹配分 0.3 的岗位 / no eligible post reaches the minimum match score 0.3',
        'JH 采购专员', '匹配分 0.1 低于最低匹配分 0.3 / below the minimum match score',
        '', '',
      ],
    ],
  );
  t.same(reports.unmatched.columns.find((c) => c.key === 'emptyListReason'), { key: 'emptyListReason', header: '志愿为空原因 why the list is empty' });
});

t.test('stayLocal in a city the gazetteer does not know: 岳阳 and 岳阳市 are one city', async (t) => {
  // Stored as the clerks typed them: the school 岳阳, one post 岳阳市, one 岳阳; a 郴州 post beside.
  // The reports read 岳阳 and 岳阳市 as one city; a student who wants to stay in it must not be
  // told that a 岳阳市 post is "outside the cities it wants to stay in".
  const students = [student('y', 'SY', MECHATRONICS, prefs({ stayLocal: true }))];
  const posts = [
    post('YS', 'E', 1, { city: '岳阳市', acceptedMajorCodes: ['4603'] }),
    post('YB', 'E', 1, { city: '岳阳', acceptedMajorCodes: ['4603'] }),
    post('CZ', 'E', 1, { city: '郴州市', acceptedMajorCodes: ['4603'] }),
  ];
  const scores = { 'y>YS': 0.9, 'y>CZ': 0.8, 'y>YB': 0.7 };
  const { outcome } = await termBatchMatch(inputs({ schools: [school('SY', '岳阳')], students, posts }), tableScorer(scores), options({ secondRound: false }));
  t.same(outcome.lists.map((l) => [l.studentId, l.posts]), [['y', ['YS', 'YB']]]);
  t.same(outcome.assignments.map((a) => [a.studentId, a.postId]), [['y', 'YS']]);
});

import { createHash } from 'node:crypto';
import t from 'tap';
import { fieldCode, INPUT_SCHEMAS, majorCatalog, POST_KIND_LABELS, skillLexicon, type StudentInput } from '@chanjiao/domain';
import { ANCHOR_MARKET_POSTS, ANCHOR_POSTS, ANCHOR_STUDENTS, demoDataSizes, generateDemoData, idCheckChar, PLACES, type DemoData } from '@chanjiao/demo-data';

function digest(data: DemoData): string {
  const h = createHash('sha256');
  for (const part of [data.schools, data.enterprises, data.terms, data.posts]) h.update(JSON.stringify(part));
  for (const s of data.students()) h.update(JSON.stringify(s));
  return h.digest('hex');
}

const data = generateDemoData({ seed: 42, students: 3000 });
const students: StudentInput[] = [...data.students()];
/** The random ones; anchors are fixed on purpose (synonyms, shared texts) and tested on their own. */
const generated = students.filter((s) => !s.id.startsWith('STU-ANCHOR'));

t.test('the same seed gives byte-identical output; another seed does not', async (t) => {
  const a = digest(generateDemoData({ seed: 7, students: 1500 }));
  const b = digest(generateDemoData({ seed: 7, students: 1500 }));
  const c = digest(generateDemoData({ seed: 8, students: 1500 }));
  t.equal(a, b);
  t.not(a, c);
});

t.test('a student does not depend on how many are generated', async (t) => {
  const small = [...generateDemoData({ seed: 5, students: 500, schools: 20, enterprises: 100, posts: 80 }).students()];
  const large = [...generateDemoData({ seed: 5, students: 1200, schools: 20, enterprises: 100, posts: 80 }).students()].slice(0, 500);
  t.same(large, small);
});

t.test('sizes are what was asked for, defaults scale with students', async (t) => {
  const d = generateDemoData({ seed: 1, students: 1000, schools: 30, enterprises: 200, posts: 400 });
  t.same(d.counts, { schools: 30, enterprises: 200, terms: 4, posts: 400, students: 1000 });
  t.equal(d.schools.length, 30);
  t.equal(d.enterprises.length, 200);
  t.equal(d.posts.length, 400);
  let n = 0;
  for (const _ of d.students()) n++;
  t.equal(n, 1000);
  t.same(demoDataSizes({ seed: 1, students: 1_000_000 }), { schools: 150, enterprises: 20_000, posts: 50_000, students: 1_000_000 });
  t.same(demoDataSizes({ seed: 1, students: 100_000, posts: 20_000 }), { schools: 33, enterprises: 5000, posts: 20_000, students: 100_000 });
  t.same(data.counts, { schools: 15, enterprises: 150, terms: 4, posts: 300, students: 3000 });
});

t.test('bad options are refused, naming the option', async (t) => {
  t.throws(() => generateDemoData({ seed: -1, students: 10 }), { name: 'RangeError', message: /^seed: / });
  t.throws(() => generateDemoData({ seed: 1, students: 1.5 }), { name: 'RangeError', message: /^students: / });
  t.throws(() => generateDemoData({ seed: 1, students: 10, schools: 3 }), { name: 'RangeError', message: /^schools: an integer ≥ 7/ });
  t.throws(() => generateDemoData({ seed: 1, students: 10, posts: 2 }), { name: 'RangeError', message: /^posts: an integer ≥ 8/ });
});

t.test('students stream from a generator, never an array', async (t) => {
  const d = generateDemoData({ seed: 3, students: 1_000_000, schools: 20, enterprises: 100, posts: 100 });
  const it = d.students();
  t.notOk(Array.isArray(it));
  t.type(it.next, 'function');
  const first = [];
  for (const s of it) {
    first.push(s.id);
    if (first.length === 20) break;
  }
  t.equal(first[19], 'STU-0000020');
  t.not(d.students(), d.students(), 'every call starts a fresh stream');
});

t.test('every record parses with the shared schemas', async (t) => {
  const failures: string[] = [];
  const check = (type: keyof typeof INPUT_SCHEMAS, records: readonly unknown[]): void => {
    for (const r of records) {
      const res = INPUT_SCHEMAS[type].safeParse(r);
      if (!res.success) failures.push(`${type} ${(r as { id: string }).id}: ${res.error.message}`);
    }
  };
  check('school', data.schools);
  check('enterprise', data.enterprises);
  check('term', data.terms);
  check('post', data.posts);
  check('student', students);
  t.same(failures, []);
});

t.test('records refer to each other and to the catalog and lexicon consistently', async (t) => {
  const catalog = majorCatalog();
  const lexicon = skillLexicon();
  const schools = new Map(data.schools.map((s) => [s.id, s]));
  const enterprises = new Map(data.enterprises.map((e) => [e.id, e]));
  const terms = new Set(data.terms.map((x) => x.id));
  const problems: string[] = [];
  const unique = (name: string, ids: readonly string[]): void => {
    if (new Set(ids).size !== ids.length) problems.push(`${name}: duplicate ids`);
  };
  unique('schools', data.schools.map((s) => s.id));
  unique('enterprises', data.enterprises.map((e) => e.id));
  unique('posts', data.posts.map((p) => p.id));
  unique('students', students.map((s) => s.id));
  unique('school names', data.schools.map((s) => s.name));

  for (const e of data.enterprises) {
    for (const id of e.partnerSchoolIds) if (!schools.get(id)?.partnerEnterpriseIds.includes(e.id)) problems.push(`${e.id} ↔ ${id} not mirrored`);
  }
  for (const s of data.schools) {
    for (const id of s.partnerEnterpriseIds) if (!enterprises.get(id)?.partnerSchoolIds.includes(s.id)) problems.push(`${s.id} ↔ ${id} not mirrored`);
  }
  for (const p of data.posts) {
    const e = enterprises.get(p.enterpriseId);
    if (!e) problems.push(`${p.id}: unknown enterprise`);
    else if (e.city !== p.city || e.park !== p.park) problems.push(`${p.id}: not where its enterprise is`);
    for (const id of p.coEnterpriseIds) if (enterprises.get(id)?.park !== p.park) problems.push(`${p.id}: co-enterprise ${id} not in the park`);
    if (!terms.has(p.term)) problems.push(`${p.id}: unknown term`);
    for (const code of p.acceptedMajorCodes) if (!catalog.has(code)) problems.push(`${p.id}: ${code} not in the catalog`);
    for (const s of [...p.requiredSkills, ...p.preferredSkills]) if (lexicon.canonicalSkill(s) !== s) problems.push(`${p.id}: skill ${s}`);
    for (const c of [...p.requiredCertificates, ...p.preferredCertificates]) {
      const cert = lexicon.certificate(c.name);
      if (cert?.name !== c.name || (c.minLevel && !cert.levels.includes(c.minLevel))) problems.push(`${p.id}: certificate ${JSON.stringify(c)}`);
    }
  }
  for (const s of generated) {
    const school = schools.get(s.schoolId);
    const major = catalog.get(s.majorCode);
    if (!school) problems.push(`${s.id}: unknown school`);
    else if (!school.levels.includes(s.level)) problems.push(`${s.id}: ${s.level} not taught at ${school.id}`);
    if (major?.item !== 'major' || major.level !== s.level) problems.push(`${s.id}: major ${s.majorCode} on ${s.level}`);
    for (const k of s.skills) if (lexicon.canonicalSkill(k.name) !== k.name) problems.push(`${s.id}: skill ${k.name}`);
    for (const c of s.certificates) {
      const cert = lexicon.certificate(c.name);
      if (cert?.name !== c.name || (c.level ? !cert.levels.includes(c.level) : cert.levels.length > 0 && cert.kind !== 'general')) {
        problems.push(`${s.id}: certificate ${JSON.stringify(c)}`);
      }
    }
    const id = s.personal.idNumber;
    if (id && idCheckChar(id.slice(0, 17)) !== id[17]) problems.push(`${s.id}: ID check character`);
    if (s.selfIntroduction.includes(s.personal.name) || (s.personal.phone && s.selfIntroduction.includes(s.personal.phone))) {
      problems.push(`${s.id}: personal data in the self-introduction`);
    }
  }
  t.same(problems, []);
});

t.test('skills and certificates fit the major', async (t) => {
  const lexicon = skillLexicon();
  let fitting = 0;
  for (const s of generated) {
    const own = new Set(lexicon.skillsForMajor(s.majorCode));
    if (s.skills.filter((k) => own.has(k.name)).length >= 3) fitting++;
  }
  t.equal(fitting, generated.length, 'every student lists at least 3 skills of their major');
  const nurses = students.filter((s) => fieldCode(s.majorCode)?.startsWith('12-02'));
  t.ok(nurses.length > 20, `${nurses.length} nursing students`);
  t.ok(nurses.some((s) => s.certificates.some((c) => c.name === '护士执业资格证')));
  t.notOk(students.some((s) => s.graduationYear > 2026 && s.certificates.some((c) => c.name === '护士执业资格证')), 'only graduates hold the nursing licence');
});

t.test('the dataset covers every kind, place and level', async (t) => {
  t.same(new Set(data.posts.map((p) => p.kind)), new Set(Object.keys(POST_KIND_LABELS)));
  t.same(new Set(data.posts.filter((p) => p.kind === 'internship').map((p) => p.internshipMode)), new Set(['shadow', 'on_post']));
  t.same(new Set(data.schools.map((s) => s.kind)), new Set(['secondary_vocational', 'higher_vocational', 'vocational_bachelor', 'technician_college']));
  t.same(new Set(data.schools.map((s) => s.city)), new Set(PLACES.map((p) => p.city)));
  t.same(new Set(data.enterprises.map((e) => e.city)), new Set(PLACES.map((p) => p.city)));
  t.same(new Set(students.map((s) => s.level)), new Set(['secondary', 'higher', 'bachelor']));
  t.same(new Set(students.map((s) => s.graduationYear)), new Set([2026, 2027, 2028, 2029]));
  t.same(new Set(data.terms.map((x) => x.id)), new Set(['2026-spring', '2026-autumn', '2027-spring', '2027-autumn']));
  const classes = data.posts.filter((p) => p.kind === 'order_class' || p.kind === 'apprenticeship');
  t.ok(classes.every((p) => p.trainingMode !== undefined && p.seats >= 10));
  t.ok(data.posts.some((p) => p.coEnterpriseIds.length > 0), 'a joint order class of one park');
  const consenting = students.filter((s) => s.consentToBeFound).length / students.length;
  t.ok(consenting > 0.8 && consenting < 0.95, `consent ${consenting}`);
  const seeking = students.filter((s) => s.status === 'seeking').length / students.length;
  t.ok(seeking > 0.75 && seeking < 0.95, `seeking ${seeking}`);
});

t.test('self-introductions and descriptions vary', async (t) => {
  const openings = new Set(students.slice(0, 500).map((s) => s.selfIntroduction.split(/[。，]/)[0]!.replace(/[^\u4e00-\u9fa5]/g, '').slice(0, 4)));
  t.ok(openings.size >= 4, `${openings.size} opening forms`);
  t.equal(new Set(generated.map((s) => s.selfIntroduction)).size, generated.length, 'no two students say the same');
  t.ok(new Set(data.posts.map((p) => p.description)).size > data.posts.length * 0.95);
});

t.test('anchors come first, the same for every seed, and can be left out', async (t) => {
  const other = generateDemoData({ seed: 999, students: 1000 });
  const mine = [...data.students()].slice(0, ANCHOR_STUDENTS.length);
  t.same(mine, ANCHOR_STUDENTS);
  t.same([...other.students()].slice(0, ANCHOR_STUDENTS.length), ANCHOR_STUDENTS);
  t.same(other.posts.slice(0, ANCHOR_POSTS.length), ANCHOR_POSTS);
  const plc = ANCHOR_POSTS.find((p) => p.id === 'POST-ANCHOR-PLC-INTERN')!;
  t.same([plc.kind, plc.internshipMode, plc.term, plc.acceptedMajorCodes, plc.requiredSkills], ['internship', 'on_post', '2026-autumn', ['4603', '6603'], ['PLC编程', '电气控制']]);
  const lexicon = skillLexicon();
  const plc2 = ANCHOR_STUDENTS.find((s) => s.id === 'STU-ANCHOR-ZH-PLC-2')!;
  t.same(plc2.skills.map((s) => lexicon.canonicalSkill(s.name)), ['PLC编程', '机电设备安装调试', '液压与气动'], 'written with a synonym');
  t.equal(lexicon.canonicalCertificate(plc2.certificates[0]!.name), '低压电工作业证');
  const nurse = ANCHOR_STUDENTS.find((s) => s.id === 'STU-ANCHOR-CZ-NURSE-1')!;
  t.same([nurse.graduationYear, nurse.certificates[0]], [2026, { name: '护士执业资格证' }]);

  // The anchor student's market comes last, in the places of the last generated posts: the
  // generated ones keep their ids (POST-000006 on, as before it was added) and the total is as asked.
  t.same(other.posts.slice(-ANCHOR_MARKET_POSTS.length), ANCHOR_MARKET_POSTS);
  const generatedIds = other.posts.slice(ANCHOR_POSTS.length, -ANCHOR_MARKET_POSTS.length).map((p) => p.id);
  t.same(generatedIds, generatedIds.map((_, k) => `POST-${String(ANCHOR_POSTS.length + k + 1).padStart(6, '0')}`));
  t.equal(other.posts.length, 100);
  const anchor = ANCHOR_STUDENTS[0]!;
  for (const p of ANCHOR_MARKET_POSTS) {
    // Its kind, city, term, field and year: posts the demo's own student can be judged on.
    t.same([p.kind, p.city, p.term, p.acceptedMajorCodes.includes(anchor.majorCode.slice(0, 4)), p.acceptedGraduationYears], ['internship', '珠海市', '2026-autumn', true, [anchor.graduationYear]], p.id);
    const held = new Set(anchor.skills.map((s) => lexicon.canonicalSkill(s.name)));
    const lacks = p.requiredSkills.filter((s) => !held.has(lexicon.canonicalSkill(s)));
    const lacksCertificate = p.requiredCertificates.some((c) => !anchor.certificates.some((h) => lexicon.canonicalCertificate(h.name) === c.name));
    t.equal(lacks.length + (lacksCertificate ? 1 : 0), 1, `${p.id}: asks for exactly one thing the anchor student lacks`);
  }

  const bare = generateDemoData({ seed: 42, students: 100, anchors: false });
  t.notOk([...bare.students()].some((s) => s.id.includes('ANCHOR')));
  t.notOk(bare.posts.some((p) => p.id.includes('ANCHOR')));
  t.notOk(bare.schools.some((s) => s.id.includes('ANCHOR')));
});

import t from 'tap';
import { pseudonym } from '../src/views/mask.js';

t.test('an enterprise sees a pseudonym from the id, nothing of the name', async (t) => {
  t.match(pseudonym('STU-1'), /^同学 [0-9A-F]{4}$/);
  t.equal(pseudonym('STU-1'), pseudonym('STU-1'), 'stable');
  t.not(pseudonym('STU-1'), pseudonym('STU-2'));
});

t.test('free text loses phone numbers, ID numbers and the student own name', async (t) => {
  const { scrubProfile } = await import('../src/indexer/scrub.js');
  const profile = { selfIntroduction: '我叫王小明，电话13912345678，身份证44040420050312031X。王小明擅长PLC。', skills: [], certificates: [] } as unknown as Parameters<typeof scrubProfile>[0];
  t.equal(
    scrubProfile(profile, { name: '王小明' }).selfIntroduction,
    '我叫**，电话***********，身份证******************。**擅长PLC。',
  );
  t.notMatch(scrubProfile(profile, { name: '王小明' }).selfIntroduction, /\d/, 'not one digit of either number is left to search by');
  t.equal(scrubProfile(profile, undefined).selfIntroduction.includes('王小明'), true, 'without personal data only numbers go');
  const clean = { selfIntroduction: '熟悉PLC编程', skills: [{ name: 'PLC' }], certificates: [] } as unknown as Parameters<typeof scrubProfile>[0];
  t.equal(scrubProfile(clean, { name: '李四' }), clean, 'clean text: the same object back');
});

t.test('a given name that is part of the student own skill or certificate stays in them and where the introduction names them', async (t) => {
  const { scrubProfile } = await import('../src/indexer/scrub.js');
  const profile = {
    selfIntroduction: '我叫陈控制，熟练掌握电气控制和工业机器人编程。Chen Kongzhi, 电话 139 1234 5678。',
    skills: [{ name: '电气控制', level: 'advanced' }, { name: '工业机器人编程' }],
    certificates: [{ name: '工业机器人操作与运维职业技能等级证书', level: 'junior' }, { name: '陈控制的证书' }],
  } as unknown as Parameters<typeof scrubProfile>[0];
  const out = scrubProfile(profile, { name: '陈控制' });
  t.same(out.skills, profile.skills, 'skills as uploaded: the student is found by them');
  t.same(out.certificates.map((c) => c.name), ['工业机器人操作与运维职业技能等级证书', '**的证书'], 'the whole name still goes from a certificate');
  t.equal(out.selfIntroduction, '我叫**，熟练掌握电气控制和工业机器人编程。**, 电话 *************。');
  const robot = { selfIntroduction: '钱工业，擅长工业机器人编程', skills: [{ name: '工业机器人编程' }], certificates: [{ name: '工业机器人操作与运维职业技能等级证书' }] } as unknown as Parameters<typeof scrubProfile>[0];
  const r = scrubProfile(robot, { name: '钱工业' });
  t.equal(r.skills[0]!.name, '工业机器人编程');
  t.equal(r.certificates[0]!.name, '工业机器人操作与运维职业技能等级证书');
  t.equal(r.selfIntroduction, '**，擅长工业机器人编程');
});

t.test('candidate views scrub through a memo: another name or another profile object is scrubbed again', async (t) => {
  const { candidateView } = await import('../src/views/candidate-view.js');
  const profile = {
    id: 'STU-MEMO-1', majorCode: '460301', level: 'higher_vocational', graduationYear: 2027, status: 'seeking',
    selfIntroduction: '我叫王小明，也叫李四。', skills: [], certificates: [],
    preferences: { cities: [], parks: [], kinds: [], industries: [] }, availability: {},
  } as unknown as Parameters<typeof candidateView>[0];
  t.equal(candidateView(profile, { name: '王小明' } as never, undefined).selfIntroduction, '我叫**，也叫李四。');
  t.equal(candidateView(profile, { name: '王小明' } as never, undefined).selfIntroduction, '我叫**，也叫李四。', 'asked again: the same');
  t.equal(candidateView(profile, { name: '李四' } as never, undefined).selfIntroduction, '我叫王小明，也叫**。', 'the name changed: scrubbed again');
  const updated = { ...profile, selfIntroduction: '电话13912345678' };
  t.equal(candidateView(updated, { name: '李四' } as never, undefined).selfIntroduction, '电话***********', 'a new profile object: scrubbed again');
});

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

t.test('preferences (industries, parks, cities) lose numbers, accounts and the name like the rest; place names stay as written', async (t) => {
  const { scrubProfile } = await import('../src/indexer/scrub.js');
  const profile = {
    selfIntroduction: '', skills: [], certificates: [],
    preferences: {
      postKinds: [], stayLocal: false,
      industries: ['身份证440402200501011234', 'QQ号码 987654321', '微信 zhangsan_88', '智能制造'],
      parks: ['联系人李四 13912345678', '珠海市金湾联港工业区', '广州开发区'],
      cities: ['珠海市', '找李四 QQ号码：123456789'],
    },
  } as unknown as Parameters<typeof scrubProfile>[0];
  const out = scrubProfile(profile, { name: '李四' });
  t.same(out.preferences.industries, ['身份证******************', 'QQ号码 *********', '微信 ***********', '智能制造']);
  t.same(out.preferences.parks, ['联系人** ***********', '珠海市金湾联港工业区', '广州开发区']);
  t.same(out.preferences.cities, ['珠海市', '找** QQ号码：*********']);
  t.notMatch(JSON.stringify(out.preferences), /\d|李四/, 'no digit and no name left to filter, facet or search by');
  t.same(profile.preferences.parks[0], '联系人李四 13912345678', 'the stored profile is not changed');

  // A name that is also (part of) a place the gazetteer knows: the place stays, or the student falls out of the place filter.
  const places = { ...profile, preferences: { ...profile.preferences, industries: [], cities: ['金华市', '广州市黄埔区'], parks: ['金华经开区', '黄埔临港经济区'] } } as typeof profile;
  t.equal(scrubProfile(places, { name: '金华' }), places, 'student 金华: 金华市, 金华经开区 as written');
  t.equal(scrubProfile(places, { name: '黄埔' }), places, 'student 黄埔: 广州市黄埔区 as written');
  const clean = { ...profile, preferences: { ...profile.preferences, industries: ['智能制造'], cities: ['珠海市'], parks: ['广州开发区'] } } as typeof profile;
  t.equal(scrubProfile(clean, { name: '李四' }), clean, 'clean preferences: the same object back');
});

t.test('the candidate view shows preferences scrubbed', async (t) => {
  const { candidateView } = await import('../src/views/candidate-view.js');
  const profile = {
    id: 'STU-PREF-1', majorCode: '460301', level: 'higher', graduationYear: 2027, status: 'seeking',
    selfIntroduction: '', skills: [], certificates: [],
    preferences: { postKinds: [], stayLocal: false, cities: ['珠海市'], parks: ['联系人李四 13912345678', '珠海市金湾联港工业区'], industries: ['QQ号码 987654321'] },
    availability: {},
  } as unknown as Parameters<typeof candidateView>[0];
  const view = candidateView(profile, { name: '李四' } as never, undefined);
  t.same(view.preferences.parks, ['联系人** ***********', '珠海市金湾联港工业区']);
  t.same(view.preferences.industries, ['QQ号码 *********']);
});

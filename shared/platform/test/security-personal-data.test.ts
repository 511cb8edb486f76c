import t from 'tap';
import { z } from 'zod';
import { compiledReplySerializer, maskPersonalNumbers, redactPersonalNumbers } from '@chanjiao/platform';
import { buildSecuredApp } from './helpers/security-app.js';

t.test('maskPersonalNumbers masks phones, ID numbers (no digit kept) and e-mail addresses in free text, in any rendering, and nothing else', async (t) => {
  t.same(maskPersonalNumbers('我的电话是13800000001，身份证44040420050312031X，欢迎联系'), {
    text: '我的电话是***********，身份证******************，欢迎联系',
    masked: 2,
  });
  t.same(maskPersonalNumbers('call 13912345678.'), { text: 'call ***********.', masked: 1 });
  // Prefixes and separators protect nothing in free text (issue 15.2).
  for (const [text, masked] of [
    ['+8613912345601', '***********'],
    ['139-1234-5602', '***********'],
    ['139 1234 5603', '***********'],
    ['\uff11\uff13\uff19\uff11\uff12\uff13\uff14\uff15\uff16\uff10\uff14', '***********'],
    ['wx13912345605', 'wx***********'],
    ['tel_13912345606', 'tel_***********'],
    ['139\u200b12345607', '***********'],
    ['ID440404200503120318', 'ID******************'],
    ['440404 20050312 0318', '******************'],
    ['mail: wang.xm@example.com', 'mail: ***@example.com'],
  ] as const) {
    t.same(maskPersonalNumbers(text), { text: masked, masked: 1 }, text);
  }
  for (const untouched of ['138000000012345 is 15 digits', '2027届 PLC 电气', '12345678901 starts with 12', '电话 139-1234', 'a@b']) {
    t.same(maskPersonalNumbers(untouched), { text: untouched, masked: 0 }, untouched);
  }
});

t.test('redactPersonalNumbers leaves no digit of a phone or ID number, and touches nothing else', async (t) => {
  t.equal(redactPersonalNumbers('电话13800000001，身份证44040420050312031X。'), '电话***********，身份证******************。');
  t.equal(redactPersonalNumbers('PLC 13800000001', { remove: true }), 'PLC  ');
  t.equal(redactPersonalNumbers('电话 139-1234-5602'), '电话 *************');
  t.equal(redactPersonalNumbers('我叫王小明，小明会PLC', { names: ['王小明'] }), '我叫**，**会PLC');
  for (const untouched of ['2027届 PLC 电气', '熟悉 S7-1200 PLC']) {
    t.equal(redactPersonalNumbers(untouched), untouched, untouched);
  }
});

t.test('the auth plugin\'s personal-data guard: replies to HR keys are masked (JSON strings and text), other roles see them as they are', async (t) => {
  const { app } = await buildSecuredApp({}, undefined, {
    setup: async (app) => {
      app.get('/v1/leaky', { config: { access: { roles: ['hr', 'office'] } } }, async () => ({
        id: 'STU-13800000002',
        selfIntroduction: '电话13800000001',
        nested: [{ note: '身份证440404200503120318' }],
        score: 0.13800000001,
        count: 13800000001,
      }));
      app.get('/v1/leaky.csv', { config: { access: { roles: ['hr'] } } }, async (_req, reply) =>
        reply.type('text/csv; charset=utf-8').send('id,note\nS1,电话13800000001\n'),
      );
    },
  });
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  const office = (await app.apiKeys.create({ role: 'office', label: 'office' })).key;
  const asHr = await app.inject({ method: 'GET', url: '/v1/leaky', headers: { authorization: `Bearer ${hr}` } });
  t.same(asHr.json(), { id: 'STU-13800000002', selfIntroduction: '电话***********', nested: [{ note: '身份证******************' }], score: 0.13800000001, count: 13800000001 });
  t.equal(Number(asHr.headers['content-length']), Buffer.byteLength(asHr.body));
  const asOffice = await app.inject({ method: 'GET', url: '/v1/leaky', headers: { authorization: `Bearer ${office}` } });
  t.equal(asOffice.json().selfIntroduction, '电话13800000001');
  const csv = await app.inject({ method: 'GET', url: '/v1/leaky.csv', headers: { authorization: `Bearer ${hr}` } });
  t.equal(csv.body, 'id,note\nS1,电话***********\n');
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/leaky"} 2');
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/leaky.csv"} 1');
});

t.test('the guard\'s quick check never lets a maskable number through: control-character escapes, string edges, float neighbours', async (t) => {
  const bodies: Record<string, unknown> = {
    escaped: { note: '\u001013800000001', score: 0.79412345678901 },
    newline: { note: '第一行\n13800000001' },
    edge: { note: '13800000001' },
    id: { list: ['\t440404200503120318'] },
    floats: { score: 0.79412345678901, semantic: 0.12345678901234 },
  };
  const { app } = await buildSecuredApp({}, undefined, {
    setup: async (app) => {
      app.get('/v1/body/:name', { config: { access: { roles: ['hr'] } } }, async (req) => bodies[(req.params as { name: string }).name]);
    },
  });
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  const get = async (name: string) => (await app.inject({ method: 'GET', url: `/v1/body/${name}`, headers: { authorization: `Bearer ${hr}` } })).json();
  t.same(await get('escaped'), { note: '\u0010***********', score: 0.79412345678901 });
  t.same(await get('newline'), { note: '第一行\n***********' });
  t.same(await get('edge'), { note: '***********' });
  t.same(await get('id'), { list: ['\t******************'] });
  t.same(await get('floats'), bodies.floats, 'long float fractions are scores, not numbers to mask');
});

t.test('texts without digits, @ or a given name skip the scan; every other rendering is still found', async (t) => {
  // Found only after NFKC: circled and full-width digits, a full-width @, a name split by an invisible character.
  t.equal(redactPersonalNumbers('电话①③⑧⓪⓪⓪⓪⓪⓪⓪①'), '电话***********');
  t.equal(maskPersonalNumbers('邮箱：ｎａｎａ＠ｑｑ．ｃｏｍ').masked, 1);
  t.equal(redactPersonalNumbers('我是欧阳\u200b娜娜，娜娜擅长护理', { names: ['欧阳娜娜'] }), '我是**，**擅长护理');
  t.equal(redactPersonalNumbers('同学们叫我雷雷', { names: ['李雷'] }), '同学们叫我**');
  // Nothing to find: the text comes back as it was.
  const plain = '熟悉PLC编程，2025年获省赛二等奖，会CAD';
  t.equal(redactPersonalNumbers(plain, { names: ['王小明'] }), plain);
  t.equal(maskPersonalNumbers(plain).masked, 0);
});

t.test('the surname alone where it stands for the person is a name too; elsewhere it is an ordinary character', async (t) => {
  // A rare surname left in an indexed introduction would find its owner (the hostile pass searched 欧阳 and got her).
  t.equal(redactPersonalNumbers('大家都叫我欧阳同学，在班里负责护理实训', { names: ['欧阳娜娜'] }), '大家都叫我**同学，在班里负责护理实训');
  t.equal(redactPersonalNumbers('我姓欧阳，老欧阳是我爸', { names: ['欧阳娜娜'] }), '我姓**，老**是我爸');
  t.equal(redactPersonalNumbers('师傅们都叫我小王，王某负责设备点检', { names: ['王小明'] }), '师傅们都叫我小**，**某负责设备点检');
  t.equal(maskPersonalNumbers('王 同学会PLC', { names: ['王小明'] }).text, '** 同学会PLC');
  // The character on its own is a word: it stays, and a text with only such words is returned as it was.
  const words = '参加过王牌技能大赛，熟悉东方红拖拉机维修';
  t.equal(redactPersonalNumbers(words, { names: ['王小明', '东方明珠'] }), words);
});

t.test('WeChat and QQ accounts behind their label are personal data: masked for HR, redacted for the index; ordinary words stay', async (t) => {
  for (const [text, masked, redacted] of [
    ['联系我 V:nana139。', '联系我 V:***。', '联系我 V:*******。'],
    ['微信zhangwei_1990 手机', '微信*** 手机', '微信************* 手机'],
    ['微信：wangxm', '微信：***', '微信：******'],
    ['QQ 12345678', 'QQ ***', 'QQ ********'],
    ['vx: wang_99', 'vx: ***', 'vx: *******'],
    ['加我WeChat: Nana_Wang', '加我WeChat: ***', '加我WeChat: *********'],
  ] as const) {
    t.same(maskPersonalNumbers(text), { text: masked, masked: 1 }, text);
    t.equal(redactPersonalNumbers(text), redacted, text);
  }
  t.same(maskPersonalNumbers('wx13912345605'), { text: 'wx***********', masked: 1 }, 'a phone behind wx is still masked as a phone');
  for (const untouched of ['熟悉微信小程序开发', 'QQ音乐', 'wechat program', '会用wx小程序', 'V8引擎', 'IV:abcdef', '微信公众号运营', '微信支付 2000元']) {
    t.same(maskPersonalNumbers(untouched), { text: untouched, masked: 0 }, untouched);
  }
  const { app } = await buildSecuredApp({}, undefined, {
    setup: async (app) => {
      app.get('/v1/ascii', { config: { access: { roles: ['hr'] } } }, async () => ({ note: 'wechat: nana_139' }));
    },
  });
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  const res = await app.inject({ method: 'GET', url: '/v1/ascii', headers: { authorization: `Bearer ${hr}` } });
  t.same(res.json(), { note: 'wechat: ***' }, 'an all-ASCII reply with few digits is searched when it names an account');
});

t.test('a phone number in Chinese numerals (壹叁玖…, 一三九…) is a phone number; names with numerals in them are still found', async (t) => {
  t.same(maskPersonalNumbers('联系：壹叁玖 1234 5678'), { text: '联系：***********', masked: 1 });
  t.same(maskPersonalNumbers('电话一三九 一二三四 五六七八'), { text: '电话***********', masked: 1 });
  t.equal(redactPersonalNumbers('一三九一二三四五六七八'), '***********');
  for (const untouched of ['第一二三四五六七八九十名', '两年经验，三个项目，一等奖', '一二三四五六七八九〇一二']) {
    t.same(maskPersonalNumbers(untouched), { text: untouched, masked: 0 }, untouched);
  }
  t.equal(redactPersonalNumbers('我叫王一鸣，一鸣会PLC', { names: ['王一鸣'] }), '我叫**，**会PLC');
});

t.test('the guard\'s memo of clean strings: a string seen clean stays as it is, a leaky one is masked every time it comes back, beside clean ones', async (t) => {
  let n = 0;
  const { app } = await buildSecuredApp({}, undefined, {
    setup: async (app) => {
      app.get('/v1/pages', { config: { access: { roles: ['hr'] } } }, async () => ({
        hits: [{ note: '熟悉PLC编程' }, { note: '电话13800000001' }, { note: '熟悉PLC编程' }],
        page: ++n,
      }));
    },
  });
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  for (let page = 1; page <= 3; page++) {
    const reply = await app.inject({ method: 'GET', url: '/v1/pages', headers: { authorization: `Bearer ${hr}` } });
    t.same(reply.json(), { hits: [{ note: '熟悉PLC编程' }, { note: '电话***********' }, { note: '熟悉PLC编程' }], page }, `reply ${page}`);
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/pages"} 3');
});

t.test('replies written by the compiled writer are checked as objects before they are written: every string at every depth, as the written text would be', async (t) => {
  const Hit = z.object({ id: z.string(), note: z.string(), tags: z.array(z.object({ name: z.string() })), contributions: z.record(z.string(), z.number()), extra: z.unknown().optional() });
  const Page = z.object({ hits: z.array(Hit), facets: z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string().optional() }))), nextCursor: z.string().nullable(), total: z.number() });
  type Page = z.infer<typeof Page>;
  const leaky = (at?: unknown): Page => ({
    hits: [
      { id: 'STU-13800000002', note: '熟悉PLC编程', tags: [{ name: '电工' }], contributions: { lexical: 13800000001 } },
      { id: '13800000003', note: '微信 wx13912345605，邮箱 wang.xm@example.com', tags: [{ name: '电话139-1234-5602' }], contributions: {}, ...(at ? { extra: at } : {}) },
    ],
    facets: { city: [{ value: '珠海市' }, { value: 'S1', label: '身份证440404200503120318' }] },
    nextCursor: '13800000004',
    total: 2,
  });
  const expected = {
    hits: [
      { id: 'STU-13800000002', note: '熟悉PLC编程', tags: [{ name: '电工' }], contributions: { lexical: 13800000001 } },
      { id: '***********', note: '微信 ***，邮箱 ***@example.com', tags: [{ name: '电话***********' }], contributions: {} },
    ],
    facets: { city: [{ value: '珠海市' }, { value: 'S1', label: '身份证******************' }] },
    nextCursor: '***********',
    total: 2,
  };
  let served: z.infer<typeof Page> | undefined;
  const { app } = await buildSecuredApp({}, undefined, {
    setup: async (app) => {
      const route = { config: { access: { roles: ['hr', 'office'] } }, schema: { response: { 200: Page } } } as const;
      app.get('/v1/compiled', { ...route, serializerCompiler: compiledReplySerializer }, async () => leaky());
      // The same reply through the app's default writer: checked as written text, after it is written.
      app.get('/v1/written', route, async () => leaky());
      // A value the object check does not follow (an object with a toJSON): the written text is checked instead.
      app.get('/v1/compiled-date', { ...route, serializerCompiler: compiledReplySerializer }, async () => leaky({ toJSON: () => '电话13800000001' }));
      app.get('/v1/compiled-one', { ...route, serializerCompiler: compiledReplySerializer }, async () => served!);
    },
  });
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  const office = (await app.apiKeys.create({ role: 'office', label: 'office' })).key;
  const get = (url: string, key: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  for (let round = 1; round <= 2; round++) {
    // Twice: the second time the clean strings come from the memo.
    const compiled = await get('/v1/compiled', hr);
    t.equal(compiled.statusCode, 200);
    t.same(compiled.json(), expected, `compiled writer, round ${round}`);
    t.equal(Number(compiled.headers['content-length']), Buffer.byteLength(compiled.body));
    t.same((await get('/v1/written', hr)).json(), expected, `default writer, round ${round}`);
  }
  const dated = await get('/v1/compiled-date', hr);
  t.equal(dated.statusCode, 200);
  t.equal(dated.json().hits[1].extra, '电话***********');
  t.equal((await get('/v1/compiled', office)).json().hits[1].note, '微信 wx13912345605，邮箱 wang.xm@example.com', 'other roles see the reply as it is');
  // One leak alone, anywhere: nothing else in the reply to mask that would send it through the masking anyway.
  const one: Array<[string, (b: Page) => void, (b: Page) => unknown]> = [
    ['an identifier', (b) => (b.hits[1]!.id = '13800000009'), (b) => b.hits[1]!.id],
    ['free text', (b) => (b.hits[1]!.note = '电话13800000009'), (b) => b.hits[1]!.note],
    ['an array in an array', (b) => (b.hits[1]!.tags = [{ name: '电工' }, { name: '电话13800000009' }]), (b) => b.hits[1]!.tags[1]!.name],
    ['a record', (b) => (b.facets = { city: [{ value: '珠海市', label: '电话13800000009' }] }), (b) => b.facets.city![0]!.label],
    ['the cursor', (b) => (b.nextCursor = '13800000009'), (b) => b.nextCursor],
  ];
  for (const [where, put, read] of one) {
    const body = leaky();
    body.hits[1] = { id: 'STU-2', note: '熟悉PLC编程', tags: [{ name: '电工' }], contributions: {} };
    body.facets = { city: [{ value: '珠海市' }] };
    body.nextCursor = 'c';
    put(body);
    served = body;
    const reply = (await get('/v1/compiled-one', hr)).json<Page>();
    t.equal(read(reply), String(read(body)).replace('13800000009', '***********'), `one leak in ${where}`);
  }
  // Frozen objects found clean are not searched again; one that holds anything unfrozen is, every time.
  const tag = { name: '电工' };
  const frozenHit = Object.freeze({ id: 'STU-3', note: '熟悉PLC编程', tags: Object.freeze([Object.freeze({ name: '钳工' })]), contributions: Object.freeze({}) });
  const hit = Object.freeze({ id: 'STU-4', note: '熟悉CAD', tags: Object.freeze([tag]), contributions: Object.freeze({}) });
  for (let round = 1; round <= 2; round++) {
    served = { hits: [frozenHit, hit] as unknown as Page['hits'], facets: {}, nextCursor: null, total: 2 };
    const reply = (await get('/v1/compiled-one', hr)).json<Page>();
    t.same(reply.hits.map((h) => h.tags[0]!.name), ['钳工', round === 1 ? '电工' : '电话***********'], `shared objects, round ${round}`);
    // The hit is frozen, its tag is not: the change shows in the next reply, and is checked.
    tag.name = '电话13800000009';
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/compiled"} 12');
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/written"} 12');
  t.match(metrics, 'chanjiao_personal_numbers_masked_total{route="/v1/compiled-date"} 7');
});

t.test('names in Latin letters and in pinyin are found in any case, spacing and order; the whole name only when asked', async (t) => {
  const redact = (text: string, name: string, opts: { nameForms?: 'all' | 'full'; keep?: string[] } = {}) => redactPersonalNumbers(text, { names: [name], ...opts });
  for (const text of ['My name is Li Ming.', 'LI MING', 'li ming', 'li-ming', 'Ming Li', 'Li  Ming']) t.notMatch(redact(text, 'Li Ming'), /li|ming/i, `${text} (Li Ming)`);
  t.equal(redact('Berlin Mingo climbing', 'Li Ming'), 'Berlin Mingo climbing', 'letters of the name inside other words stay');
  for (const text of ['Zhou Jieming', 'zhoujieming', 'ZHOU JIE MING', 'Jieming Zhou', 'zhou-jie-ming', '叫我Jieming', '周-杰-明', '周 杰 明', '周　杰明', '周·杰明']) {
    t.notMatch(redact(text, '周杰明'), /zhou|jie|ming|周|杰明/i, `${text} (周杰明)`);
  }
  t.equal(redact('jie ming zhuan ye', '周杰明'), '** zhuan ye', 'the given name alone in pinyin, two syllables and five letters');
  t.equal(redact('Ming is a word', '周杰明'), 'Ming is a word', 'one syllable alone is an ordinary word');
  t.equal(redact('Zeng Le, Zeng Yue, ZENGLE', '曾乐'), '**, **, **', 'every reading of a character of the name');
  t.equal(redact('Shan Tianfang', '单田芳'), '**', 'a surname read as a surname (单: shan)');

  t.equal(redact('电气控制', '陈控制', { nameForms: 'full' }), '电气控制', 'the whole name only: a given name inside a skill stays');
  t.equal(redact('陈控制', '陈控制', { nameForms: 'full' }), '**');
  t.equal(redact('Chen Kongzhi', '陈控制', { nameForms: 'full' }), '**');
  t.equal(redact('熟练掌握电气控制，我叫控制。陈控制', '陈控制', { keep: ['电气控制'] }), '熟练掌握电气控制，我叫**。**', 'inside a kept word the given name stays; elsewhere it goes');
  t.equal(redact('熟练掌握电气控制', '陈控制'), '熟练掌握电气**', 'without the kept word it goes (privacy first)');
});

t.test('landlines and a mobile said with 幺 are phone numbers; decimals and years are not', async (t) => {
  for (const text of ['电话 0756-1234567', '家里 (020) 8765 4321', '010-12345678', '座机０７５６１２３４５６７', '手机 幺三八幺二三四五六七八']) {
    t.notMatch(redactPersonalNumbers(text), /[0-9０-９]{3}|幺三八/, text);
  }
  t.equal(maskPersonalNumbers('电话 0756-1234567').text, '电话 ***********');
  for (const text of ['得分 0.342855728913', '2026-2027 学年', '成绩 0.9582 与 0.9598', '专业代码 460301']) t.equal(redactPersonalNumbers(text), text, text);
});

t.test('a QQ or WeChat account goes whatever the label is worded: 号码, 账号, ID, Q号, 扣扣, 是/为, any case, with or without a colon', async (t) => {
  for (const [text, redacted] of [
    ['QQ号码：123456789', 'QQ号码：*********'],
    ['QQ号码 987654321', 'QQ号码 *********'],
    ['QQ号码987654321', 'QQ号码*********'],
    ['我的QQ号码是123456789', '我的QQ号码是*********'],
    ['qq号码 : 123456789', 'qq号码 : *********'],
    ['qq:123456789', 'qq:*********'],
    ['qQ 123456789', 'qQ *********'],
    ['Q号：123456789', 'Q号：*********'],
    ['Q号123456789', 'Q号*********'],
    ['Q：123456789', 'Q：*********'],
    ['扣扣号码 123456789', '扣扣号码 *********'],
    ['扣扣：123456789', '扣扣：*********'],
    ['企鹅号码：123456789', '企鹅号码：*********'],
    ['QQ账号：123456789', 'QQ账号：*********'],
    ['微信号码：zhangsan88', '微信号码：**********'],
    ['微信账号 zhangsan_88', '微信账号 ***********'],
    ['微信帐号：zhangsan', '微信帐号：********'],
    ['微信ID：zhangsan', '微信ID：********'],
    ['WECHAT: zhangsan', 'WECHAT: ********'],
    ['Weixin zhangsan_88', 'Weixin ***********'],
    ['微信号为 zhangsan_88', '微信号为 ***********'],
    ['邮箱：123456789', '邮箱：*********'],
    ['邮箱 zhangsan_88', '邮箱 ***********'],
    ['抖音号：zhangsan88', '抖音号：**********'],
    ['钉钉 zhangsan_88', '钉钉 ***********'],
  ] as const) {
    t.equal(redactPersonalNumbers(text), redacted, text);
    t.equal(maskPersonalNumbers(text).masked, 1, text);
  }
  t.equal(maskPersonalNumbers('邮箱：nana@qq.com').text, '邮箱：***@qq.com', 'an address behind the label is still masked as an address');
  for (const untouched of ['QQ号码管理系统', 'Q号码段', 'Q&A 环节', '邮箱系统运维', '微信号运营 3年', '抖音运营', '钉钉审批流程', 'QQ 2年', '熟悉微信小程序开发', 'QQ音乐']) {
    t.same(maskPersonalNumbers(untouched), { text: untouched, masked: 0 }, untouched);
  }
});

t.test('a name is found in traditional characters and in a mix of both scripts, whichever it is on record in', async (t) => {
  t.equal(redactPersonalNumbers('我是張偉傑，會PLC', { names: ['张伟杰'] }), '我是**，會PLC');
  t.equal(redactPersonalNumbers('张偉杰同学', { names: ['张伟杰'] }), '**同学');
  t.equal(redactPersonalNumbers('偉傑喜欢电工', { names: ['张伟杰'] }), '**喜欢电工', 'the given name alone');
  t.equal(redactPersonalNumbers('我叫张伟杰', { names: ['張偉傑'] }), '我叫**', 'on record in traditional, written in simplified');
  t.equal(redactPersonalNumbers('歐陽娜娜', { names: ['欧阳娜娜'] }), '**');
  t.equal(redactPersonalNumbers('老張来了', { names: ['张伟杰'] }), '老**来了', 'the surname where it stands for the person');
  t.equal(redactPersonalNumbers('張家界 旅游', { names: ['张伟杰'] }), '張家界 旅游', 'the surname alone elsewhere stays');
});

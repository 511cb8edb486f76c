import fc from 'fast-check';
import t from 'tap';
import { startLightHost, student } from './light-host.js';

/**
 * Issue 15 item 2: a phone or ID number written in any form (separators, +86 / wx / tel_ / ID
 * prefixes, full-width digits, zero-width characters inside), an e-mail address, and the student's
 * own name or given name never reach an HR reply nor the search index.
 */

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** What a reader recovers from text: NFKC, invisible characters gone, only the digits. */
function digitsSeen(text: string): string {
  return text.normalize('NFKC').replace(/[\u200b-\u200f\u2060-\u2064\ufeff]/g, '').replace(/\D/g, '');
}

const phoneArb = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{9}$/)).map(([b, rest]) => `1${b}${rest}`);
const idArb = fc
  .tuple(fc.stringMatching(/^[1-6]\d{5}$/), fc.integer({ min: 1970, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.stringMatching(/^\d{3}[\dX]$/))
  .map(([area, y, m, d, tail]) => `${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${tail}`);

/** A number rendered as people write it. */
const rendering = (digits: string) =>
  fc
    .record({
      groups: fc.constantFrom<number[]>([digits.length], [3, 4, 4], [3, 3, 5], [6, 8, 4], [4, 4, 4, 4, 2], [2, 2, 2, 2, 2, 1]),
      sep: fc.constantFrom('', ' ', '-', '.', ' - ', '\u3000', '·', '/'),
      prefix: fc.constantFrom('', '+86', '+86 ', '0086-', '86', 'wx', 'tel_', 'ID', 'id:', 'Tel:', '电话', 'vx ', '(+86)'),
      fullWidth: fc.boolean(),
      zeroWidth: fc.option(fc.tuple(fc.integer({ min: 1, max: digits.length - 1 }), fc.constantFrom(...ZERO_WIDTH)), { nil: undefined }),
    })
    .map(({ groups, sep, prefix, fullWidth, zeroWidth }) => {
      const parts: string[] = [];
      let at = 0;
      for (const g of groups) {
        if (at >= digits.length) break;
        parts.push(digits.slice(at, at + g));
        at += g;
      }
      if (at < digits.length) parts.push(digits.slice(at));
      let text = parts.join(sep);
      if (zeroWidth) {
        const [i, z] = zeroWidth;
        const pos = Math.min(i, text.length - 1);
        text = `${text.slice(0, pos)}${z}${text.slice(pos)}`;
      }
      if (fullWidth) text = FULL_WIDTH(text);
      // +86 goes only with phones; other prefixes with either.
      return `${digits.length === 11 || !/86/.test(prefix) ? prefix : ''}${text}`;
    });

t.test('phone and ID numbers in any rendering reach neither an HR reply nor the index', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      phoneArb.chain((p) => rendering(p).map((r) => [p, r] as const)),
      idArb.chain((p) => rendering(p).map((r) => [p, r] as const)),
      fc.constantFrom('我的', '联系方式：', 'PLC 电气，', ''),
      async ([phone, phoneText], [id, idText], lead) => {
        const studentId = `STU-P${++n}`;
        const intro = `${lead}${phoneText}，证件 ${idText} 。熟悉PLC。`;
        await host.load('student', [student(studentId, { selfIntroduction: intro })]);
        const reply = await host.call('hr', 'GET', `/v1/candidates/${studentId}`);
        if (reply.statusCode !== 200) throw new Error(`GET candidate: ${reply.statusCode} ${reply.body}`);
        const shown = reply.json().selfIntroduction as string;
        const doc = await host.app.searcher.index.get('student', studentId);
        const indexed = JSON.stringify(doc?.source ?? null) + JSON.stringify(doc?.text ?? null);
        for (const [what, text] of [['HR reply', shown], ['index', indexed]] as const) {
          const seen = digitsSeen(text);
          if (seen.includes(phone)) throw new Error(`${what} shows phone ${phone} from ${JSON.stringify(phoneText)}: ${text}`);
          if (seen.includes(id.slice(0, 17))) throw new Error(`${what} shows ID ${id} from ${JSON.stringify(idText)}: ${text}`);
        }
        // Searching by the number finds nothing the words alone would not.
        const ranking = async (query: string) =>
          ((await host.call('hr', 'POST', '/v1/candidates/search', { query, limit: 50 })).json().hits as Array<{ student: { id: string }; score: number }>).map((h) => `${h.student.id}:${h.score}`);
        const query = `PLC ${phoneText} ${idText}`;
        const withNumber = await ranking(query);
        const without = await ranking(query.normalize('NFKC').replace(/\d|(?<=\d)[Xx]/g, ' '));
        if (JSON.stringify(withNumber) !== JSON.stringify(without)) throw new Error(`a search for ${phoneText} / ${idText} ranks differently from one without it`);
      },
    ),
    { numRuns: 150, seed: 15 },
  );
});

t.test('e-mail addresses and the student own name or given name are masked in replies and the index', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const cases = [
    { name: '王小明', intro: '我叫王小明，邮箱 xiaoming.wang@example.com，小明熟悉PLC。', gone: ['王小明', '小明', 'xiaoming.wang', 'example.com'] },
    { name: '欧阳娜娜', intro: '大家好，我是欧阳\u200b娜娜，娜娜擅长护理。邮箱：ｎａｎａ＠ｑｑ．ｃｏｍ', gone: ['欧阳娜娜', '娜娜', 'nana@'] },
    { name: '李雷', intro: '我是李 雷，同学们叫我雷雷，邮件 lilei+jobs@163.com', gone: ['李雷', '李 雷', '雷雷', 'lilei'] },
    // In traditional characters, and in a mix, as Hong Kong and Taiwan input methods write a name on record in simplified.
    { name: '张伟杰', intro: '我是張偉傑，朋友叫我偉傑，也写作张偉杰。熟悉PLC。', gone: ['張偉傑', '偉傑', '张偉杰'] },
  ];
  for (const [i, c] of cases.entries()) {
    const id = `STU-N${i}`;
    await host.load('student', [student(id, { selfIntroduction: c.intro, personal: { name: c.name } })]);
    const shown = (await host.call('hr', 'GET', `/v1/candidates/${id}`)).json().selfIntroduction as string;
    const doc = await host.app.searcher.index.get('student', id);
    const indexed = JSON.stringify(doc?.source) + JSON.stringify(doc?.text);
    for (const g of c.gone) {
      t.notOk(shown.normalize('NFKC').replace(/\u200b/g, '').includes(g), `reply: ${g} gone from ${shown}`);
      t.notOk(indexed.normalize('NFKC').replace(/\u200b/g, '').includes(g), `index: ${g} gone`);
    }
    t.match(shown, /PLC|护理|同学/, 'the rest of the text stays');
  }
});

t.test('no part of the name reaches HR: a rare surname is neither shown, nor indexed, nor searchable', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  // 我叫欧阳娜娜 was indexed and shown as 我叫欧阳** (the masked name), and the card's name was 欧阳**:
  // a search for 欧阳 found the one student with that surname.
  await host.load('student', [student('STU-SUR1', { selfIntroduction: '我叫欧阳娜娜，擅长PLC编程与电气控制。', personal: { name: '欧阳娜娜' } })]);
  const view = (await host.call('hr', 'GET', '/v1/candidates/STU-SUR1')).json();
  t.notMatch(JSON.stringify(view), /欧阳|娜/, `the candidate view: ${JSON.stringify(view).slice(0, 200)}`);
  t.match(view.displayName, /^同学 [0-9A-F]{4}$/, 'a pseudonym stands for the name');
  const doc = await host.app.searcher.index.get('student', 'STU-SUR1');
  t.notMatch(JSON.stringify(doc?.source) + JSON.stringify(doc?.text), /欧阳|娜/, 'nothing of the name is indexed');
  const found = (await host.call('hr', 'POST', '/v1/candidates/search', { query: '欧阳', limit: 20 })).json();
  const hit = (found.hits as Array<{ student: { id: string }; explanation: { lexicalScore: number } }>).find((h) => h.student.id === 'STU-SUR1');
  t.equal(hit?.explanation.lexicalScore ?? 0, 0, 'a search for the surname does not find the student by its words');
  t.notMatch(JSON.stringify(found), /欧阳娜|欧阳\*/, 'and shows nothing of it');
});

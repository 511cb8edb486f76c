/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against a real
 * embedded host serving it at `/`, on the demo data: each role's main journey, sign-out, the
 * server refusing a student's session on HR routes, and axe-core on every main page. A
 * screenshot of each page goes to test/browser/screenshots/ (not committed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import { ANCHOR_ENTERPRISES, ANCHOR_STUDENTS } from '@chanjiao/demo-data';
import { ExcelJS, iconv, type Page } from '../../services/console/testing/index.js';
import { axeSerious, csrfOf, screenshot, signedIn, startConsoleEnv } from './helpers.js';

// One host, one browser, seven journeys: longer than the suite's default per-file limit on a busy machine.
t.setTimeout(900_000);
const env = await startConsoleEnv();
t.teardown(() => env.close());
const downloads = mkdtempSync(join(tmpdir(), 'console-dl-'));
t.teardown(() => rmSync(downloads, { recursive: true, force: true }));

const HR_POST = 'POST-ANCHOR-PLC-INTERN';
const STUDENT = ANCHOR_STUDENTS[0]!;
const api = env.host.call;
const keys = env.host.keys;

/** Screenshot, then axe-core: no serious or critical violation on the page. */
async function checkPage(tt: Test, page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await axeSerious(page);
  tt.same(violations, [], `axe: no serious or critical violation on ${name}`);
}

/** An attribute of every element a selector matches, in document order. */
async function attrs(page: Page, selector: string, name: string): Promise<Array<string | null>> {
  return Promise.all((await page.locator(selector).all()).map((l) => l.getAttribute(name)));
}

/** Picks an option of an Element Plus select by the text of the option. */
async function choose(page: Page, selectId: string, option: string | RegExp): Promise<void> {
  await page.locator('.el-select', { has: page.locator(`#${selectId}`) }).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  await page.keyboard.press('Escape');
}

t.test('HR: signs in, searches, narrows by a 类 in the catalog picker, shortlists two students, exports .xlsx equal to the API shortlist', async (tt) => {
  const { context, page } = await signedIn(env, keys.hr);
  tt.teardown(() => context.close());
  tt.match(new URL(page.url()).pathname, '/hr/search', 'HR lands on the candidate search');
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  await choose(page, 'target-post', HR_POST);

  await page.locator('#q').fill('PLC 电气 顶岗实习 2027届 金湾');
  const searched = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  const first = (await (await searched).json()) as { hits: Array<{ student: { id: string } }> };
  tt.ok(first.hits.length > 0, 'the query finds students');
  await page.locator(`[data-student-id="${first.hits[0]!.student.id}"]`).waitFor();
  const chips = await page.getByRole('group', { name: '已识别的条件' }).locator('.chip').allTextContents();
  for (const c of ['2027届', '珠海市金湾区', '顶岗实习', '专业：电气自动化技术']) tt.ok(chips.includes(c), `the reading shows ${c}`);
  tt.equal(new Set(chips).size, chips.length, 'each chip once (电气 stands for two majors, not two 电气 chips)');
  await checkPage(tt, page, 'hr-search');

  // The catalog picker: type a 类's name, pick the 类 (高职 自动化类 4603).
  await page.locator('.el-select[data-testid=major-picker]').click();
  await page.keyboard.type('自动化类');
  const narrowed = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && (r.request().postData() ?? '').includes('4603'));
  await page.locator('.el-tree-node__content:visible', { hasText: /^4603 自动化类/ }).first().click();
  const reply = (await (await narrowed).json()) as { hits: Array<{ student: { id: string; major: { code: string } } }>; total: number };
  await page.keyboard.press('Escape');
  tt.ok(reply.hits.length >= 2, 'at least two students in 自动化类 match');
  // A 类 filter also matches the same field on the other levels (中职 6603, 职业本科 2603): the API's rule.
  tt.ok(reply.hits.every((h) => /^[246]603/.test(h.student.major.code)), 'every hit is in 自动化类 (4603, or 6603/2603 on the other levels)');
  tt.ok(reply.hits.some((h) => h.student.major.code.startsWith('4603')), 'some in 4603 itself');
  const body = JSON.parse((await (await narrowed).request().postData()) ?? '{}') as { filters: { majorCodes: string[] } };
  tt.same(body.filters.majorCodes, ['4603'], 'the picker sent the 类 code');
  await page.locator(`[data-student-id="${reply.hits[0]!.student.id}"]`).waitFor();
  const shown = await attrs(page, '[data-testid=candidate-card]', 'data-student-id');
  tt.same(shown, reply.hits.map((h) => h.student.id), 'the cards are the narrowed hits, in order');

  // Shortlist the first two (the anchor student among them when it is in the list).
  const ids = reply.hits.map((h) => h.student.id);
  const pick = ids.includes(STUDENT.id) ? [STUDENT.id, ids.find((i) => i !== STUDENT.id)!] : ids.slice(0, 2);
  for (const id of pick) {
    await page.locator(`[data-student-id="${id}"]`).getByRole('button', { name: /^加入候选名单/ }).click();
    await page.locator(`[data-student-id="${id}"]`).getByRole('button', { name: /已加入候选名单/ }).waitFor();
  }
  const list = (await api('GET', `/v1/posts/${HR_POST}/shortlist`, keys.hr)).body as { entries: Array<{ studentId: string; note?: string; student: { displayName: string; major: { code: string } } | null }> };
  tt.same(list.entries.map((e) => e.studentId).sort(), [...pick].sort(), 'the API holds the two shortlisted students');

  // The shortlist page: a note, then the .xlsx export, checked against the API's shortlist.
  await page.getByRole('link', { name: '候选名单' }).click();
  await page.waitForURL('**/hr/shortlist');
  await choose(page, 'sl-post', HR_POST);
  await page.locator('[data-testid=shortlist-table] tbody tr').nth(1).waitFor();
  await page.getByLabel(`${pick[0]} 的备注`).fill('电气基础扎实，安排面试');
  await page.getByLabel(`${pick[0]} 的备注`).press('Enter');
  await page.getByText('备注已保存').first().waitFor();
  await checkPage(tt, page, 'hr-shortlist');
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel (.xlsx)' }).click();
  const file = join(downloads, 'shortlist.xlsx');
  await (await dl).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  const api2 = (await api('GET', `/v1/posts/${HR_POST}/shortlist`, keys.hr)).body as typeof list;
  tt.equal(rows[0]![1], '学生编号', 'the sheet has the Chinese header row');
  tt.same(
    rows.slice(1).map((r) => [r[1], r[2], r[4], r[10] ?? '']),
    api2.entries.map((e) => [e.studentId, e.student?.displayName ?? '', e.student?.major.code ?? '', e.note ?? '']),
    'the .xlsx rows are the API shortlist (id, masked name, major code, note)',
  );
  tt.ok(api2.entries.some((e) => e.note === '电气基础扎实，安排面试'), 'the note was saved through the API');
  tt.notOk(JSON.stringify(rows).includes(STUDENT.personal.name), 'the export carries no real name');

  // The other HR pages, for axe and screenshots: my posts with ranked candidates, a profile.
  await page.getByRole('link', { name: '我的岗位' }).click();
  await page.getByRole('button', { name: /电气自动化顶岗实习生/ }).first().click();
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  await checkPage(tt, page, 'hr-posts');
  await page.locator('[data-testid=candidate-card] h3 a').first().click();
  await page.getByText('自我介绍').waitFor();
  await checkPage(tt, page, 'hr-candidate');
});

t.test('HR: the reading of what a query rules out, of a certificate with its level, and of a condition not applied, as chips', async (tt) => {
  const { context, page } = await signedIn(env, keys.hr);
  tt.teardown(() => context.close());
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  await page.locator('#q').fill('焊工 不要中职 持电工证 中级 非2026届 广州以外 不要女生');
  const searched = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await searched;
  await page.getByRole('group', { name: '已识别的条件' }).locator('.chip', { hasText: '证书：电工职业技能等级证书' }).waitFor();
  const chips = await page.getByRole('group', { name: '已识别的条件' }).locator('.chip').allTextContents();
  for (const c of ['高职专科', '职业本科', '证书：电工职业技能等级证书（中级及以上）', '排除：2026届', '排除：广州市', '未采用（性别条件）：不要女生']) tt.ok(chips.includes(c), `the reading shows ${c}: ${chips.join(' · ')}`);
  tt.notOk(chips.includes('中职') || chips.includes('2026届') || chips.includes('广州市'), 'what was ruled out is not asked for');
});

t.test('HR: narrows by district in the 城市 → 区县 → 园区 picker; the cards are the API reply', async (tt) => {
  const { context, page } = await signedIn(env, keys.hr);
  tt.teardown(() => context.close());
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  await page.locator('[data-testid=place-picker] .el-cascader').click();
  await page.keyboard.type('金湾区');
  const narrowed = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && (r.request().postData() ?? '').includes('districts'));
  // The district itself (its parks, listed after it, match the words too).
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: /金湾区（\d+）$/ }).first().click();
  const res = await narrowed;
  await page.keyboard.press('Escape');
  const sent = JSON.parse(res.request().postData() ?? '{}') as { filters: Record<string, unknown> };
  tt.strictSame(sent.filters, { districts: ['金湾区'] }, 'the picker sent the district, and only it');
  const reply = (await res.json()) as { hits: Array<{ student: { id: string } }>; total: number };
  tt.ok(reply.total > 0, 'students in 金湾区');
  const api2 = (await api('POST', '/v1/candidates/search', keys.hr, { query: '', filters: { districts: ['金湾'] }, limit: 10 })).body as typeof reply;
  tt.equal(reply.total, api2.total, 'the page\'s count is the API\'s for 金湾 (short name)');
  await page.locator(`[data-student-id="${reply.hits[0]!.student.id}"]`).waitFor();
  tt.same(await attrs(page, '[data-testid=candidate-card]', 'data-student-id'), reply.hits.map((h) => h.student.id), 'the cards are the district\'s hits, in order');
  await checkPage(tt, page, 'hr-search-district');

  // A phone number typed as the query: not searched for, and the page says so (without the number).
  await page.locator('#q').fill('13912345678');
  const byPhone = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && (r.request().postData() ?? '').includes('13912345678'));
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  tt.same(((await (await byPhone).json()) as { ignoredPersonalData?: string[] }).ignoredPersonalData, ['phone']);
  const notice = page.getByRole('status').filter({ hasText: '未用于检索' });
  await notice.waitFor();
  tt.match(await notice.textContent(), /手机号未用于检索/, 'the page says the phone number was left out');
});

t.test('HR: the back button from a profile, and a reload, bring back the query, the filters and the same cards', async (tt) => {
  const { context, page } = await signedIn(env, keys.hr);
  tt.teardown(() => context.close());
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  const narrowed = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && (r.request().postData() ?? '').includes('"levels":["higher"]'));
  await page.locator('label.el-checkbox', { hasText: '高职专科' }).click();
  await narrowed;
  await page.locator('#q').fill('PLC 电气');
  const searched = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search') && (r.request().postData() ?? '').includes('PLC 电气'));
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  const reply = (await (await searched).json()) as { hits: Array<{ student: { id: string } }> };
  const ids = reply.hits.map((h) => h.student.id);
  tt.ok(ids.length > 0, 'the search finds students');
  await page.locator(`[data-student-id="${ids[0]}"]`).waitFor();
  await page.locator(`[data-student-id="${ids[0]}"] h3 a`).click();
  await page.getByText('自我介绍').waitFor();
  const again = page.waitForResponse((r) => r.url().endsWith('/v1/candidates/search'));
  await page.goBack();
  const back = JSON.parse((await again).request().postData() ?? '{}') as { query: string; filters: Record<string, unknown> };
  tt.equal(back.query, 'PLC 电气', 'back on the search page, the query is searched again');
  tt.same(back.filters, { levels: ['higher'] }, 'with the same filters');
  await page.locator(`[data-student-id="${ids[0]}"]`).waitFor();
  tt.equal(await page.locator('#q').inputValue(), 'PLC 电气', 'the query box holds the query');
  tt.ok(await page.getByRole('checkbox', { name: /高职专科/ }).isChecked(), 'the level is still ticked');
  tt.same(await attrs(page, '[data-testid=candidate-card]', 'data-student-id'), ids, 'the same cards, in order');
  await page.reload();
  await page.locator(`[data-student-id="${ids[0]}"]`).waitFor();
  tt.equal(await page.locator('#q').inputValue(), 'PLC 电气', 'a reload keeps the search too');
});

t.test('HR: a reply whose total is an estimate (the search depth cut the ranking) is said to be a floor, not an exact count', async (tt) => {
  const { context, page } = await signedIn(env, keys.hr);
  tt.teardown(() => context.close());
  // A city large enough to cut the ranking is more than a test host holds: the API's own reply, marked as a large city's would be.
  await page.route('**/v1/candidates/search', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as Record<string, unknown>;
    await route.fulfill({ status: res.status(), json: { ...body, totalIsEstimate: true } });
  });
  await page.goto('/hr/search');
  await page.locator('[data-testid=candidate-card]').first().waitFor();
  const line = page.getByText(/^\s*共 \d+/);
  await line.waitFor();
  tt.match(await line.textContent(), /共 \d+ 名以上学生/, 'the count says "以上"');
});

t.test('signed out: one session check per load and no script error, on the sign-in page and on a deep link', async (tt) => {
  const context = await env.browser.newContext({ locale: 'zh-CN', baseURL: env.base });
  tt.teardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let checks = 0;
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === '/v1/session') checks++;
  });
  await page.goto('/login');
  await page.getByLabel('访问密钥').waitFor();
  await page.getByRole('button', { name: '登录' }).waitFor();
  tt.equal(checks, 1, 'the sign-in page asks who is signed in once');
  checks = 0;
  await page.goto('/hr/shortlist');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/hr/shortlist');
  await page.getByLabel('访问密钥').waitFor();
  tt.equal(checks, 1, 'a deep link asks once, then goes to the sign-in page');
  // A wrong key: the API's message, and still no script error.
  await page.getByLabel('访问密钥').fill('cjk_not_a_key');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('alert').filter({ hasText: 'API 密钥无效' }).waitFor();
  tt.same(errors, [], 'no uncaught error in the page');
});

t.test('student: recommendations with reasons on a 375 px phone; cold load measured', async (tt) => {
  const { context, page } = await signedIn(env, keys.student, { width: 375, height: 812 });
  tt.teardown(() => context.close());
  await page.locator('[data-testid=post-card]').first().waitFor();
  type Recs = { hits: Array<{ post: { post: { id: string; city: string; term: string } } }>; total: number };
  const recs = (await api('GET', `/v1/students/${STUDENT.id}/recommendations?limit=20`, keys.student)).body as Recs;
  const shown = await attrs(page, '[data-testid=post-card]', 'data-post-id');
  tt.same(shown, recs.hits.map((h) => h.post.post.id), 'the cards are the API recommendations (first page of 20), in order');
  const reasons = await page.locator('[data-testid=post-card]').first().locator('[data-testid=reasons] li').allTextContents();
  tt.ok(reasons.length >= 2, 'the first recommendation gives reasons');
  tt.ok(reasons.some((r) => /技能|专业/.test(r)), 'in words (skills, major)');
  tt.notOk(reasons.some((r) => /\d\.\d{3}/.test(r)), 'no raw scores');
  const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  tt.ok(overflow <= 375, `no sideways scrolling at 375 px (scrollWidth ${overflow})`);
  await checkPage(tt, page, 'student-recommendations');

  // What to learn next, beside the recommendations: the API's lines, the posts behind one on expand.
  // The panel's term: the first of the recommendations' terms (most posts first) in which a skill adds posts.
  const termsByUse = [...recs.hits.reduce((m, h) => m.set(h.post.post.term, (m.get(h.post.post.term) ?? 0) + 1), new Map<string, number>())]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([t]) => t);
  type Next = { items: Array<{ item: { key: string }; summary: string; posts: Array<{ postId: string }> }> };
  let next: Next | undefined;
  for (const t of termsByUse.slice(0, 3)) {
    next = (await api('GET', `/v1/students/${STUDENT.id}/next-skills?term=${t}&limit=5`, keys.student)).body as Next;
    if (next.items.length) break;
  }
  tt.ok(next!.items.length > 0, `the API names skills to learn (terms ${termsByUse.join(', ')})`);
  await page.locator('[data-testid=next-skill]').first().waitFor();
  tt.same(await page.locator('[data-testid=next-skill-summary]').allTextContents(), next!.items.map((i) => i.summary), 'the panel shows the API\'s lines (学会 …：可多匹配 N 个岗位), in order');
  tt.match(next!.items[0]!.summary, /可多匹配 \d+ 个岗位/);
  const first = page.locator('[data-testid=next-skill]').first();
  await first.locator('summary').click();
  tt.same(await attrs(page, '[data-testid=next-skill]:first-child li[data-post-id]', 'data-post-id'), next!.items[0]!.posts.map((p) => p.postId), 'expanded: the posts behind the number');
  await checkPage(tt, page, 'student-next-skills');

  // The city filter is the API's (?city=): the cards are the API's reply for that city, not a slice of the first page.
  const cityOfFirst = recs.hits[0]!.post.post.city;
  const cityReq = page.waitForResponse((r) => r.url().includes('/recommendations') && r.url().includes('city='));
  await choose(page, 'rec-city', cityOfFirst);
  const byCity = (await (await cityReq).json()) as Recs;
  const apiCity = (await api('GET', `/v1/students/${STUDENT.id}/recommendations?limit=20&city=${encodeURIComponent(cityOfFirst)}`, keys.student)).body as Recs;
  tt.same(byCity.hits.map((h) => h.post.post.id), apiCity.hits.map((h) => h.post.post.id), 'the page asked the API for that city');
  tt.ok(apiCity.hits.every((h) => h.post.post.city === cityOfFirst), `every post is in ${cityOfFirst}`);
  const cityIds = JSON.stringify(apiCity.hits.map((h) => h.post.post.id));
  await page.waitForFunction(`JSON.stringify([...document.querySelectorAll('[data-testid=post-card]')].map((e) => e.dataset.postId)) === ${JSON.stringify(cityIds)}`);
  tt.same(await attrs(page, '[data-testid=post-card]', 'data-post-id'), apiCity.hits.map((h) => h.post.post.id), 'the cards are the city\'s recommendations');

  // The English switch: the menu and the page chrome, Chinese back by default.
  await page.getByTestId('lang-switch').click();
  await page.getByRole('link', { name: 'Recommended for me' }).waitFor();
  tt.equal(await page.evaluate('document.documentElement.lang'), 'en', 'the page says it is in English');
  tt.ok(await page.getByRole('heading', { name: 'Recommended for me', level: 1 }).count(), 'the page heading is English');
  await checkPage(tt, page, 'student-recommendations-en');
  await page.getByTestId('lang-switch').click();
  await page.getByRole('link', { name: '为我推荐' }).waitFor();
  tt.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN', 'back to Chinese');


  await page.getByRole('link', { name: '岗位搜索' }).click();
  await page.locator('#pq').fill('电气 实习 月薪3000以上');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  // The page lists open posts before any search: wait for what the search read, not for a card.
  await page.getByRole('group', { name: '已识别的条件' }).locator('.chip').first().waitFor();
  await page.locator('[data-testid=post-card]').first().waitFor();
  const read = await page.getByRole('group', { name: '已识别的条件' }).locator('.chip').allTextContents();
  tt.ok(read.includes('月薪 ≥ 3000 元') && read.includes('实习岗位'), `the student sees what was read: ${read.join(' · ')}`);
  await checkPage(tt, page, 'student-post-search');
  await page.locator('[data-testid=post-card] h3 a').first().click();
  await page.getByText('岗位介绍').waitFor();
  await checkPage(tt, page, 'student-post-detail');

  // Cold load, twice: a new context each time (empty cache) with the session cookie, to the first recommendation.
  const state = await context.storageState();
  for (const run of [1, 2]) {
    const cold = await env.browser.newContext({ viewport: { width: 375, height: 812 }, baseURL: env.base, storageState: state });
    const coldPage = await cold.newPage();
    // When the first recommendation enters the page, by the page's own clock (not the test's polling).
    await coldPage.addInitScript(
      `new MutationObserver((_, o) => { if (document.querySelector('[data-testid=post-card]')) { window.__firstCard = Math.round(performance.now()); o.disconnect(); } }).observe(document, { childList: true, subtree: true });`,
    );
    const scripts: Promise<number>[] = [];
    coldPage.on('response', (r) => {
      // A script that arrives after the first card (the filters, the next-skills panel) may still be
      // loading when the context closes: its body then rejects, which must not end the test run.
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b).length, () => 0));
    });
    const started = Date.now();
    await coldPage.goto('/student/recommendations');
    await coldPage.locator('[data-testid=post-card]').first().waitFor();
    const ms = Date.now() - started;
    const gz = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    const timing = await coldPage.evaluate(
      'JSON.stringify({ dcl: Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd), session: Math.round((performance.getEntriesByType("resource").find((e) => e.name.endsWith("/v1/session")) || {}).responseEnd || 0), recsStart: Math.round((performance.getEntriesByType("resource").find((e) => e.name.includes("/recommendations")) || {}).startTime || 0), recsEnd: Math.round((performance.getEntriesByType("resource").find((e) => e.name.includes("/recommendations")) || {}).responseEnd || 0), firstCard: window.__firstCard, recsRequests: performance.getEntriesByType("resource").filter((e) => e.name.includes("/recommendations")).length })',
    );
    // A figure for the notes, not a pass/fail: timings depend on the machine.
    tt.comment(`student page cold load ${run}: first recommendation after ${ms} ms; JavaScript ${(gz / 1024).toFixed(1)} KB gzipped in ${scripts.length} files; ms since navigation start ${timing}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await cold.close();
  }
});

t.test('office: runs a batch; the dashboard charts draw the reports API numbers', async (tt) => {
  const { context, page } = await signedIn(env, keys.office);
  tt.teardown(() => context.close());
  await page.getByRole('link', { name: '批量匹配' }).click();
  await page.locator('#b-seed').fill('browser-test');
  const term = (await page.locator('#b-term').inputValue().catch(() => '')) || '';
  const started = page.waitForResponse((r) => r.url().endsWith('/v1/batch/jobs') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '开始匹配' }).click();
  const job = (await (await started).json()) as { id: string; term: string };
  tt.ok(job.id, `a job started (${term || job.term})`);
  await page.locator('[data-testid=job-status]', { hasText: '已完成' }).waitFor({ timeout: 240_000 });
  await page.getByText(/结果已保存为第 \d+ 版/).waitFor();
  await checkPage(tt, page, 'office-batch');

  await page.getByRole('link', { name: '数据看板' }).click();
  await page.locator('[data-testid=chart-fill-parks] canvas').waitFor();
  await checkPage(tt, page, 'office-dashboard');
  const report = async (name: string) =>
    ((await api('GET', `/v1/batch/terms/${job.term}/results/latest/reports/${name}`, keys.office)).body as { rows: Array<Record<string, string | number | null>> }).rows;
  const chart = async (id: string) =>
    JSON.parse((await page.locator(`[data-testid=chart-${id}]`).getAttribute('data-chart')) ?? '{}') as { labels: string[]; series: Array<{ name: string; values: number[] }> };
  const notTotal = (k: string) => (r: Record<string, unknown>) => !String(r[k] ?? '').startsWith('合计');

  // The reports' row over every city (reports/context.ts ALL_CITIES) beside one row per city.
  const ALL_CITIES = '全部 all';
  const sm = (await report('shortage-majors')).filter(notTotal('field')).filter((r) => r.city === ALL_CITIES);
  const sd = await chart('supply-demand');
  tt.same(sd.series.map((s) => s.values), [sm.map((r) => r.demandSeats), sm.map((r) => r.supplyStudents)], 'supply vs demand per major class = shortage-majors report, over every city');
  tt.equal(new Set(sd.labels).size, sd.labels.length, 'each major class once (not again for each city under the same label)');
  const parks = (await report('fill-parks')).filter(notTotal('park'));
  // The report writes rates for a clerk ("17.7%"); the chart draws the fraction.
  const fraction = (v: unknown) => (/^[\d.]+%$/.test(String(v)) ? Math.round(Number(String(v).slice(0, -1)) * 10) / 1000 : 0);
  tt.same((await chart('fill-parks')).series[0]!.values, parks.map((r) => fraction(r.fillRate)), 'fill rates per park = fill-parks report');
  const posts = (await report('fill-posts')).filter(notTotal('postId'));
  const byKind = new Map<string, { seats: number; filled: number }>();
  for (const r of posts) {
    const g = byKind.get(String(r.kind)) ?? { seats: 0, filled: 0 };
    g.seats += Number(r.seats);
    g.filled += Number(r.filled);
    byKind.set(String(r.kind), g);
  }
  const kinds = await chart('fill-kinds');
  tt.equal(kinds.labels.length, byKind.size, 'one bar per post kind');
  tt.same(
    [...kinds.series[0]!.values].sort(),
    [...byKind.values()].map((g) => (g.seats ? Math.round((g.filled / g.seats) * 10_000) / 10_000 : 0)).sort(),
    'fill rates per post kind = fill-posts summed per kind',
  );
  const local = (await report('local')).filter(notTotal('city')).filter((r) => r.city !== ALL_CITIES);
  tt.same((await chart('local')).series.map((s) => s.values), [local.map((r) => r.placed), local.map((r) => r.local)], 'local retention = local report');
  const subsidy = (await report('subsidy')).filter((r) => String(r.rule).startsWith('小计'));
  const drawn = await chart('subsidy');
  tt.same(drawn.labels, subsidy.map((r) => r.city), 'one subsidy bar per city with an estimate');
  tt.same(drawn.series[0]!.values, subsidy.map((r) => r.amount), 'subsidy estimate per city = subsidy report subtotals');
  for (const id of ['supply-demand', 'fill-parks', 'fill-enterprises', 'fill-kinds', 'shortage', 'local', 'subsidy']) {
    const box = await page.locator(`[data-testid=chart-${id}] canvas`).first().boundingBox();
    tt.ok(box && box.width > 0 && box.height > 0, `chart ${id} is drawn`);
    const cells = await page.locator(`[data-testid=table-${id}] tbody tr`).count();
    tt.equal(cells, (await chart(id)).labels.length, `chart ${id} has its table beside it`);
  }

  // The shortage catalogue (issue 21): the table is the API's catalogue of the version shown, its chart the first lines.
  const catalogueTable = page.locator('[data-testid=catalogue-table]');
  await catalogueTable.waitFor();
  const summary = (await page.locator('[data-testid=catalogue-summary]').textContent()) ?? '';
  const [, cityShown, yearShown, versionShown] = /^\s*(\S+) (\d{4}) 年 · 第 (\d+) 版/.exec(summary) ?? [];
  tt.ok(cityShown && yearShown && versionShown, `the catalogue says its city, year and version (${summary.trim().slice(0, 40)})`);
  const cat = (await api('GET', `/v1/reports/shortage-catalogue?city=${encodeURIComponent(cityShown!)}&year=${yearShown}&version=${versionShown}`, keys.office)).body as {
    lines: Array<{ rank: number; name: string; demandSeats: number; supplyStudents: number; gap: number }>;
  };
  tt.ok(cat.lines.length > 0, `the catalogue of ${cityShown} ${yearShown} has lines`);
  const column = async (col: string) => (await catalogueTable.locator(`td[data-col=${col}]`).allTextContents()).map((v) => Number(v.replaceAll(',', '')));
  tt.same(await column('rank'), cat.lines.map((l) => l.rank), 'catalogue ranks = API');
  tt.same(await column('demandSeats'), cat.lines.map((l) => l.demandSeats), 'catalogue demand seats = API');
  tt.same(await column('supplyStudents'), cat.lines.map((l) => l.supplyStudents), 'catalogue supply = API');
  tt.same(await column('gap'), cat.lines.map((l) => l.gap), 'catalogue gaps = API');
  const catChart = await chart('catalogue');
  tt.same(catChart.series.map((x) => x.values), [cat.lines.slice(0, 15).map((l) => l.demandSeats), cat.lines.slice(0, 15).map((l) => l.supplyStudents)], 'the catalogue chart draws the first lines');
  const catDl = page.waitForEvent('download');
  await page.getByTestId('catalogue-xlsx').click();
  const catFile = join(downloads, 'catalogue.xlsx');
  await (await catDl).saveAs(catFile);
  const catWb = new ExcelJS.Workbook();
  await catWb.xlsx.readFile(catFile);
  const catRows: unknown[] = [];
  catWb.worksheets[0]!.eachRow((r) => catRows.push(r.values));
  tt.ok(catRows.length >= cat.lines.length, `the .xlsx download has the catalogue's ${cat.lines.length} lines`);
  await checkPage(tt, page, 'office-shortage-catalogue');
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载全部报表/ }).click();
  const file = join(downloads, 'reports.xlsx');
  await (await dl).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const listed = (await api('GET', `/v1/batch/terms/${job.term}/results/latest/reports`, keys.office)).body as { reports: unknown[] };
  tt.equal(wb.worksheets.length, listed.reports.length, 'the .xlsx has one sheet per report');
});

/** Student rows in the school office's scope, as a clerk types them; row 3 (the file's line 3) has a major not in the catalog. */
function studentRows(prefix: string): string[][] {
  const header = ['学号', '学校代码', '姓名', '手机号', '专业代码', '层次', '毕业年份', '技能', '同意被企业查找', '状态'];
  return [
    header,
    [`${prefix}-1`, STUDENT.schoolId, '王小明', '13900000011', '460306', '高职专科', '2027', 'PLC编程；电气控制', '是', 'seeking'],
    [`${prefix}-2`, STUDENT.schoolId, '李小红', '13900000012', '999999', '高职专科', '2027', '触摸屏组态', '是', 'seeking'],
    [`${prefix}-3`, STUDENT.schoolId, '赵小刚', '13900000013', '460301', '高职专科', '2028', '机械制图', '是', 'seeking'],
  ];
}

async function uploadAndCheck(tt: Test, page: Page, name: string, data: Buffer, mime: string, how: 'input' | 'drop'): Promise<void> {
  await page.goto('/data/upload');
  await choose(page, 'u-type', '学生');
  if (how === 'input') {
    await page.locator('[data-testid=file-input]').setInputFiles({ name, mimeType: mime, buffer: data });
  } else {
    // A real drop event carrying the file, as a drag from the desktop delivers it.
    const dt = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(${JSON.stringify([...data])})], ${JSON.stringify(name)}, { type: ${JSON.stringify(mime)} })); return dt; })()`,
    );
    await page.locator('[data-testid=drop-zone]').dispatchEvent('drop', { dataTransfer: dt });
  }
  await page.getByText(/预览/).waitFor();
  tt.ok(await page.getByRole('cell', { name: '李小红' }).count(), `${name}: the preview shows the rows (decoded)`);
  await page.getByRole('button', { name: /导入 学生 数据/ }).click();
  const report = page.locator('[data-testid=upload-report]');
  await report.waitFor();
  await tt.resolves(report.getByText('出错 1 行').waitFor(), `${name}: one row rejected`);
  const errRows = await page.locator('[data-testid=row-errors] tbody tr').allTextContents();
  tt.equal(errRows.length, 1, `${name}: one row error listed`);
  tt.match(errRows[0], /^3/, `${name}: the error names row 3`);
  tt.match(errRows[0], /专业代码/, `${name}: under the Chinese column header`);
  tt.match(errRows[0], /999999/, `${name}: the message names the value`);
  await page.locator('[data-testid=searchable]', { hasText: '已可检索' }).waitFor({ timeout: 60_000 });
  tt.pass(`${name}: the page says when the rows are searchable`);
}

t.test('school office: uploads a GBK CSV and an .xlsx, each with one bad row, and sees that row\'s error', async (tt) => {
  const { context, page } = await signedIn(env, keys.operator);
  tt.teardown(() => context.close());
  tt.match(new URL(page.url()).pathname, '/data/upload', 'the school office lands on the upload page');
  const csv = studentRows('STU-BT-CSV').map((r) => r.join(',')).join('\r\n') + '\r\n';
  await uploadAndCheck(tt, page, 'students-gbk.csv', iconv.encode(csv, 'gbk'), 'text/csv', 'input');
  await checkPage(tt, page, 'data-upload');

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学生');
  for (const r of studentRows('STU-BT-XLSX')) ws.addRow(r);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  await uploadAndCheck(tt, page, 'students.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'drop');

  const found = (await api('GET', '/v1/candidates/STU-BT-XLSX-1', keys.hr)).status;
  tt.equal(found, 200, 'a good row of the .xlsx landed and is findable');

  // A PDF dropped by mistake: refused on the page in words, not previewed as garbled text and sent as a CSV.
  let posted = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/v1/ingest/')) posted++;
  });
  await page.goto('/data/upload');
  await page.locator('[data-testid=file-input]').setInputFiles({ name: '简历.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1') });
  await page.getByRole('alert').filter({ hasText: '不是 CSV 或 Excel (.xlsx) 文件' }).waitFor();
  tt.equal(await page.getByText(/预览/).count(), 0, 'no preview of a PDF');
  tt.equal(await page.getByRole('button', { name: /导入 学生 数据/ }).count(), 0, 'and nothing to import');
  // A CSV with only its header row: said before the upload, and no "已可检索" for nothing.
  const header = `${studentRows('STU-BT-EMPTY')[0]!.join(',')}\r\n`;
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from(header) });
  await page.getByTestId('no-rows').waitFor();
  tt.equal(await page.getByRole('button', { name: /导入 学生 数据/ }).count(), 0, 'a header-only file offers no import');
  tt.equal(await page.getByRole('alert').count(), 0, 'the PDF\'s error is gone');
  tt.equal(posted, 0, 'neither file was sent');
});

t.test('school office: the skill-gaps page shows the API\'s gaps per major, downloads them as .xlsx and CSV', async (tt) => {
  const { context, page } = await signedIn(env, keys.operator);
  tt.teardown(() => context.close());
  const loaded = page.waitForResponse((r) => r.url().includes('/skill-gaps?'));
  await page.getByRole('link', { name: '技能缺口' }).click();
  const res = await loaded;
  tt.equal(res.status(), 200, 'the school office may read its own school');
  const url = new URL(res.url());
  const gaps = (await api('GET', `${url.pathname}${url.search}`, keys.operator)).body as {
    majors: Array<{ majorCode: string; lines: Array<{ item: { name: string }; requiredSeats: number; holders: number; holderShare: number; gap: number }> }>;
    majorsNotOffered: Array<{ field: string; demandSeats: number }>;
    demandPosts: number;
  };
  tt.ok(gaps.majors.some((m) => m.lines.length > 0), 'some major of the school has demanded skills');
  await page.locator('[data-testid=skill-gaps]').waitFor();
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  for (const m of gaps.majors) {
    const table = page.locator(`[data-testid="gaps-${m.majorCode}"]`);
    const col = (c: string) => table.locator(`td[data-col=${c}]`).allTextContents();
    tt.same((await col('requiredSeats')).map((v) => Number(v.replaceAll(',', ''))), m.lines.map((l) => l.requiredSeats), `${m.majorCode}: demand seats = API`);
    tt.same((await col('holders')).map(Number), m.lines.map((l) => l.holders), `${m.majorCode}: holders = API`);
    tt.same(await col('gap'), m.lines.map((l) => pct(l.gap)), `${m.majorCode}: gaps = API`);
  }
  tt.same(
    (await page.locator('[data-testid=not-offered] td[data-col=demandSeats]').allTextContents()).map((v) => Number(v.replaceAll(',', ''))),
    gaps.majorsNotOffered.map((m) => m.demandSeats),
    'majors in demand the school does not offer = API',
  );
  await checkPage(tt, page, 'school-skill-gaps');
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载 Excel/ }).click();
  const file = join(downloads, 'gaps.xlsx');
  await (await dl).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  tt.equal(wb.worksheets.length, gaps.majors.length + 2, 'one sheet per major, the majors not offered, the method');
  const firstWithLines = gaps.majors.findIndex((m) => m.lines.length > 0);
  const sheetSeats: number[] = [];
  wb.worksheets[firstWithLines]!.eachRow((r, n) => {
    if (n > 1) sheetSeats.push(Number((r.values as unknown[])[3]));
  });
  tt.same(sheetSeats, gaps.majors[firstWithLines]!.lines.map((l) => l.requiredSeats), 'the sheet holds the API\'s demand seats');
  const csvDl = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载 CSV' }).click();
  const csvFile = join(downloads, 'gaps.csv');
  await (await csvDl).saveAs(csvFile);
  const csvLines = readFileSync(csvFile, 'utf8').trim().split(/\r\n/);
  tt.equal(csvLines.length, 1 + gaps.majors.reduce((n, m) => n + m.lines.length, 0), 'the CSV has a line per major and item');
  // Another school's gaps: the server refuses the school office.
  const other = await page.request.get(`/v1/schools/${encodeURIComponent('SCH-NOT-MINE')}/skill-gaps?term=2027-spring`);
  tt.equal(other.status(), 403, 'another school is refused');
});

t.test('HR invites a shortlisted student; the student accepts in their session; HR sees only the shared contact', async (tt) => {
  const shortlist = (await api('GET', `/v1/posts/${HR_POST}/shortlist`, keys.hr)).body as { entries: Array<{ studentId: string; note?: string }> };
  if (!shortlist.entries.some((e) => e.studentId === STUDENT.id)) {
    await api('PUT', `/v1/posts/${HR_POST}/shortlist`, keys.hr, { entries: [...shortlist.entries, { studentId: STUDENT.id }] });
  }
  const hr = await signedIn(env, keys.hr);
  tt.teardown(() => hr.context.close());
  await hr.page.goto('/hr/shortlist');
  await choose(hr.page, 'sl-post', HR_POST);
  await hr.page.getByRole('button', { name: `邀请 ${STUDENT.id}` }).click();
  // The API refuses an invitation without a message; the dialog says so before sending (its error box sits behind the modal).
  tt.ok(await hr.page.getByRole('button', { name: '发送邀请' }).isDisabled(), 'no message yet: the send button waits for one');
  await hr.page.locator('#inv-msg').fill('请于下周二来公司面试，地点金湾联港工业区。');
  const sent = hr.page.waitForResponse((r) => r.url().endsWith('/v1/invitations') && r.request().method() === 'POST');
  await hr.page.getByRole('button', { name: '发送邀请' }).click();
  tt.equal((await sent).status(), 201, 'the invitation was created');

  const st = await signedIn(env, keys.student, { width: 375, height: 812 });
  tt.teardown(() => st.context.close());
  await st.page.getByRole('link', { name: '我的邀请' }).click();
  const card = st.page.locator('[data-testid=student-invitations] article').first();
  await card.waitFor();
  await card.getByText('请于下周二来公司面试').waitFor();
  await checkPage(tt, st.page, 'student-invitations');
  // Accepting shares at least one contact (the API refuses none with a technical message): said before, not after.
  tt.ok(await card.getByRole('button', { name: '接受邀请' }).isDisabled(), 'nothing chosen yet: accepting waits for a contact');
  tt.ok(await card.getByText('接受前请至少选择一项联系方式').count(), 'and the card says why');
  await card.locator('label.el-checkbox', { hasText: '手机号' }).click();
  tt.ok(await card.getByRole('checkbox', { name: '手机号' }).isChecked(), 'the student chose to share the phone');
  const accepted = st.page.waitForResponse((r) => /\/v1\/invitations\/[^/]+\/accept$/.test(r.url()));
  await card.getByRole('button', { name: '接受邀请' }).click();
  tt.equal((await accepted).status(), 200, 'the student accepted');

  await hr.page.getByRole('link', { name: '邀请记录' }).click();
  const contact = hr.page.locator('[data-testid=contact]').first();
  await contact.waitFor();
  const text = await contact.textContent();
  tt.match(text, STUDENT.personal.phone, 'HR sees the phone the student shared');
  tt.notMatch(text, STUDENT.personal.name, 'not the name, which was not shared');
  tt.notMatch(text, /邮箱/, 'nor an email');
  await checkPage(tt, hr.page, 'hr-invitations');
});

t.test('signing out ends the session; a student session cannot use HR routes (the server refuses)', async (tt) => {
  const { context, page } = await signedIn(env, keys.student);
  tt.teardown(() => context.close());
  const csrf = await csrfOf(page);
  const refused = await page.request.post('/v1/candidates/search', { data: { query: 'PLC' }, headers: { 'x-csrf-token': csrf } });
  tt.equal(refused.status(), 403, 'the server refuses HR search to a student session');
  tt.equal(((await refused.json()) as { code: string }).code, 'AUTH_FORBIDDEN_ROLE');
  const profile = await page.request.get(`/v1/candidates/${STUDENT.id}`);
  tt.equal(profile.status(), 403, 'and an HR profile read');
  await page.goto('/hr/search');
  await page.waitForURL('**/student/recommendations');
  tt.pass('the HR page sends a student back to their own page');

  const cookie = (await context.cookies()).find((c) => c.name === 'cj_session');
  tt.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
  tt.equal(await page.evaluate('JSON.stringify(Object.keys(localStorage)) + document.cookie'), '[]', 'nothing in localStorage, no script-readable cookie');
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
  tt.equal((await page.request.get('/v1/session')).status(), 401, 'the session is gone');
  const replay = await fetch(`${env.base}/v1/students/${STUDENT.id}/recommendations`, { headers: { cookie: `cj_session=${cookie!.value}` } });
  tt.equal(replay.status, 401, 'the old cookie no longer works (revoked server-side)');
  await checkPage(tt, page, 'sign-in');
});

t.test('admin: issues a key shown once, and revokes it', async (tt) => {
  const { context, page } = await signedIn(env, keys.admin);
  tt.teardown(() => context.close());
  await page.locator('#k-label').fill('王经理（珠海金湾精工招聘）');
  await choose(page, 'k-role', '企业招聘');
  await page.locator('#k-scope').fill(ANCHOR_ENTERPRISES[0]!.id);
  // A double click issues one key (the second would be a valid key nobody was ever shown).
  await page.getByRole('button', { name: '发放' }).dblclick();
  const key = (await page.locator('[data-testid=new-key]').textContent())?.trim() ?? '';
  const issued = (await api('GET', '/v1/admin/keys', keys.admin)).body as { keys: Array<{ label: string }> };
  tt.equal(issued.keys.filter((k) => k.label === '王经理（珠海金湾精工招聘）').length, 1, 'one key issued for the double click');
  tt.match(key, /^cjk_/, 'the new key is shown');
  const ok = await fetch(`${env.base}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  tt.equal(ok.status, 200, 'the new key signs in');
  await page.getByRole('button', { name: '我已保存' }).click();
  await page.locator('[data-testid=new-key]').waitFor({ state: 'detached' });
  tt.notOk((await page.content()).includes(key), 'the key is not on the page any more');
  await checkPage(tt, page, 'admin-keys');
  await page.getByRole('button', { name: '吊销 王经理（珠海金湾精工招聘） 的密钥' }).click();
  // Revoking cannot be undone: the page asks first.
  const confirm = page.locator('.el-message-box');
  await confirm.getByText('不能恢复').waitFor();
  await confirm.getByRole('button', { name: '吊销', exact: true }).click();
  await page.getByText(/已吊销/).first().waitFor();
  const after = await fetch(`${env.base}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  tt.equal(after.status, 401, 'the revoked key no longer signs in');
});


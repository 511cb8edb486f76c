/**
 * The browser tests' setup: Debian's Chromium (never a downloaded browser) driven by
 * playwright-core, against a real embedded host on port 0 that serves the built console at `/`
 * and holds the demo data loaded through the ingestion API (test/helpers/host.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { axeSource, chromium, type Browser, type BrowserContext, type Page } from '../../services/console/testing/index.js';
import { REPO_ROOT, startTestHost, type TestHost } from '../helpers/host.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test/browser/screenshots');
const DIST = join(REPO_ROOT, 'services/console/dist/index.html');

/** Builds the console once if it has not been built (pnpm install / start normally do it). */
export function ensureConsoleBuilt(): void {
  if (existsSync(DIST)) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(REPO_ROOT, 'services/console'), stdio: 'inherit' });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  // Playwright gives each launch a fresh temporary --user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsoleEnv {
  host: TestHost;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

export async function startConsoleEnv(opts: { students?: number; posts?: number } = {}): Promise<ConsoleEnv> {
  ensureConsoleBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const host = await startTestHost({ students: opts.students ?? 80, posts: opts.posts ?? 24 });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await host.close();
    throw err;
  }
  // The host itself serves the console at `/` (no test-side server): a page the SPA answers.
  const home = await fetch(`${host.base}/hr/search`);
  const html = await home.text();
  if (!home.ok || !html.includes('id="app"')) {
    await browser.close();
    await host.close();
    throw new Error(`the host does not serve the console at / (GET /hr/search: ${home.status} ${html.slice(0, 120)})`);
  }
  return {
    host,
    browser,
    base: host.base,
    close: async () => {
      await browser?.close();
      await host.close();
    },
  };
}

/** A fresh browser context (its own cookies), signed in through the sign-in page with `key`. */
export async function signedIn(env: ConsoleEnv, key: string, viewport = { width: 1366, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true, baseURL: env.base });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('访问密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

/** The session's CSRF token, read the way the console reads it (GET /v1/session with the cookie). */
export async function csrfOf(page: Page): Promise<string> {
  const r = await page.request.get('/v1/session');
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** axe-core in the page: the serious and critical violations (WCAG 2 A/AA rules and best practices). */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // A dialog or a message still fading in has its text at part opacity, which axe measures as low
  // contrast: wait until no CSS transition or animation is running (they are in getAnimations()).
  // Polled through DevTools: waitForFunction evaluates its predicate in the page, which the CSP forbids.
  for (let i = 0; i < 100 && !(await page.evaluate('document.getAnimations().every((a) => a.playState !== "running")')); i++) await page.waitForTimeout(100);
  const loaded = await page.evaluate('typeof window.axe !== "undefined"');
  // Evaluated through DevTools, not as a <script>: the console's CSP (script-src 'self') rightly refuses inline scripts.
  if (!loaded) await page.evaluate(axeSource());
  const violations = (await page.evaluate(
    'window.axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target, html: n.html.slice(0, 200) })) })))',
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * What the browser tests (test/browser) need from this package's dev dependencies, re-exported
 * from here so they resolve from the console package (the root package does not depend on them).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export { chromium, type Browser, type BrowserContext, type Page, type Download } from 'playwright-core';
export { default as ExcelJS } from 'exceljs';
export { default as iconv } from 'iconv-lite';

const require = createRequire(import.meta.url);

/** axe-core's browser bundle, to inject into a page. */
export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

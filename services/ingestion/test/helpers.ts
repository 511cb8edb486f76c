import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fp from 'fastify-plugin';
import { authPlugin, configPlugin, createHttpServer, loadConfig, type AppInstance } from '@chanjiao/platform';
import { SqliteStore, storePlugin, type Store } from '@chanjiao/store';
import { ingest, ingestionApp } from '@chanjiao/ingestion';

/**
 * Stands in for the auth plugin where a test drives the pipeline without keys: same name, so
 * the ingestion app's dependency on it is met on purpose, and no caller (every write unscoped).
 */
const noKeysPlugin = fp(async (app) => void app.decorateRequest('principal', null), { name: 'chanjiao-auth' });

/**
 * The app on an in-memory store, with config overrides given as environment strings; with
 * `auth`, behind the platform's API-key plugin as the hosts run it.
 */
export async function buildApp(
  env: Record<string, string> = {},
  store: Store = new SqliteStore({ path: ':memory:' }),
  opts: { auth?: boolean } = {},
): Promise<{ app: AppInstance; store: Store }> {
  const config = loadConfig(env);
  const app = createHttpServer(config, { name: 'ingestion-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(storePlugin, { store });
  await app.register(opts.auth ? authPlugin : noKeysPlugin);
  await app.register(ingestionApp);
  await app.ready();
  return { app, store };
}

/** A valid student row as an owner sends it (with personal data). */
export function studentRow(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `stu-${String(i).padStart(4, '0')}`,
    schoolId: 'sch-01',
    majorCode: '460301',
    level: 'higher',
    graduationYear: 2027,
    skills: [{ name: 'PLC', level: 'advanced' }, { name: 'CAD' }],
    certificates: [{ name: '低压电工作业证', level: 'junior' }],
    selfIntroduction: `我是第${i}号学生，熟悉PLC编程。`,
    consentToBeFound: true,
    updatedAt: '2026-09-01T00:00:00.000Z',
    personal: { name: `学生${i}`, phone: `138${String(i).padStart(8, '0')}` },
    ...over,
  };
}

export const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Ids of every stored record of a type, in id order. */
export async function storedIds(store: Store, type: 'student' | 'post' = 'student'): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of store.scan(type)) ids.push(r.id);
  return ids;
}

/** The message JSON.parse gives for a text (V8's wording varies between Node versions). */
export function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

/** Text as GBK bytes, what Excel on a Chinese Windows writes (for tests outside this package). */
export const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');

/**
 * Minimal schools and enterprises, stored so that rows naming them pass the reference check
 * (a post's enterprise and co-enterprises, an enterprise's partner schools and a student's school
 * must exist).
 */
export async function seedReferences(store: Store, refs: { schools?: readonly string[]; enterprises?: readonly string[] }): Promise<void> {
  const updatedAt = '2026-01-01T00:00:00.000Z';
  const schools = (refs.schools ?? []).map((id) => ({ id, name: `学校${id}`, kind: 'higher_vocational', levels: ['higher'], city: '珠海市', updatedAt }));
  const enterprises = (refs.enterprises ?? []).map((id) => ({ id, name: `企业${id}`, city: '珠海市', industry: '装备制造', updatedAt }));
  for (const [type, rows] of [['school', schools], ['enterprise', enterprises]] as const) {
    if (!rows.length) continue;
    const report = await ingest([JSON.stringify(rows)], { type, format: 'json', store });
    if (report.rejected) throw new Error(`seedReferences: ${JSON.stringify(report.errors)}`);
  }
}

/** An .xlsx file of one sheet holding `rows` (the first is the header), as a school's office saves one. */
export async function workbook(rows: unknown[][], sheet = '导入'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

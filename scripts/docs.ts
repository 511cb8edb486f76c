/**
 * Regenerates the README's configuration and error tables from the code (the zod config schema
 * and the error catalogue), so docs and code cannot drift: `pnpm run docs:tables` writes, and
 * test/docs.test.ts fails when the README is not what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigEnv, ERROR_GROUPS } from '@chanjiao/platform';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

function defaultOf(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  if (parsed.success && parsed.data !== undefined) return `\`${String(parsed.data)}\``;
  return '—';
}

export function configTable(): string {
  const rows = Object.entries(ConfigEnv.shape).map(
    ([name, schema]) => `| \`${name}\` | ${defaultOf(schema as z.ZodType)} | ${(schema as z.ZodType).description ?? ''} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function errorTable(): string {
  const rows: string[] = [];
  for (const [area, group] of Object.entries(ERROR_GROUPS)) {
    for (const def of Object.values(group)) rows.push(`| \`${def.code}\` | ${def.statusCode} | ${area} | ${def.message} |`);
  }
  return ['| code | status | area | message |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- generated: ${name} -->`;
  const end = `<!-- /generated: ${name} -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${start} … ${end} block`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

export function renderReadme(text: string): string {
  return replaceBlock(replaceBlock(text, 'config', configTable()), 'errors', errorTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const before = readFileSync(README, 'utf8');
  const after = renderReadme(before);
  if (after !== before) writeFileSync(README, after);
  console.log(after === before ? 'README tables up to date' : 'README tables regenerated');
}

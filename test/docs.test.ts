/**
 * The docs are kept in step with the code, the way fastify keeps docs/Reference/Errors.md:
 * the generated pages are what scripts/docs.ts writes, every catalogue file is in the catalogue,
 * every config variable or error code a page names exists, and every relative link resolves.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ConfigEnv, ERROR_GROUPS, ErrorCatalogue } from '@chanjiao/platform';
import { GENERATED_PAGES } from '../scripts/docs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');
const pages = [README, ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join(DOCS, f))];
/** Every other Markdown file of the repository (DESIGN.md files, READMEs of folders): their links are checked too. */
const otherMarkdown = ['shared', 'services', 'scripts', 'test', 'infra'].flatMap((top) =>
  (readdirSync(join(ROOT, top), { recursive: true }) as string[])
    .filter((entry) => entry.endsWith('.md') && !entry.includes('node_modules'))
    .map((entry) => join(ROOT, top, entry)),
);

t.test('the generated pages are what the config schema and the error catalogue say (run `pnpm run docs:tables`)', async (t) => {
  for (const [path, render] of Object.entries(GENERATED_PAGES)) {
    const file = join(ROOT, path);
    t.ok(existsSync(file), `${path} exists`);
    if (existsSync(file)) t.equal(readFileSync(file, 'utf8'), render(), path);
  }
});

t.test('every code defined in shared/platform/src/errors/codes is in the catalogue, once', async (t) => {
  // Read from the source files, not from ERROR_GROUPS: a codes file left out of the catalogue, or a
  // code defined in two files (the later spread silently wins), must fail here.
  const dir = join(ROOT, 'shared/platform/src/errors/codes');
  const definedIn = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const m of source.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*\{/gm)) definedIn.set(m[1]!, [...(definedIn.get(m[1]!) ?? []), file]);
  }
  t.ok(definedIn.size > 0, 'the codes files define codes');
  for (const [code, files] of definedIn) t.equal(files.length, 1, `${code} is defined once (${files.join(', ')})`);
  t.same([...definedIn.keys()].sort(), Object.keys(ErrorCatalogue).sort(), 'the catalogue holds exactly the defined codes');
  const grouped = Object.values(ERROR_GROUPS).flatMap((g) => Object.keys(g));
  t.same(grouped.sort(), [...definedIn.keys()].sort(), 'ERROR_GROUPS (which docs/errors.md lists) holds exactly the defined codes');
});

/** Every .ts file of the workspace's own code, read once. */
function sourceText(): string {
  const parts: string[] = [];
  for (const top of ['shared', 'services', 'scripts', 'test']) {
    for (const entry of readdirSync(join(ROOT, top), { recursive: true }) as string[]) {
      if (entry.includes('node_modules') || !/\.(ts|mjs)$/.test(entry)) continue;
      parts.push(readFileSync(join(ROOT, top, entry), 'utf8'));
    }
  }
  return parts.join('\n');
}

t.test('every config variable, error code, constant or identifier a page names exists in the code', async (t) => {
  const known = new Set([...Object.keys(ConfigEnv.shape), ...Object.keys(ErrorCatalogue)]);
  const source = sourceText();
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    const names = new Set([...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1]!));
    for (const name of names) {
      t.ok(known.has(name) || new RegExp(`\\b${name}\\b`).test(source), `${relative(ROOT, page)} names ${name}, which exists`);
    }
    // camelCase and PascalCase identifiers (functions, classes, fields): a rename must update the page.
    const identifiers = new Set(
      [...text.matchAll(/`(?:[A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`/g)].map((m) => m[1]!).filter((n) => /[a-z][A-Z]/.test(n)),
    );
    for (const name of identifiers) t.ok(new RegExp(`\\b${name}\\b`).test(source), `${relative(ROOT, page)} names ${name}, which exists`);
  }
});

t.test('every repository path a page names in code spans exists', async (t) => {
  // A file moved by a refactor must take its mentions in the docs along.
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    const paths = new Set([...text.matchAll(/`((?:shared|services|scripts|test|infra|docs)\/[A-Za-z0-9_./-]*)/g)].map((m) => m[1]!.replace(/\/$/, '')));
    for (const path of paths) t.ok(existsSync(join(ROOT, path)), `${relative(ROOT, page)} names ${path}, which exists`);
  }
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const slug = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    let candidate = slug;
    for (let n = 1; out.has(candidate); n++) candidate = `${slug}-${n}`;
    out.add(candidate);
  }
  return out;
}

t.test('every relative link in README.md, docs/*.md and the other Markdown files resolves to a file of the repository', async (t) => {
  for (const page of [...pages, ...otherMarkdown]) {
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : resolve(dirname(page), path);
      const where = `${relative(ROOT, page)} → ${target}`;
      t.ok(existsSync(file) && relative(ROOT, file).split(/[\\/]/)[0] !== '..', `${where}: the file is in the repository`);
      if (fragment && existsSync(file) && statSync(file).isFile() && file.endsWith('.md')) {
        t.ok(anchors(readFileSync(file, 'utf8')).has(fragment), `${where}: the heading exists`);
      }
    }
  }
});

t.test('README.md is a front door: at most 10 KB', async (t) => {
  const bytes = statSync(README).size;
  t.ok(bytes <= 10 * 1024, `README.md is ${bytes} bytes`);
});

t.test('no file of the repository cites a document outside it', async (t) => {
  // DOMAIN.md was a digest kept outside the repository; docs/domain.md replaces it.
  const offenders: string[] = [];
  for (const top of ['README.md', 'docs', 'shared', 'services', 'scripts', 'test', 'infra']) {
    const base = join(ROOT, top);
    const files = statSync(base).isFile() ? [''] : (readdirSync(base, { recursive: true }) as string[]);
    for (const entry of files) {
      if (entry.includes('node_modules') || !/(\.(ts|mjs|md|json|yml)|^)$/.test(entry)) continue;
      const file = join(base, entry);
      if (!statSync(file).isFile()) continue;
      if (/\bDOMAIN\.md\b/.test(readFileSync(file, 'utf8')) && file !== fileURLToPath(import.meta.url)) {
        offenders.push(relative(ROOT, file));
      }
    }
  }
  t.same(offenders, [], 'files that still cite DOMAIN.md');
});

import { readFileSync } from 'node:fs';
import t from 'tap';
import { ERROR_GROUPS, ErrorCatalogue } from '@chanjiao/platform';
import { renderReadme } from '../scripts/docs.js';

t.test('the README tables are what the config schema and the error catalogue say (run `pnpm run docs:tables`)', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  t.equal(readme, renderReadme(readme));
});

t.test('no error code is claimed by two areas, and every code is in the catalogue', async (t) => {
  const seen = new Map<string, string>();
  for (const [area, group] of Object.entries(ERROR_GROUPS)) {
    for (const code of Object.keys(group)) {
      t.notOk(seen.has(code), `${code} defined in ${seen.get(code)} and ${area}`);
      seen.set(code, area);
    }
  }
  t.same([...seen.keys()].sort(), Object.keys(ErrorCatalogue).sort());
});

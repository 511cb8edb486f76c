import { readFileSync } from 'node:fs';
import t from 'tap';
import { renderTemplateFiles } from '../../scripts/reindex.js';

t.test('infra/elasticsearch templates are what the code installs (regenerate: npx tsx scripts/reindex.ts --write-templates)', async (t) => {
  const files = renderTemplateFiles();
  t.strictSame(Object.keys(files).sort(), [
    'infra/elasticsearch/posts.index-template.json',
    'infra/elasticsearch/students.index-template.json',
  ]);
  for (const [path, text] of Object.entries(files)) {
    t.equal(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), text, path);
  }
});

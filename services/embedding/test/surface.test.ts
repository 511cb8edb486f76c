import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * Issue 18 item 8: the package's public surface is what the services and tools use; benchmark
 * entry points live behind `@chanjiao/embedding/internal`; no package depends on usearch, which
 * nothing imports.
 */
t.test('the public surface of @chanjiao/embedding is what services use', async (t) => {
  const api = await import('@chanjiao/embedding');
  t.same(Object.keys(api).sort(), [
    'EMBEDDING_API_ROLES',
    'EmbeddingClient',
    'ModelUnavailableError',
    'createLocalEmbedder',
    'embedderPlugin',
    'embeddingApp',
    'fetchModel',
    'postText',
    'queryText',
    'studentText',
  ]);
  const internal = await import('@chanjiao/embedding/internal');
  for (const name of ['plainPipeline', 'MicroBatcher', 'extractTarGz', 'verifyModelDir', 'normalizeText']) t.ok(name in internal, `${name} is internal`);
});

t.test('no workspace package depends on usearch', async (t) => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const manifests = [join(root, 'package.json')];
  for (const group of ['services', 'shared']) {
    for (const dir of readdirSync(join(root, group))) {
      try {
        manifests.push(join(root, group, dir, 'package.json'));
        readFileSync(manifests[manifests.length - 1]!);
      } catch {
        manifests.pop();
      }
    }
  }
  t.ok(manifests.length >= 8);
  for (const m of manifests) t.notMatch(readFileSync(m, 'utf8'), /usearch/, m);
  t.notMatch(readFileSync(join(root, 'infra', 'Dockerfile'), 'utf8'), /usearch/);
});

import { generateDemoData } from '@chanjiao/demo-data';
import { createLocalEmbedder, studentText } from '@chanjiao/embedding';
import { loadConfig } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
const d = generateDemoData({ seed: 99, students: 600, anchors: false });
const texts: string[] = []; for (const s of d.students()) texts.push(studentText(s));
for (const spec of process.argv.slice(2)) {
  const [w, t, b] = spec.split(',');
  const config = loadConfig({ EMBEDDING_MODEL_DIR: '/work/shared/models/bge-small-zh-v1.5', EMBED_WORKERS: w, EMBED_THREADS_PER_WORKER: t, EMBED_MAX_BATCH: b });
  const e = await createLocalEmbedder({ config, cache: new SqliteStore({ path: ':memory:' }) });
  await e.whenReady();
  const t0 = performance.now();
  await e.embed(texts);
  const rate = texts.length / ((performance.now() - t0) / 1000);
  const rss = await e.peakRssMiB();
  console.log(JSON.stringify({ spec, rate: Math.round(rate * 10) / 10, workerRss: rss.workers.map(Math.round) }));
  await e.close();
}

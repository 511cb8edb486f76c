/**
 * An inference worker process: loads bge-small-zh through @xenova/transformers' feature-extraction
 * pipeline from the verified local folder (never from the network), runs one warm-up inference,
 * then embeds the batches its parent sends over IPC. Started by the pool through worker-entry.mjs,
 * which registers tsx first; exits when its parent closes the channel or goes away.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import type { FromWorker, InferenceWorkerData, ToWorker } from './protocol.js';

if (!process.send) throw new Error('inference-process: must be started with an IPC channel (child_process.fork)');
const data = JSON.parse(process.argv[2] ?? '{}') as InferenceWorkerData;

/**
 * A parent killed with SIGKILL while the model loads is gone before 'disconnect' is delivered:
 * the send fails with EPIPE, and without a callback that is an uncaught 'error' event (a stack
 * trace on the terminal). Either way there is nobody to answer: leave quietly.
 */
function send(message: FromWorker): void {
  if (!process.connected) process.exit(0);
  process.send!(message, undefined, {}, (err) => {
    if (err) process.exit(0);
  });
}

// How the parent stops this worker (it closes the channel: stop signals are ignored, see
// worker-entry.mjs), and how an orphan, which would hold a model and a core, leaves.
process.on('disconnect', () => process.exit(0));

/*
 * @xenova/transformers 2.x creates its onnxruntime session with default options, which give
 * every session one thread per core: two workers on two cores would then fight over four
 * threads. It has no option for this (3.x has `session_options`), so the thread count is set
 * where the session is created. This process runs nothing else.
 *
 * The session is opened from the model's path, not from the bytes transformers.js read:
 * onnxruntime-node 1.14 drops the session options of a session made from a buffer (measured:
 * intraOpNumThreads 1 from a buffer still ran two threads, the second spinning between runs, so
 * a query cost twice its time in CPU). The folder was verified against pinned sha256 values
 * before this process started, and the size check below ties the path to the bytes.
 */
const MODEL_FILE = join(data.modelDir, 'onnx', 'model_quantized.onnx');
const create = ort.InferenceSession.create.bind(ort.InferenceSession) as (
  model: string | Uint8Array,
  options?: ort.InferenceSession.SessionOptions,
) => Promise<ort.InferenceSession>;
(ort.InferenceSession as { create: unknown }).create = (model: Uint8Array, options: ort.InferenceSession.SessionOptions = {}) =>
  create(model.byteLength === statSync(MODEL_FILE).size ? MODEL_FILE : model, {
    ...options,
    // transformers.js lists `wasm` after `cpu` for browsers; the Node binding knows only `cpu`.
    executionProviders: ['cpu'],
    intraOpNumThreads: data.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // The arena keeps every buffer it ever needed: the worker's resident memory would climb to
    // what the largest batch shape seen so far took and never come down. Without it a batch's
    // buffers are freed after the run (measured: the same throughput within noise).
    enableCpuMemArena: false,
  });

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.useBrowserCache = false;
env.useFSCache = false;
env.localModelPath = dirname(data.modelDir);

/**
 * The feature-extraction pipeline's own steps (tokenize with padding and truncation, run the
 * model, take the [CLS] row, L2-normalize), done here so the token counts come out too.
 */
async function embedBatch(extractor: FeatureExtractionPipeline, texts: string[]) {
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true });
  const { last_hidden_state: hidden } = (await extractor.model(inputs)) as { last_hidden_state: { data: Float32Array; dims: number[] } };
  const [batch, seq, dims] = hidden.dims as [number, number, number];
  const vectors = new Float32Array(batch * dims);
  for (let b = 0; b < batch; b++) {
    const cls = hidden.data.subarray(b * seq * dims, b * seq * dims + dims);
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += cls[d]! * cls[d]!;
    const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    for (let d = 0; d < dims; d++) vectors[b * dims + d] = cls[d]! * scale;
  }
  const mask = inputs.attention_mask as { data: BigInt64Array };
  const tokens = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let s = 0; s < seq; s++) n += Number(mask.data[b * seq + s]);
    tokens[b] = n;
  }
  return { vectors, dimensions: dims, tokens };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = (await pipeline('feature-extraction', basename(data.modelDir), { quantized: true })) as FeatureExtractionPipeline;
  } catch (err) {
    send({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const t1 = performance.now();
  await embedBatch(extractor, ['预热：电气自动化技术专业，熟悉plc编程。']);
  send({ type: 'ready', loadMs: t1 - t0, warmupMs: performance.now() - t1 });

  process.on('message', (msg: ToWorker) => {
    if (msg.type === 'rss') {
      send({ type: 'rss', id: msg.id, maxRssKiB: process.resourceUsage().maxRSS });
      return;
    }
    embedBatch(extractor, [...msg.texts]).then(
      (out) => send({ type: 'result', id: msg.id, ...out }),
      (err: unknown) => send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
  });
}

void main();

/** What the pool hands each inference worker at start. */
export interface InferenceWorkerData {
  /** Absolute path of the verified model folder. */
  readonly modelDir: string;
  /** onnxruntime intra-op threads of this worker's session. */
  readonly threads: number;
}

/** Pool → worker. `rss`: report the worker's peak resident memory. */
export type ToWorker =
  | { readonly type: 'embed'; readonly id: number; readonly texts: readonly string[] }
  | { readonly type: 'rss'; readonly id: number };

/** Worker → pool. */
export type FromWorker =
  /** Model loaded and one warm-up inference run. */
  | { readonly type: 'ready'; readonly loadMs: number; readonly warmupMs: number }
  /** The model could not be loaded: restarting will not help. */
  | { readonly type: 'load-failed'; readonly message: string }
  /** `vectors`: texts × dimensions, row-major, unit length; `tokens`: tokens per text incl. [CLS]/[SEP]. */
  | { readonly type: 'result'; readonly id: number; readonly vectors: Float32Array; readonly dimensions: number; readonly tokens: Int32Array }
  /** Inference threw: the worker is still usable. */
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'rss'; readonly id: number; readonly maxRssKiB: number };

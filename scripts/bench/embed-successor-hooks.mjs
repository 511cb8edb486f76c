// Module resolution hook for the benchmark's @huggingface/transformers run only. transformers 3.x
// imports `onnxruntime-common` without declaring it; under pnpm that name resolves to whatever is
// hoisted (here the 1.14 copy @xenova/transformers uses) and the pipeline fails with
// "Tensor is not a constructor". This points it at the copy of its own onnxruntime-node (1.21).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
const fromOrtNode = createRequire(fromTransformers.resolve('onnxruntime-node'));
const common = pathToFileURL(fromOrtNode.resolve('onnxruntime-common')).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'onnxruntime-common' && context.parentURL?.includes('@huggingface')) return { url: common, shortCircuit: true, format: 'commonjs' };
  return next(specifier, context);
}

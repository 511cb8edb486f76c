// The inference process does not inherit the parent's tsx loader: register it here, then load
// the TypeScript worker. Plain JavaScript on purpose: it runs before TypeScript can be loaded.
import { register } from 'tsx/esm/api';

register();
await import('./inference-process.ts');

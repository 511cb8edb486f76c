/**
 * Embedded mode, the default: `pnpm start`. One process, one port: ingestion + embedding +
 * matching, the SQLite store in DATA_DIR, the in-process hybrid index (snapshot in DATA_DIR).
 */
import { ModelUnavailableError } from '@chanjiao/embedding';
import { startService } from '@chanjiao/platform';
import { embeddedHost } from './app.js';

const { app, address } = await startService({
  name: 'chanjiao',
  build: (app, config) => app.register(embeddedHost, { config }),
  describeFailure: (err) => (err instanceof ModelUnavailableError ? { fields: { modelDir: err.dir, problems: err.problems }, message: err.message } : undefined),
});
app.log.info({ address, docs: `${address}/docs` }, 'Chanjiao Match is listening');

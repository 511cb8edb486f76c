/**
 * Embedded mode, the default: `pnpm start`. One process, one port: ingestion + embedding +
 * matching, the SQLite store in DATA_DIR, the in-process hybrid index (snapshot in DATA_DIR).
 */
import { createHttpServer, loadConfig, runServer } from '@chanjiao/platform';
import { ModelUnavailableError } from '@chanjiao/embedding';
import { embeddedHost } from './app.js';

const config = loadConfig();
const app = createHttpServer(config, { name: 'chanjiao' });

try {
  await app.register(embeddedHost, { config });
  const address = await runServer(app, config);
  app.log.info({ address, docs: `${address}/docs` }, 'Chanjiao Match is listening');
} catch (err) {
  if (err instanceof ModelUnavailableError) app.log.fatal({ modelDir: err.dir, problems: err.problems }, err.message);
  else app.log.fatal({ err }, 'failed to start');
  await app.close().catch(() => undefined);
  process.exit(1);
}

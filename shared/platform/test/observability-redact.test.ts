import { Writable } from 'node:stream';
import t from 'tap';
import { pino } from 'pino';
import { createHttpServer, loadConfig, loggerOptions } from '@chanjiao/platform';

/** A pino destination that keeps every line, parsed. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

const config = loadConfig({ LOG_PRETTY: 'false', LOG_LEVEL: 'info' });
const KEY = 'cjk_0123456789abcdef_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
const PERSONAL = { name: '张三', phone: '13800138000', idNumber: '44040219990101123X' };

t.test('credentials and personal fields are redacted from log lines', async (t) => {
  const { lines, stream } = capture();
  const log = pino(loggerOptions(config, 'test'), stream);
  log.info(
    {
      req: { method: 'GET', headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY, cookie: 'sid=1', accept: 'application/json' } },
      student: { id: 'S1', personal: PERSONAL },
      row: { id: 'S2', phone: PERSONAL.phone, idNumber: PERSONAL.idNumber },
      batch: { first: { personal: PERSONAL } },
      apiKey: KEY,
    },
    'hello',
  );
  t.equal(lines.length, 1);
  const { time: _time, pid: _pid, hostname: _host, ...line } = lines[0]!;
  t.same(line, {
    level: 30,
    name: 'test',
    req: { method: 'GET', headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]', accept: 'application/json' } },
    student: { id: 'S1', personal: '[redacted]' },
    row: { id: 'S2', phone: '[redacted]', idNumber: '[redacted]' },
    batch: { first: { personal: '[redacted]' } },
    apiKey: '[redacted]',
    msg: 'hello',
  });
  const raw = JSON.stringify(lines);
  for (const secret of [KEY, PERSONAL.name, PERSONAL.phone, PERSONAL.idNumber]) t.notOk(raw.includes(secret), secret);
});

t.test('a request through the server: nothing secret reaches the log', async (t) => {
  const { lines, stream } = capture();
  const app = createHttpServer(config, { name: 'test', logger: { ...loggerOptions(config, 'test'), stream } });
  app.post('/v1/students', { config: { access: 'public' } }, async (request) => {
    request.log.info({ body: request.body }, 'student received');
    return { ok: true };
  });
  await app.ready();
  t.teardown(() => app.close());
  const res = await app.inject({
    method: 'POST',
    url: '/v1/students',
    headers: { authorization: `Bearer ${KEY}` },
    payload: { id: 'S1', personal: PERSONAL },
  });
  t.equal(res.statusCode, 200);
  const received = lines.find((l) => l.msg === 'student received');
  t.same(received?.body, { id: 'S1', personal: '[redacted]' });
  const raw = JSON.stringify(lines);
  for (const secret of [KEY, PERSONAL.name, PERSONAL.phone, PERSONAL.idNumber]) t.notOk(raw.includes(secret), secret);
  t.ok(lines.some((l) => l.msg === 'request completed'), 'the request itself was logged');
});

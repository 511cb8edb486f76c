/**
 * Hostile requests for every route of an app, generated with fast-check: wrong types, huge and
 * deeply nested JSON, invalid UTF-8, mislabelled encodings, query-injection strings,
 * `__proto__` keys, broken percent-encoding in paths and query strings. The property is the
 * same for every route: never a 5xx, never a crash, and every 4xx is a catalogue error reply.
 * Used by test/fuzz/routes.test.ts (few cases per route) and scripts/fuzz.ts (≥ 10k cases).
 */
import fc from 'fast-check';
import { ErrorCatalogue, type AccessRule, type Role } from '@chanjiao/platform';

interface InjectOptions {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}
/** What the fuzz needs of a fastify app (with the auth plugin registered). */
export interface FuzzedApp {
  inject(opts: InjectOptions): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
  accessRules(): readonly AccessRule[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
};

/** One route to fuzz: its pattern, who may call it, and (from the OpenAPI document) its input schemas. */
export interface FuzzTarget {
  method: string;
  url: string;
  roles: readonly Role[] | 'public';
  body?: JsonSchema;
  query?: JsonSchema;
  /** Path parameters by name. */
  params?: Record<string, JsonSchema>;
}

/**
 * Routes that are not the services' API: OPTIONS preflights, fastify's HEAD twins, Swagger UI's
 * static files, and /readyz, whose 503 while the index catches up is its contract (it reads no input).
 */
function isFuzzed(rule: AccessRule): boolean {
  return rule.method !== 'HEAD' && rule.method !== 'OPTIONS' && !rule.url.startsWith('/docs') && rule.url !== '/readyz';
}

/** The routes of an app (it needs the auth plugin for the rules, and the docs plugin for schemas). */
export function fuzzTargets(app: FuzzedApp): FuzzTarget[] {
  const openapi = (app as unknown as { swagger?: () => { paths?: Record<string, Record<string, OpenApiOperation>> } }).swagger?.();
  return app
    .accessRules()
    .filter((r) => isFuzzed(r) && r.access !== 'closed')
    .map((r) => {
      const op = openapi?.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      const query: JsonSchema = { type: 'object', properties: {} };
      const params: Record<string, JsonSchema> = {};
      for (const p of op?.parameters ?? []) {
        if (p.in === 'query') query.properties![p.name] = p.schema ?? {};
        if (p.in === 'path') params[p.name] = p.schema ?? {};
      }
      return {
        method: r.method,
        url: r.url,
        roles: r.access === 'public' ? 'public' : (r.access as { roles: readonly Role[] }).roles,
        body: op?.requestBody?.content?.['application/json']?.schema,
        query,
        params,
      } satisfies FuzzTarget;
    });
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

// ---------------------------------------------------------------------------------------------
// Strings

/** Injection attempts against SQL, Elasticsearch query strings, templates, paths and parsers. */
const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE records; --',
  "1; SELECT * FROM personal --",
  '{"$gt":""}',
  '{"query":{"match_all":{}}}',
  '*:*',
  'name:* OR phone:*',
  'a AND (b OR',
  '/.*/',
  'a~10000',
  'PLC^1e308',
  '\\',
  '%',
  '_%_',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x7fffffffffffffff',
  '99999999999999999999999999',
  '[]',
  '{}',
  '\u0000',
  '\u0000\u0001\u001f',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '\u202e\u2066',
  '\r\nX-Injected: 1',
  '张'.repeat(3000),
  'PLC 电气 顶岗实习 '.repeat(200),
  ' '.repeat(5000),
  '13800138000',
  '44040219990101123X',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 300, maxLength: 2000 }) },
);

/** Any JSON value, including types a field never has. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      -1, 0, -0, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE, true, false, null, [], {}, [null], [[[]]], { '': '' },
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Values shaped like a schema, with hostile leaves

/** A value that follows the schema's shape most of the time, so generated requests reach past the first check. */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  let shaped: fc.Arbitrary<unknown>;
  if (alternatives?.length) {
    shaped = fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  } else if (schema.enum?.length) {
    shaped = fc.constantFrom(...schema.enum);
  } else if (schema.const !== undefined) {
    shaped = fc.constant(schema.const);
  } else {
    const type = [schema.type].flat()[0];
    switch (type) {
      case 'object': {
        const props = Object.entries(schema.properties ?? {});
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, s] of props) record[k] = fromSchema(s, depth + 1);
        shaped = fc.tuple(
          fc.record(record, { requiredKeys: [] }),
          fc.dictionary(hostileString.filter((k) => k !== '__proto__'), anyJson, { maxKeys: 2 }),
        ).map(([known, extra]) => ({ ...extra, ...known }));
        break;
      }
      case 'array':
        shaped = fc.array(fromSchema(schema.items, depth + 1), { maxLength: 5 });
        break;
      case 'string':
        shaped = hostileString;
        break;
      case 'integer':
      case 'number':
        shaped = fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 2 ** 53, 1e21));
        break;
      case 'boolean':
        shaped = fc.boolean();
        break;
      default:
        shaped = anyJson;
    }
  }
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

// ---------------------------------------------------------------------------------------------
// Bodies

interface HostileBody {
  kind: string;
  payload: string | Buffer;
  contentType?: string;
}

const json = (kind: string, value: unknown): HostileBody => ({ kind, payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' });

const deepNesting: fc.Arbitrary<HostileBody> = fc
  .tuple(fc.constantFrom(64, 1_000, 10_000, 200_000), fc.boolean())
  .map(([depth, arrays]) => ({
    kind: `nested-${depth}`,
    payload: arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    contentType: 'application/json',
  }));

const hugeBody: fc.Arbitrary<HostileBody> = fc.constantFrom(
  { kind: 'huge-string', payload: JSON.stringify({ query: 'x'.repeat(900_000) }), contentType: 'application/json' },
  { kind: 'huge-array', payload: JSON.stringify(Array.from({ length: 150_000 }, (_, i) => i)), contentType: 'application/json' },
  { kind: 'over-limit', payload: Buffer.alloc(1_300_000, 0x20), contentType: 'application/json' },
  { kind: 'many-keys', payload: JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))), contentType: 'application/json' },
);

/** Byte sequences that are not UTF-8: stray continuation bytes, overlongs, surrogates, 0xFF. */
const BAD_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe5, 0xbc]];
const invalidUtf8: fc.Arbitrary<HostileBody> = fc
  .tuple(fc.constantFrom(...BAD_UTF8), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/csv', 'application/x-ndjson'))
  .map(([bytes, contentType]) => ({
    kind: 'invalid-utf8',
    payload: Buffer.concat([Buffer.from('{"query":"'), Buffer.from(bytes), Buffer.from('","id":"'), Buffer.from(bytes), Buffer.from('"}')]),
    contentType,
  }));

/** The right bytes under the wrong label, and labels that mean nothing. */
const mislabelled: fc.Arbitrary<HostileBody> = fc.constantFrom(
  { kind: 'json-as-csv', payload: '{"query":"PLC"}', contentType: 'text/csv' },
  { kind: 'csv-as-json', payload: 'id,name\n1,张三\n', contentType: 'application/json' },
  { kind: 'gbk-as-utf8', payload: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xd5, 0xc5, 0xc8, 0xfd, 0x22, 0x7d]), contentType: 'application/json; charset=utf-8' },
  { kind: 'utf16-label', payload: '{"query":"PLC"}', contentType: 'application/json; charset=utf-16le' },
  { kind: 'unknown-charset', payload: '{"query":"PLC"}', contentType: 'application/json; charset=x-klingon' },
  { kind: 'utf16-bytes', payload: Buffer.from('\ufeff{"query":"PLC"}', 'utf16le'), contentType: 'application/json' },
  { kind: 'form', payload: 'query=PLC&__proto__[x]=1', contentType: 'application/x-www-form-urlencoded' },
  { kind: 'multipart-no-boundary', payload: '--x\r\n\r\n', contentType: 'multipart/form-data' },
  { kind: 'xml', payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', contentType: 'application/xml' },
  { kind: 'no-type', payload: '{"query":"PLC"}' },
  { kind: 'garbage-type', payload: '{"query":"PLC"}', contentType: ';;;=;' },
  { kind: 'empty-json', payload: '', contentType: 'application/json' },
  { kind: 'bom-json', payload: '\ufeff{"query":"PLC"}', contentType: 'application/json' },
  { kind: 'truncated', payload: '{"query":"PL', contentType: 'application/json' },
  { kind: 'ndjson-mixed', payload: '{"id":"a"}\n[1,2]\n"x"\n{', contentType: 'application/x-ndjson' },
);

/** `__proto__` / `constructor.prototype` keys, written as JSON text (an object literal cannot hold them as own keys). */
function protoBody(schema: JsonSchema | undefined): fc.Arbitrary<HostileBody> {
  return fromSchema(schema).map((value) => {
    const base = JSON.stringify(value && typeof value === 'object' && !Array.isArray(value) ? value : {});
    const poison = '"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}}';
    return { kind: 'proto', payload: base === '{}' ? `{${poison}}` : `{${poison},${base.slice(1)}`, contentType: 'application/json' };
  });
}

export function hostileBody(schema: JsonSchema | undefined): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    { weight: 5, arbitrary: fromSchema(schema).map((v) => json('shaped', v)) },
    { weight: 2, arbitrary: anyJson.map((v) => json('any-json', v)) },
    { weight: 2, arbitrary: protoBody(schema) },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: hugeBody },
    { weight: 2, arbitrary: invalidUtf8 },
    { weight: 2, arbitrary: mislabelled },
  );
}

// ---------------------------------------------------------------------------------------------
// Paths and query strings

/** A path segment: percent-encoded hostile text, or raw bytes a URL parser must cope with. */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 600).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%00', '%2e%2e', '..', '%2F', '%25', 'a%20b', '%C0%AF', 'x'.repeat(5000)) },
);

const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')).slice(0, 3000)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%FF', '', '1&2', '-1', '1e999', '0x10') },
);

function hostileQuery(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const known = Object.keys(schema?.properties ?? {});
  const key = fc.oneof(
    ...(known.length ? [{ weight: 4, arbitrary: fc.constantFrom(...known) }] : []),
    { weight: 1, arbitrary: fc.constantFrom('__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b][c]', 'limit[]', 'filters[cities][0]', '', '%ZZ') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
  );
  return fc.array(fc.tuple(key, queryValue), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

// ---------------------------------------------------------------------------------------------
// The property

export interface HostileRequest {
  url: string;
  body: HostileBody | undefined;
}

const HAS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A path parameter: mostly a value the route can resolve (an enum value of its schema, or an
 * id from `knownIds` — the ids of the records a test loaded), so requests reach the handler;
 * otherwise a hostile segment.
 */
function pathParam(schema: JsonSchema | undefined, known: readonly string[]): fc.Arbitrary<string> {
  const good = [...(schema?.enum ?? []).map(String), ...known];
  if (good.length === 0) return pathSegment;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good).map(encodeURIComponent) }, { weight: 2, arbitrary: pathSegment });
}

export function hostileRequest(target: FuzzTarget, knownIds: Readonly<Record<string, readonly string[]>> = {}): fc.Arbitrary<HostileRequest> {
  const segments = target.url.split('/');
  const path = fc
    .tuple(
      ...segments.map((s) => {
        if (s === '*') return pathSegment;
        if (!s.startsWith(':')) return fc.constant(s);
        const name = s.slice(1);
        return pathParam(target.params?.[name], knownIds[name] ?? []);
      }),
    )
    .map((parts) => parts.join('/'));
  const body = HAS_BODY.has(target.method) ? fc.option(hostileBody(target.body), { freq: 8 }) : fc.constant(null);
  return fc.tuple(path, hostileQuery(target.query), body).map(([p, q, b]) => ({ url: q ? `${p}?${q}` : p, body: b ?? undefined }));
}

export function injectOptions(target: FuzzTarget, request: HostileRequest, key: string | undefined): InjectOptions {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (request.body?.contentType) headers['content-type'] = request.body.contentType;
  return {
    method: target.method,
    url: request.url,
    headers,
    ...(request.body ? { payload: request.body.payload } : {}),
  };
}

/** Why a reply breaks the rules, or null when it is fine. */
export function violation(res: { statusCode: number; body: string; headers: Record<string, unknown> }): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  let reply: { statusCode?: unknown; code?: unknown } | undefined;
  try {
    reply = JSON.parse(res.body) as typeof reply;
  } catch {
    return `status ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (typeof reply?.code !== 'string' || !ErrorCatalogue[reply.code]) return `status ${res.statusCode} without a catalogue code: ${res.body.slice(0, 300)}`;
  if (reply.statusCode !== res.statusCode || ErrorCatalogue[reply.code]!.statusCode !== res.statusCode) {
    return `status ${res.statusCode} but body says ${String(reply.statusCode)} (${reply.code})`;
  }
  return null;
}

/** Object.prototype must come out of a run as it went in. */
export function prototypePollution(): string | null {
  const keys = Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_PROTO_KEYS.has(k));
  return keys.length ? `Object.prototype gained ${keys.join(', ')}` : null;
}
const BUILTIN_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface FuzzReport {
  cases: number;
  failures: Array<{ method: string; url: string; request: string; problem: string }>;
  byStatus: Record<string, number>;
}

/**
 * Fuzz every target with `casesPerRoute` hostile requests, each sent with a key of a role the
 * route allows (so the request reaches validation and the handler, not just the key check).
 */
export async function fuzzApp(
  app: FuzzedApp,
  targets: readonly FuzzTarget[],
  keyFor: (roles: readonly Role[] | 'public') => string | undefined,
  opts: { casesPerRoute: number; seed?: number; knownIds?: Readonly<Record<string, readonly string[]>>; onCase?: () => void },
): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, failures: [], byStatus: {} };
  for (const target of targets) {
    const key = keyFor(target.roles);
    const samples = fc.sample(hostileRequest(target, opts.knownIds), { numRuns: opts.casesPerRoute, seed: opts.seed });
    for (const request of samples) {
      report.cases++;
      let problem: string | null;
      try {
        const res = await app.inject(injectOptions(target, request, key));
        report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
        problem = violation(res);
      } catch (err) {
        problem = `inject threw: ${(err as Error).stack ?? String(err)}`;
      }
      problem ??= prototypePollution();
      if (problem) {
        report.failures.push({
          method: target.method,
          url: target.url,
          request: `${request.url.slice(0, 200)} ${request.body ? `[${request.body.kind}, ${request.body.contentType ?? 'no content-type'}] ${String(request.body.payload).slice(0, 200)}` : ''}`,
          problem,
        });
      }
      opts.onCase?.();
    }
  }
  return report;
}

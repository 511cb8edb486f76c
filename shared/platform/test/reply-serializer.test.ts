import t, { type Test } from 'tap';
import { z } from 'zod';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { compiledReplySerializer, createHttpServer, loadConfig } from '@chanjiao/platform';

// The same cases as response-schema.test.ts (the app's default writer), for the compiled writer of the hot routes.
const Person = z.object({
  id: z.string(),
  displayName: z.string(),
  school: z.object({ id: z.string(), city: z.string() }).nullable(),
  className: z.string().nullable(),
  score: z.number(),
  rank: z.number().int(),
  tags: z.array(z.object({ name: z.string(), level: z.enum(['basic', 'advanced']).optional() })),
  contributions: z.record(z.string(), z.number()),
  prefs: z.object({ cities: z.array(z.string()).default([]), stayLocal: z.boolean().default(false) }),
  details: z.record(z.string(), z.unknown()).optional(),
});
const Reply = z.object({
  hits: z.array(Person),
  total: z.number().int(),
  totalIsEstimate: z.literal(true).optional(),
  facets: z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int(), label: z.string().optional() }))),
  nextCursor: z.string().nullable(),
});

async function serve(t: Test, body: unknown) {
  const app = createHttpServer(loadConfig({}), { name: 'test', logger: false });
  app.get('/x', { schema: { response: { 200: Reply } }, serializerCompiler: compiledReplySerializer }, async () => body as never);
  t.teardown(() => app.close());
  return app.inject({ method: 'GET', url: '/x' });
}

const person = {
  id: 's1',
  displayName: '张**',
  school: { id: 'sch1', city: '珠海市' },
  className: null,
  score: 0.75,
  rank: 1,
  tags: [{ name: 'PLC编程', level: 'advanced' }, { name: '电工"\\\n\u2028' }],
  contributions: { lexical: 0.25, semantic: -0.125 },
  prefs: { cities: ['珠海市'], stayLocal: true },
  details: { anything: [1, 'two', null, { deep: true }] },
};
const zodWriter = serializerCompiler({ schema: Reply, method: 'GET', url: '/x', httpStatus: '200' } as never) as (data: unknown) => string;

t.test('the compiled writer writes what the zod writer writes: nullable objects and strings, optional fields, records, defaults, escapes', async (t) => {
  const bodies = [
    { hits: [person, { ...person, id: 's2', school: null, className: '机电类', details: undefined, prefs: {} }], total: 2, facets: { city: [{ value: '珠海市', count: 2 }, { value: 'S1', count: 1, label: '学校' }] }, nextCursor: null },
    { hits: [], total: 0, totalIsEstimate: true, facets: {}, nextCursor: 'abc.def' },
  ];
  for (const body of bodies) {
    const res = await serve(t, body);
    t.equal(res.statusCode, 200);
    // The same JSON value (fast-json-stringify writes an object's required properties before its optional ones).
    t.same(JSON.parse(res.body), JSON.parse(zodWriter(body)));
  }
});

t.test('properties the schema does not name are dropped, at every depth (the privacy net of the views holds)', async (t) => {
  const leaky = {
    hits: [{ ...person, phone: '13800138000', school: { ...person.school, idNumber: '440404200503120318' }, tags: [{ name: 'x', secret: 1 }], prefs: { cities: [], stayLocal: false, personal: { phone: '13800138000' } } }],
    total: 1,
    facets: { city: [{ value: 'c', count: 1, note: '13800138000' }] },
    nextCursor: 'c',
    debug: { phone: '13800138000' },
  };
  const res = await serve(t, leaky);
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /13800138000|440404200503120318|secret|debug|personal/);
  t.same(JSON.parse(res.body).hits[0].school, { id: 'sch1', city: '珠海市' });
  t.same(JSON.parse(res.body), JSON.parse(zodWriter(leaky)));
});

t.test('a required property that is missing fails the reply instead of writing a half record, and the 500 echoes nothing', async (t) => {
  const { displayName: _dropped, ...noName } = person;
  const res = await serve(t, { hits: [noName], total: 1, facets: {}, nextCursor: null });
  t.equal(res.statusCode, 500);
  t.equal(JSON.parse(res.body).code, 'INTERNAL');
  t.notMatch(res.body, /s1|displayName|required/);
});

t.test('a reply schema JSON Schema cannot express is refused when the route is added, naming the route', async (t) => {
  const app = createHttpServer(loadConfig({}), { name: 'test', logger: false });
  t.teardown(() => app.close());
  app.get('/t', { schema: { response: { 200: z.object({ at: z.string().transform((s) => s.length) }) } }, serializerCompiler: compiledReplySerializer }, async () => ({ at: 'x' }) as never);
  await t.rejects(async () => app.ready(), /GET \/t/);
});

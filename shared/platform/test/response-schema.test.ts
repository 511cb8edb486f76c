import t, { type Test } from 'tap';
import { z } from 'zod';
import { loadConfig } from '../src/config/index.js';
import { createHttpServer } from '../src/http/create-server.js';

const Person = z.object({
  id: z.string(),
  displayName: z.string(),
  school: z.object({ id: z.string(), city: z.string() }).nullable(),
  className: z.string().nullable(),
  score: z.number(),
  rank: z.number().int(),
  tags: z.array(z.object({ name: z.string(), level: z.enum(['basic', 'advanced']).optional() })),
  details: z.record(z.string(), z.unknown()).optional(),
});
const Reply = z.object({ hits: z.array(Person), total: z.number().int(), nextCursor: z.string().nullable() });

async function serve(t: Test, body: unknown) {
  const app = createHttpServer(loadConfig({}), { name: 'test', logger: false });
  app.get('/x', { schema: { response: { 200: Reply } } }, async () => body as never);
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
  tags: [{ name: 'PLC编程', level: 'advanced' }, { name: '电工' }],
  details: { anything: [1, 'two'] },
};

t.test('a reply is written through its zod schema: nullable objects and strings, optional fields, records', async (t) => {
  const body = { hits: [person, { ...person, id: 's2', school: null, className: '机电类', details: undefined }], total: 2, nextCursor: null };
  const res = await serve(t, body);
  t.equal(res.statusCode, 200);
  t.same(JSON.parse(res.body), JSON.parse(JSON.stringify(Reply.parse(body))));
});

t.test('properties the schema does not name are dropped, at every depth (the privacy net of the views)', async (t) => {
  const leaky = {
    hits: [{ ...person, phone: '13800138000', school: { ...person.school, idNumber: '440404200503120318' }, tags: [{ name: 'x', secret: 1 }] }],
    total: 1,
    nextCursor: 'c',
    debug: { phone: '13800138000' },
  };
  const res = await serve(t, leaky);
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /13800138000|440404200503120318|secret|debug/);
  t.same(JSON.parse(res.body).hits[0].school, { id: 'sch1', city: '珠海市' });
});

t.test('a required property that is missing fails the reply instead of writing a half record', async (t) => {
  const { displayName: _dropped, ...noName } = person;
  const res = await serve(t, { hits: [noName], total: 1, nextCursor: null });
  t.equal(res.statusCode, 500);
  t.equal(JSON.parse(res.body).code, 'INTERNAL');
  t.notMatch(res.body, /s1/);
});

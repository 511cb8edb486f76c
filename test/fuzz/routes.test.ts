import t from 'tap';
import { buildSecurityTarget } from '../security/target.js';
import { fuzzApp, fuzzTargets } from './hostile.js';

/**
 * Hostile requests for every route of the whole API (a few per route here; `pnpm fuzz` sends
 * ≥ 10k): never a 5xx, never a crash, every 4xx a catalogue error reply, and Object.prototype
 * untouched. Each request carries a key of a role the route allows, so it gets past the key
 * check into validation and the handler.
 */
t.test('fuzz: hostile bodies, query strings and paths on every route', async (t) => {
  const target = await buildSecurityTarget({ students: 120 });
  t.teardown(() => target.close());
  const targets = fuzzTargets(target.app);
  t.ok(targets.length >= 25, `${targets.length} routes`);
  const { ids, data } = target;
  const report = await fuzzApp(target.app, targets, (roles) => (roles === 'public' ? undefined : target.keys[roles[0]!]), {
    casesPerRoute: 12,
    seed: 8,
    knownIds: { postId: [ids.postId, ids.otherPostId], studentId: [ids.studentId, ids.otherStudentId], term: data.terms.map((x) => x.id) },
  });
  t.equal(report.cases, targets.length * 12);
  t.same(report.failures, []);
});

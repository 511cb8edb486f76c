import fc from 'fast-check';
import t from 'tap';
import { INTERACTIVE_RESERVE_MS, MicroBatcher, QueueFullError } from '@chanjiao/embedding/internal';

/** A run function that records its batches and finishes when told to. */
function recorder() {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  let running = 0;
  let maxRunning = 0;
  const run = (batch: number[]) => {
    batches.push(batch);
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<string[]>((resolve) =>
      finish.push(() => {
        running--;
        resolve(batch.map((n) => `r${n}`));
      }),
    );
  };
  return { batches, finish, run, maxRunning: () => maxRunning };
}

const tick = () => new Promise((r) => setImmediate(r));

t.test('an idle batcher sends a lone item at once; items arriving while it runs wait and go together', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 3, maxWaitMs: 10_000, capacity: 100, concurrency: 1, run: r.run });
  const first = b.submit([1]);
  t.same(r.batches, [[1]]);
  const rest = b.submit([2, 3, 4, 5]);
  t.same(r.batches, [[1]], 'one batch runs at a time');
  t.equal(b.waiting, 4);
  r.finish.shift()!();
  t.same(await Promise.all(first), ['r1']);
  await tick();
  t.same(r.batches, [[1], [2, 3, 4]], 'a full batch leaves as soon as a slot is free');
  r.finish.shift()!();
  await tick();
  t.same(r.batches, [[1], [2, 3, 4], [5]], 'nothing else runs, so the remainder does not wait for maxWaitMs');
  r.finish.shift()!();
  t.same(await Promise.all(rest), ['r2', 'r3', 'r4', 'r5']);
  t.equal(b.waiting, 0);
  t.equal(b.running, 0);
});

t.test('while another batch runs, a part batch leaves after maxWaitMs', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 8, maxWaitMs: 20, capacity: 100, concurrency: 2, run: r.run });
  b.submit([1]);
  const second = b.submit([2, 3]);
  t.same(r.batches, [[1]]);
  await new Promise((resolve) => setTimeout(resolve, 60));
  t.same(r.batches, [[1], [2, 3]]);
  r.finish.forEach((f) => f());
  t.same(await Promise.all(second), ['r2', 'r3']);
});

t.test('submit is all or nothing: a request that does not fit is refused whole', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 2, maxWaitMs: 0, capacity: 3, concurrency: 1, run: r.run });
  b.submit([1, 2]);
  b.submit([3, 4, 5]);
  t.equal(b.waiting, 3);
  t.throws(() => b.submit([6]), new QueueFullError(3, 3));
  t.equal(b.waiting, 3);
  r.finish.shift()!();
  await tick();
  t.equal(b.waiting, 1);
  const more = b.submit([6, 7]);
  t.equal(b.waiting, 3, 'fits again once a batch has left');
  const drain = setInterval(() => r.finish.shift()?.(), 1);
  t.same(await Promise.all(more), ['r6', 'r7']);
  clearInterval(drain);
});

t.test('a failing batch rejects exactly its own items', async (t) => {
  const b = new MicroBatcher<number, number>({
    maxBatch: 2,
    maxWaitMs: 0,
    capacity: 10,
    concurrency: 1,
    run: async (batch) => {
      if (batch.includes(3)) throw new Error('boom');
      return batch.map((n) => n * 10);
    },
  });
  const results = await Promise.allSettled(b.submit([1, 2, 3, 4, 5]));
  t.same(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    [10, 20, 'boom', 'boom', 50],
  );
});

t.test('close rejects the waiting items, lets running ones finish', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 1, maxWaitMs: 0, capacity: 10, concurrency: 1, run: r.run });
  const [a, c] = b.submit([1, 2]);
  b.close(new Error('closing'));
  await t.rejects(c!, { message: 'closing' });
  r.finish.shift()!();
  t.equal(await a, 'r1');
  t.throws(() => b.submit([3]), { message: 'MicroBatcher: closed' });
});

t.test('bad options are refused, naming the option', async (t) => {
  const run = async (b: number[]) => b;
  t.throws(() => new MicroBatcher({ maxBatch: 0, maxWaitMs: 0, capacity: 1, concurrency: 1, run }), { message: /maxBatch/ });
  t.throws(() => new MicroBatcher({ maxBatch: 1, maxWaitMs: -1, capacity: 1, concurrency: 1, run }), { message: /maxWaitMs/ });
  t.throws(() => new MicroBatcher({ maxBatch: 1, maxWaitMs: 0, capacity: 1, concurrency: 1.5, run }), { message: /concurrency/ });
});

t.test('model check: every item gets its own result, batches respect maxBatch and concurrency, order is kept', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      async (requestSizes, maxBatch, concurrency, maxWaitMs) => {
        const batches: number[][] = [];
        let running = 0;
        let maxRunning = 0;
        const b = new MicroBatcher<number, number>({
          maxBatch,
          maxWaitMs,
          capacity: 1000,
          concurrency,
          run: async (batch) => {
            batches.push(batch);
            maxRunning = Math.max(maxRunning, ++running);
            await new Promise((r) => setTimeout(r, batch.length % 3));
            running--;
            return batch.map((n) => n * n);
          },
        });
        let next = 0;
        const all: Array<Promise<number[]>> = [];
        for (const size of requestSizes) {
          const items = Array.from({ length: size }, () => next++);
          all.push(Promise.all(b.submit(items)));
          if (size % 2 === 0) await new Promise((r) => setImmediate(r));
        }
        const got = (await Promise.all(all)).flat();
        const expected = Array.from({ length: next }, (_, i) => i * i);
        return (
          JSON.stringify(got) === JSON.stringify(expected) &&
          JSON.stringify(batches.flat()) === JSON.stringify(Array.from({ length: next }, (_, i) => i)) &&
          batches.every((x) => x.length >= 1 && x.length <= maxBatch) &&
          maxRunning <= concurrency
        );
      },
    ),
    { numRuns: 150 },
  );
  t.pass('property held');
});

t.test('interactive items go before bulk ones queued earlier, in batches of their own', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 4, maxWaitMs: 10_000, capacity: 100, concurrency: 1, run: r.run });
  b.submit([1, 2, 3, 4, 5, 6], 'bulk');
  t.same(r.batches, [[1, 2, 3, 4]]);
  const query = b.submit([100]);
  r.finish.shift()!();
  await tick();
  t.same(r.batches, [[1, 2, 3, 4], [100]], 'the query jumps the bulk items still waiting, alone in its batch');
  r.finish.shift()!();
  t.same(await Promise.all(query), ['r100']);
  await tick();
  t.same(r.batches.at(-1), [5, 6], 'then the bulk items');
  r.finish.shift()!();
});

t.test('while queries keep coming, bulk batches leave one worker free for them; without queries bulk uses every worker', async (t) => {
  const r = recorder();
  const b = new MicroBatcher<number, string>({ maxBatch: 2, maxWaitMs: 0, capacity: 100, concurrency: 2, run: r.run });
  b.submit([1, 2, 3, 4, 5, 6], 'bulk');
  t.same(r.batches, [[1, 2], [3, 4]], 'no query seen: both workers take bulk work');
  r.finish.splice(0).forEach((f) => f());
  await tick();
  t.same(r.batches.length, 3);
  r.finish.splice(0).forEach((f) => f());
  await tick();

  const query = b.submit([100]);
  t.same(r.batches.at(-1), [100]);
  b.submit([7, 8, 9, 10, 11, 12], 'bulk');
  t.same(r.batches.at(-1), [7, 8], 'one worker for bulk work');
  r.finish.shift()!(); // the query's batch
  t.same(await Promise.all(query), ['r100']);
  await tick();
  t.equal(b.running, 1, 'the freed worker stays kept for queries while they keep coming');
  t.equal(b.waiting, 4);
  const later = b.submit([101]);
  t.same(r.batches.at(-1), [101], 'and a query arriving now runs at once, beside the bulk batch');
  r.finish.splice(0).forEach((f) => f());
  t.same(await Promise.all(later), ['r101']);
  // Once queries stop for INTERACTIVE_RESERVE_MS, bulk work takes both workers again.
  await new Promise((resolve) => setTimeout(resolve, INTERACTIVE_RESERVE_MS + 50));
  t.equal(b.running, 2, 'the reserve lapsed: bulk on both workers');
  r.finish.splice(0).forEach((f) => f());
  await tick();
  r.finish.splice(0).forEach((f) => f());
});

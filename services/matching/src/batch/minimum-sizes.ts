import { DeferredAcceptance, entriesByPost } from './deferred-acceptance.js';
import type { Market } from './market.js';

/**
 * Minimum class sizes (DESIGN.md, "Minimum class sizes"). Deciding which classes to cancel so
 * that the fewest are cancelled is NP-hard (lower quotas with closable classes; Biró, Fleiner,
 * Irving & Manlove 2010), so this is a cheap procedure with two stated guarantees:
 *
 * 1. **Feasible**: every class left open holds at least its minimum.
 * 2. **No class is left cancelled that could be reopened on its own**: for every cancelled class c
 *    whose own applicants (students who rank c above where they ended up) reach its minimum, a
 *    fresh run with only the other cancellations leaves some open class under its minimum.
 *
 * Step 1, cancellation: while an open class is under its minimum, cancel the one with the least
 * *latent demand* — the students it holds plus the students held by other under-filled classes
 * who rank it lower (they come to it if their class goes) — ties by the lower fill ratio, then the
 * post order given; resume deferred acceptance after each. Classes whose latent demand is below
 * their minimum cannot fill even if every other under-filled class goes: they go together.
 * Step 2, reopening: sweep the cancelled classes whose reopening demand (students who rank the
 * class above where they ended up) reaches the minimum; for each, try a fresh run without its
 * cancellation and keep it when every open class then holds its minimum (one cancellation fewer).
 * Repeat while a sweep reopens something; each reopening removes a cancellation, so this ends.
 */
export interface MinimumSizeInput {
  readonly market: Market;
  /** Effective minimum per post (0: none); never above the post's capacity. */
  readonly minSize: Int32Array;
  /** Tie order between posts (lower first): the rank of the post id, so input order never matters. */
  readonly order: Int32Array;
  readonly window?: Int32Array | undefined;
  /** Finish a run (in slices, yielding; the caller's progress and cancellation). */
  readonly finish: (da: DeferredAcceptance) => Promise<void>;
}

export interface CancelledRecord {
  readonly post: number;
  /** Students it held when it was cancelled. */
  readonly filled: number;
  /** Its latent demand then (≥ filled). */
  readonly latent: number;
}

export interface MinimumSizeOutcome {
  /** The final run: every open class at or above its minimum. */
  readonly da: DeferredAcceptance;
  /** Cancelled classes, in the order they went (reopened ones removed). */
  readonly cancelled: readonly CancelledRecord[];
  /** Classes cancelled in step 1 and reopened in step 2. */
  readonly reopened: readonly number[];
  /** Fresh runs tried in step 2. */
  readonly trials: number;
}

/** Posts with a minimum, open, and holding fewer than it. */
function underFilled(da: DeferredAcceptance, minSize: Int32Array): number[] {
  const out: number[] = [];
  for (let p = 0; p < minSize.length; p++) if (minSize[p]! > 0 && !da.isClosed(p) && da.heldCount(p) < minSize[p]!) out.push(p);
  return out;
}

/** Step 1 from the state `da` is in (already run to the end); appends to `cancelled`. */
async function cancelUntilFeasible(input: MinimumSizeInput, da: DeferredAcceptance, cancelled: CancelledRecord[]): Promise<void> {
  const { market, minSize, order } = input;
  const latent = new Int32Array(market.postCount);
  const isUnder = new Uint8Array(market.postCount);
  for (;;) {
    const under = underFilled(da, minSize);
    if (under.length === 0) return;
    for (const c of under) {
      isUnder[c] = 1;
      latent[c] = da.heldCount(c);
    }
    for (const c of under) {
      for (const s of da.heldStudents(c)) {
        for (let i = da.assignedEntry[s]! + 1; i < market.listStart[s + 1]!; i++) {
          const p = market.listPost[i]!;
          if (isUnder[p]) latent[p]!++;
        }
      }
    }
    const better = (a: number, b: number) => {
      if (latent[a] !== latent[b]) return latent[a]! < latent[b]!;
      const ra = da.heldCount(a) * minSize[b]!;
      const rb = da.heldCount(b) * minSize[a]!;
      if (ra !== rb) return ra < rb;
      return order[a]! < order[b]!;
    };
    const sorted = [...under].sort((a, b) => (better(a, b) ? -1 : 1));
    // Classes whose latent demand is below their minimum cannot fill even if every other
    // under-filled class goes: they are cancelled together (in the same order as one at a time).
    // Otherwise the one with the least latent demand goes alone.
    const hopeless = sorted.filter((c) => latent[c]! < minSize[c]!);
    const batch = hopeless.length > 0 ? hopeless : [sorted[0]!];
    for (const c of batch) {
      cancelled.push({ post: c, filled: da.heldCount(c), latent: latent[c]! });
      da.close(c);
    }
    for (const c of under) isUnder[c] = 0;
    await input.finish(da);
  }
}

/**
 * Students who rank cancelled class c above where they ended up, and who would have it within
 * their window if it were open: the most it could hold on reopening.
 */
function reopenDemand(input: MinimumSizeInput, da: DeferredAcceptance, byPost: ReturnType<typeof entriesByPost>, c: number): number {
  const { market, window } = input;
  let demand = 0;
  for (let k = byPost.start[c]!; k < byPost.start[c + 1]!; k++) {
    const s = byPost.student[k]!;
    const e = byPost.entry[k]!;
    if (da.assignedEntry[s]! >= 0) {
      if (da.assignedEntry[s]! > e) demand++;
      continue;
    }
    if (!window) {
      demand++;
      continue;
    }
    let open = 0;
    for (let i = market.listStart[s]!; i < e; i++) if (!da.isClosed(market.listPost[i]!)) open++;
    if (open < window[s]!) demand++;
  }
  return demand;
}

/** Run deferred acceptance with minimum class sizes: steps 1 and 2 above. */
export async function enforceMinimumSizes(input: MinimumSizeInput, first: DeferredAcceptance): Promise<MinimumSizeOutcome> {
  const { market, minSize, order } = input;
  const cancelled: CancelledRecord[] = [];
  await cancelUntilFeasible(input, first, cancelled);
  if (cancelled.length === 0) return { da: first, cancelled, reopened: [], trials: 0 };

  const byPost = entriesByPost(market);
  const reopened: number[] = [];
  let da = first;
  let trials = 0;
  // Sweeps over the cancelled classes, most demand first; a class is tried against the state as it
  // is when its turn comes. A sweep that reopens nothing has checked every cancelled class against
  // the final state: that is guarantee 2.
  for (;;) {
    let reopenedThisSweep = false;
    const sweep = cancelled
      .map((c) => ({ c, demand: reopenDemand(input, da, byPost, c.post) }))
      .filter(({ c, demand }) => demand >= minSize[c.post]!)
      .sort((a, b) => b.demand - a.demand || order[a.c.post]! - order[b.c.post]!);
    for (const { c } of sweep) {
      if (reopenedThisSweep && reopenDemand(input, da, byPost, c.post) < minSize[c.post]!) continue;
      trials++;
      const trial = new DeferredAcceptance(market, {
        window: input.window,
        closed: cancelled.filter((x) => x !== c).map((x) => x.post),
      });
      await input.finish(trial);
      if (underFilled(trial, minSize).length > 0) continue;
      da = trial;
      cancelled.splice(cancelled.indexOf(c), 1);
      reopened.push(c.post);
      reopenedThisSweep = true;
    }
    if (!reopenedThisSweep) break;
  }
  return { da, cancelled, reopened, trials };
}

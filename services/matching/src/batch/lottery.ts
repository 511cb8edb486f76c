import { createHash, randomBytes } from 'node:crypto';

/**
 * The seeded lottery that breaks ties (equal priorities at a post, equal scores in a derived
 * preference list). A ticket depends only on the seed and the id, never on input order, so an
 * auditor can recompute any ticket from the seed stored in the result:
 * `ticket = first 52 bits of sha256("<seed>:<id>") / 2^52`, a number in [0, 1); lower wins.
 */
export function lotteryTicket(seed: string, id: string): number {
  const digest = createHash('sha256').update(`${seed}:${id}`).digest();
  // 52 bits: exact in a double, and collisions among a million ids are ~1e-4 likely (then the
  // id decides, see compareTickets).
  const hi = digest.readUInt32BE(0);
  const lo = digest.readUInt32BE(4) >>> 12;
  return (hi * 2 ** 20 + lo) / 2 ** 52;
}

/** A fresh seed when the caller gives none: 16 random bytes, hex. */
export function newLotterySeed(): string {
  return randomBytes(16).toString('hex');
}

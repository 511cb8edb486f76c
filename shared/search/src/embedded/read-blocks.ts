import { readSync } from 'node:fs';

/**
 * Fills blocks from an open snapshot file one after another, from `position` on: what a load reads
 * after a file's header line. readSync reads at most 2 GiB − 1 a call and may read less, so a
 * block is read in a loop; a file that ends early is an error naming `path`.
 */
export function blockReader(fd: number, path: string, position: number): (block: Uint8Array) => void {
  return (block) => {
    for (let at = 0; at < block.byteLength; ) {
      const n = readSync(fd, block, at, Math.min(block.byteLength - at, 2 ** 30), position);
      if (n === 0) throw new Error(`${path} is truncated`);
      at += n;
      position += n;
    }
  };
}

import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const pool = new Uint8Array(4096);
let next = pool.length;

/** ulid asks for one random number per character; drawing them from a pooled buffer keeps bulk inserts fast. */
function pooledRandom(): number {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

/** Row ids are ULIDs made on the device: unique without a server, and they sort by creation time. */
export const newId: () => string = monotonicFactory(pooledRandom);

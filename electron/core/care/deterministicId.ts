import { createHash, hash } from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string. The one-shot crypto.hash (Node 20.12+) takes about 60% of the time of a
 * createHash chain, which a campaign launch spends twice per target (its id, its control draw).
 */
export const sha256: (text: string) => Buffer =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'buffer') : (text) => createHash('sha256').update(text).digest();

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id derived from what a row stands for instead of drawn at random: every device that writes
 * the same fact (a rule's follow-up for one trigger, an outlet's setting) writes the same row id, and sync
 * merges the writes instead of keeping two rows. The time part keeps ids sorting roughly by `timeMs`.
 */
export function deterministicId(timeMs: number, ...parts: string[]): string {
  const digest = sha256(parts.join('\u0000'));
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD[digest[i]! % 32]!;
  return idTimePart(timeMs) + rest;
}

/** The first ten characters of an id made at `timeMs`: every id made at or after that time sorts at or after it. */
export function idTimePart(timeMs: number): string {
  let time = '';
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time;
}

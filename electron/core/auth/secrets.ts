import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * scrypt, memory-hard: N=2^15, r=8 costs 32 MiB and ~145 ms per check on the project machine — fast at a counter,
 * and with 6-digit PINs ~40 core-hours to try every PIN of a copied store (tests/bench/pinCrackBench.ts). N=2^16
 * measured ~290 ms, too close to the 300 ms a counter sign-in may take on a slower PC. The hash string carries
 * its parameters, so they can be raised later and older hashes keep verifying.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Room for N up to 2^17 at r=8 (128 MiB); scrypt needs a little more than 128·N·r. */
const MAX_WORK_BYTES = 128 * 1024 * 1024;
const MAX_MEMORY = MAX_WORK_BYTES + 16 * 1024 * 1024;

export function hashSecret(secret: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): string {
  const { N, r, p } = params;
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Hashes arrive through sync, so their parameters are checked before use: one asking for more memory or time
 * than any of ours (a forged N=2^30) fails the check instead of stalling sign-in.
 */
export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (scheme !== 'scrypt' || !salt || !key) return false;
  if (!Number.isInteger(Math.log2(N)) || N < 2 || !Number.isInteger(R) || R < 1 || P !== 1 || 128 * N * R > MAX_WORK_BYTES) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length < 16 || expected.length > 64) return false;
  const actual = scryptSync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return timingSafeEqual(actual, expected);
}

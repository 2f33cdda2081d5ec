import { parseNik } from '../../../shared/nik';
import { oneDigitApart } from './similarity';

/**
 * Whether two NIKs name two identities: both valid and different beyond a one-digit typo. Two identities are never
 * one customer registered twice, though a card farmer may hold both (pipeline.ts); a merge never makes them one
 * profile (merge.ts).
 */
export function twoIdentities(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = a?.replace(/\D/g, '') ?? '';
  const y = b?.replace(/\D/g, '') ?? '';
  return x.length === 16 && y.length === 16 && x !== y && !oneDigitApart(x, y) && parseNik(x).ok && parseNik(y).ok;
}

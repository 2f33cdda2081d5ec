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

/** Whether any two of these NIKs name two identities (a group the scan or a merge must not make one customer). */
export function holdsTwoIdentities(niks: readonly (string | null | undefined)[]): boolean {
  for (let x = 0; x < niks.length; x++) for (let y = x + 1; y < niks.length; y++) if (twoIdentities(niks[x], niks[y])) return true;
  return false;
}

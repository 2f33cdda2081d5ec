import { withoutInvisibles } from '../../../shared/text';

/**
 * Lower case ASCII-ish text for matching: diacritics stripped (é → e), apostrophes dropped so that
 * "Ma'ruf" and "Maruf" stay one word.
 */
export function foldText(raw: string): string {
  // Most input is plain ASCII: skip the (costly) Unicode decomposition then.
  if (/^[\x20-\x7e]*$/.test(raw)) return raw.toLowerCase().replace(/['`]/g, '');
  return withoutInvisibles(raw)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´ʼ]/g, '');
}

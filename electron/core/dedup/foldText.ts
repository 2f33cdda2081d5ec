/**
 * Lower case ASCII-ish text for matching: diacritics stripped (é → e), apostrophes dropped so that
 * "Ma'ruf" and "Maruf" stay one word.
 */
export function foldText(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´ʼ]/g, '');
}

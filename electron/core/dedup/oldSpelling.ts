/**
 * Rewrites one lower-case word from pre-1972 spelling (Ejaan Van Ophuijsen / Soewandi) into today's
 * spelling: oe→u, dj→j, tj→c, sj→sy, ch→kh, and old j→y.
 *
 * The j→y rule is ambiguous: modern "j" exists too (Joko, Jaya, Raja), so rewriting every j would turn
 * Joko into "yoko". Decision: j→y only in a word that already shows old spelling (oe, dj, tj or sj), where
 * a plain j can only be the old letter for y: Tjahjono→cahyono, Soerjadi→suryadi, Djaja→jaya. A word
 * whose only old letter is j (Jusuf for Yusuf) stays as written; similarity and the phonetic key absorb it.
 * The same holds for word-initial nj (Njoman→nyoman), which modern spelling never writes.
 */
export function modernizeSpelling(word: string): string {
  if (!/[jco]/.test(word)) return word;
  const old = /oe|dj|tj|sj/.test(word);
  // Upper case marks letters already modern, so the old-j pass below leaves them alone.
  let w = word.replace(/dj/g, 'J').replace(/tj/g, 'C').replace(/sj/g, 'SY').replace(/oe/g, 'u');
  if (old) w = w.replace(/j/g, 'y');
  w = w.replace(/^nj/, 'ny').replace(/ch/g, 'kh');
  return w.toLowerCase();
}

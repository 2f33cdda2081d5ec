import { foldText } from './foldText';
import { modernizeSpelling } from './oldSpelling';

/** A word of the raw name and whether a dot followed it (a dot marks an abbreviation: "H.", "S.Kom."). */
interface Piece {
  text: string;
  dotted: boolean;
}

/** Honorifics that only ever mean a title, so they go wherever they stand. */
const TITLES_ANYWHERE = new Set(
  `bapak bpk ibu sdr sdri sdra saudara saudari haji hj hajah hajjah drs dra drg prof nyonya ustadz
   ustadzah`.split(/\s+/),
);

/**
 * Titles that could be a name or an initial elsewhere ("H." is Haji in front of a name but may be an
 * initial later on), so they go only from the front.
 */
const TITLES_LEADING = new Set([
  ...TITLES_ANYWHERE,
  ...`bp pak bu h dr dokter ir tn tuan ny nn nona kh kyai kiai ustaz ust mr mrs ms miss mas mbak mba
   bang kak koh cik ns apt`.split(/\s+/),
]);

/** Degrees as they appear with their dots removed; these are never name words, so a bare "SE" counts too. */
const DEGREES = new Set(
  `se sh st skom spd ssos sag spsi sfarm sked ssi sip sikom skm skep sst stp sei shi ssn sds sgz
   shut spt sth sthi spdi spdsd ssosi sak mm mkom mpd mpdi msi mkes mh mt mag mhum msc mba meng mkn
   mak amd amdkep amdkeb amdkom amdak amdfarm amdgz amdtek phd bsc ba ma ak sp ners psikolog`.split(/\s+/),
);

/** Degrees short enough to be a name word too (the Chinese surname Ma): only taken when written with dots. */
const DEGREES_NEED_DOTS = new Set(['ma', 'ba', 'ak', 'sp']);

/** Spelling variants of Arabic-origin names, after modernizeSpelling has run. */
const CANONICAL: ReadonlyMap<string, string> = new Map([
  ...['moh', 'muh', 'mhd', 'mohd', 'muhd', 'mhmd', 'mokh', 'mukh', 'mkh', 'mokhd', 'mukhd'].map((v) => [v, 'muhammad'] as const),
  // Nurul ("light of") and Nur are typed for one another; keep one token so they align.
  ...['noor', 'nour', 'nor', 'nurul'].map((v) => [v, 'nur'] as const),
  ...['akhmad', 'ahmmad'].map((v) => [v, 'ahmad'] as const),
  ['abd', 'abdul'],
  ['sitti', 'siti'],
]);

/** Muhammad, Muhamad, Mohammad, Mohamad, Mochammad (→ mokhammad), Muhammed, Mohamed… */
const MUHAMMAD = /^m[uo]k?h?amm?[ae]dd?$/;

function piecesOf(segment: string): Piece[] {
  const pieces: Piece[] = [];
  for (const m of segment.matchAll(/(\p{L}+)\s*(\.)?/gu)) pieces.push({ text: m[1]!, dotted: m[2] !== undefined });
  return pieces;
}

/** "S.Kom." arrives as pieces s + kom; a degree may span up to three ("A.Md.Kep"). */
function trailingDegreeLength(pieces: readonly Piece[], keep: number): number {
  for (let k = Math.min(3, pieces.length - keep); k >= 1; k--) {
    const tail = pieces.slice(pieces.length - k);
    const joined = tail.map((p) => p.text).join('');
    if (!DEGREES.has(joined)) continue;
    if (!tail.slice(0, -1).every((p) => p.dotted)) continue;
    if (DEGREES_NEED_DOTS.has(joined) && k === 1 && !tail[0]!.dotted) continue;
    return k;
  }
  return 0;
}

function stripTrailingDegrees(pieces: Piece[], keep: number): Piece[] {
  let out = pieces;
  for (let k = trailingDegreeLength(out, keep); k > 0; k = trailingDegreeLength(out, keep)) out = out.slice(0, -k);
  return out;
}

function stripLeadingTitles(pieces: Piece[]): Piece[] {
  let start = 0;
  while (pieces.length - start > 1) {
    const first = pieces[start]!;
    const second = pieces[start + 1]!;
    // "K.H." (Kyai Haji) spans two pieces.
    if (first.dotted && first.text.length === 1 && pieces.length - start > 2 && TITLES_LEADING.has(first.text + second.text)) {
      start += 2;
    } else if (TITLES_LEADING.has(first.text)) {
      start += 1;
    } else break;
  }
  return pieces.slice(start);
}

function isOnlyTitles(pieces: readonly Piece[]): boolean {
  return pieces.every((p) => TITLES_LEADING.has(p.text));
}

function canonicalWord(word: string): string {
  if (MUHAMMAD.test(word)) return 'muhammad';
  return CANONICAL.get(word) ?? word;
}

/**
 * The words of a name as matching sees them: folded, titles and degrees gone, old spelling modernised,
 * Arabic-origin variants made one. Order is kept as typed; names have no fixed given/family order.
 */
export function nameTokens(raw: string): string[] {
  const [head = '', ...rest] = foldText(raw).split(',');
  let pieces = stripTrailingDegrees(stripLeadingTitles(piecesOf(head)), 1);
  for (const segment of rest) {
    // After a comma come degrees ("Budi, S.E., M.M.") or, in surname-first lists, the given name.
    const extra = stripTrailingDegrees(piecesOf(segment), 0);
    if (extra.length > 0 && !isOnlyTitles(extra)) pieces = pieces.concat(extra);
  }
  if (pieces.length > 1) {
    const kept = pieces.filter((p) => !TITLES_ANYWHERE.has(p.text));
    if (kept.length > 0) pieces = kept;
  }
  const words = pieces.map((p) => canonicalWord(modernizeSpelling(p.text)));
  // A leading lone "M" is Muhammad by convention ("M. Rizki"); elsewhere it stays an initial.
  if (words.length > 1 && words[0] === 'm') words[0] = 'muhammad';
  return words;
}

/** nameTokens joined by single spaces: the form stored for matching, never shown to the customer. */
export function normalizeName(raw: string): string {
  return nameTokens(raw).join(' ');
}

/**
 * A phonetic key for one normalised Indonesian word: two spellings that are read alike get one key.
 *
 * Why not Soundex or Metaphone: both are built for English. They drop vowels, which in Indonesian CV-CV
 * names carry most of the word (Soundex gives Budi, Badu and Bodi one code), and they apply English
 * rules (silent gh, c→s before e) that Indonesian spelling does not have. This key keeps the vowels and
 * folds only the variation Indonesian names really show:
 * - f, v, p are one sound for many speakers (Fitri/Pitri, Yusuf/Yusup, Vivi/Fifi) → p
 * - z, dz → s (Aziz/Azis, Zulkifli/Dzulkifli); q → k; x → ks; ck → k
 * - j and y (Jusuf/Yusuf: old spelling that normalizeName could not prove) → y
 * - digraphs kh, ch → h; sy, sh → s; dh → d; th → t; ph → p; gh → g
 * - h before a consonant or at the end is often dropped (Rahmat/Ramat, Fatimah/Fatima)
 * - ae → ai (Zaenal/Zainal, Saeful/Saiful); y after a consonant and not before a vowel → i (Benny/Beni)
 * - doubled letters collapse (Muhammad/Muhamad, Rahayuu/Rahayu)
 * It is meant for blocking and as a tie-breaker in similarity, not as proof of identity.
 */
export function phoneticKey(word: string): string {
  let out = '';
  const n = word.length;
  for (let i = 0; i < n; i++) {
    let c = word[i]!;
    const next = word[i + 1];
    if ((c === 'k' || c === 'c') && next === 'h') {
      c = 'h';
      i++;
    }
    let emit: string;
    switch (c) {
      case 'q':
        emit = 'k';
        break;
      case 'x':
        emit = 'ks';
        break;
      case 'z':
        emit = 's';
        break;
      case 'f':
      case 'v':
        emit = 'p';
        break;
      case 'j':
        emit = 'y';
        break;
      case 'c':
        if (next === 'k') continue;
        emit = 'c';
        break;
      case 'd':
        if (next === 'z') continue;
        if (next === 'h') i++;
        emit = 'd';
        break;
      case 's':
        if (next === 'y' || next === 'h') i++;
        emit = 's';
        break;
      case 't':
      case 'p':
      case 'g':
        if (next === 'h') i++;
        emit = c;
        break;
      case 'h':
        // An initial h stays (Hendra is not Endra); elsewhere it counts only before a vowel.
        if (out.length > 0 && !isVowel(word[i + 1])) continue;
        emit = 'h';
        break;
      case 'e':
        emit = i > 0 && word[i - 1] === 'a' ? 'i' : 'e';
        break;
      case 'y':
        emit = i > 0 && !isVowel(word[i - 1]) && !isVowel(next) ? 'i' : 'y';
        break;
      default:
        emit = c;
    }
    if (out.length > 0 && out[out.length - 1] === emit[0]) emit = emit.slice(1);
    out += emit;
  }
  return out;
}

function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
}

/**
 * Characters that show nothing: format characters (zero-width space, joiner and non-joiner, word joiner, BOM,
 * soft hyphen, bidi marks, embeddings and isolates, tags), combining grapheme joiner, variation selectors,
 * Hangul and Khmer fillers. Typed or pasted into a name, they make it unfindable by typing.
 */
// Combining marks (the grapheme joiner, Khmer inherent vowels, variation selectors) stand outside the class: inside one they would be
// read as joined to the character before them.
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]|\u034f|\u17b4|\u17b5|\p{Variation_Selector}/gu;

export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, (ch: string, offset: number) =>
    keptInEmoji(ch, text.slice(Math.max(0, offset - 3), offset), text.slice(offset + 1, offset + 3)) ? ch : '',
  );
}

/** The joiner inside an emoji sequence (👩‍👩‍👧) and the emoji presentation selector are part of what was typed. */
function keptInEmoji(ch: string, before: string, after: string): boolean {
  if (ch === '\u200d') return /(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F)$/u.test(before) && /^\p{Extended_Pictographic}/u.test(after);
  if (ch === '\ufe0f') return /\p{Extended_Pictographic}$/u.test(before);
  return false;
}

/** A name needs at least one letter once the invisible characters are gone. */
export function hasVisibleLetter(text: string): boolean {
  return /\p{L}/u.test(withoutInvisibles(text));
}

/** The form a name takes in the search index: lower case, accents and punctuation removed, single spaces. */
export function searchableName(name: string): string {
  return withoutInvisibles(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// C0 controls other than tab and line breaks (NUL above all), and DEL: no field of ours means them, and they cut strings short in C libraries.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text no field should hold: control characters, or a lone UTF-16 surrogate (which JSON allows but SQLite,
 * PostgreSQL and every export would mangle). Checked at every door: the contract, the importer, the server.
 */
export function isUnsafeText(value: string): boolean {
  return CONTROL.test(value) || LONE_SURROGATE.test(value);
}

/** The form a name takes in the search index: lower case, accents and punctuation removed, single spaces. */
export function searchableName(name: string): string {
  return name
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

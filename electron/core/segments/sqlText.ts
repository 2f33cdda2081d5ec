/** Pieces of the segment SQL the condition modules share. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A case-insensitive substring pattern for `lower(column) LIKE ? ESCAPE '\\'`. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

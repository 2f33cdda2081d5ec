/**
 * Text as the PDF prints it: NFC (one glyph per accented letter), narrow no-break spaces as spaces, control
 * characters other than line ends dropped. The embedded font (pdfFonts.ts) has the glyphs; nothing is replaced.
 */
export function pdfSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/\u202f/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

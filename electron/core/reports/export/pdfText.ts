/**
 * pdfkit's built-in Helvetica encodes text as Windows-1252 (WinAnsi): Latin letters, digits, `Rp`, dashes and
 * the bullet used by masking all exist; anything else (a Chinese name, an emoji) would print as garbage, so it
 * is replaced with `?` instead. The CSV and XLSX exports keep every character.
 */
const winAnsiExtras = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.includes(ch)) out += ch;
    else if (code === 0x202f) out += ' ';
    else if (ch === '\n') out += ch;
    else out += '?';
  }
  return out;
}

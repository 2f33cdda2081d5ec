// fontkit (pdfkit's font engine) ships no types; the PDF export uses it only to ask which glyphs a font has.
declare module 'fontkit' {
  export function create(buffer: Buffer): unknown;
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The PDF's faces, registered under these names on each document. */
export const FONT = { body: 'AkrabBody', bold: 'AkrabBold', italic: 'AkrabItalic' } as const;

const files = { body: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' } as const;

/**
 * DejaVu Sans (the `dejavu-fonts-ttf` package, shipped with the app): Latin with every diacritic, Greek, Cyrillic,
 * Arabic, the real minus sign and the bullet. pdfkit's built-in Helvetica knows Windows-1252 only. Debian's copy
 * (fonts-dejavu-core) is the fallback where the package is absent.
 */
function fontDir(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${files.body}`));
  } catch {
    const system = '/usr/share/fonts/truetype/dejavu';
    if (existsSync(path.join(system, files.body))) return system;
    throw new Error('PDF font missing: install the dejavu-fonts-ttf package');
  }
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const dir = fontDir();
  doc.registerFont(FONT.body, path.join(dir, files.body));
  doc.registerFont(FONT.bold, path.join(dir, files.bold));
  doc.registerFont(FONT.italic, path.join(dir, files.italic));
}

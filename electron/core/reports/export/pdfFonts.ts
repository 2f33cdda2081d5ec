import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

/** The PDF's faces, registered under these names on each document. */
export const FONT = { body: 'AkrabBody', bold: 'AkrabBold', italic: 'AkrabItalic' } as const;
export type Face = keyof typeof FONT;
/** Han characters, kana and Hangul: one face (the fallback has no bold or italic of its own). */
const CJK = 'AkrabCjk';

const files = { body: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' } as const;
const FALLBACK_FILE = 'DroidSansFallbackFull.ttf';

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

/**
 * DejaVu has no CJK, and Chinese-script names are common among Indonesian customers. Droid Sans Fallback
 * (Apache-2.0, 4 MB, TrueType, so pdfkit embeds only the glyphs used) covers simplified and traditional Han,
 * kana and Hangul. It ships in assets/fonts (a packaged app has it in its resources); Debian's
 * fonts-droid-fallback is the last resort. Without any, such text prints as DejaVu's empty boxes.
 */
function fallbackFile(): string | null {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL(`../../../../assets/fonts/${FALLBACK_FILE}`, import.meta.url)));
  } catch {
    // Bundled: import.meta.url is empty; the resources folder has the font.
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, 'fonts', FALLBACK_FILE));
  candidates.push(`/usr/share/fonts/truetype/droid/${FALLBACK_FILE}`);
  return candidates.find((file) => existsSync(file)) ?? null;
}

interface Coverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
const coverage = new Map<string, Coverage | null>();
function coverageOf(file: string | null): Coverage | null {
  if (!file) return null;
  let font = coverage.get(file);
  if (font === undefined) coverage.set(file, (font = fontkit.create(readFileSync(file)) as unknown as Coverage));
  return font;
}

interface Faces {
  files: Record<Face, string>;
  fallback: string | null;
}
let faces: Faces | null = null;
function resolveFaces(): Faces {
  if (!faces) {
    const dir = fontDir();
    faces = {
      files: { body: path.join(dir, files.body), bold: path.join(dir, files.bold), italic: path.join(dir, files.italic) },
      fallback: fallbackFile(),
    };
  }
  return faces;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const { files: paths, fallback } = resolveFaces();
  for (const face of Object.keys(FONT) as Face[]) doc.registerFont(FONT[face], paths[face]);
  if (fallback) doc.registerFont(CJK, fallback);
}

export interface TextRun {
  font: string;
  text: string;
}

/**
 * `text` cut into runs each drawn by one font: the face asked for wherever it has the glyph, the fallback where
 * only it has one (characters neither has stay with the face).
 */
export function fontRuns(text: string, face: Face): TextRun[] {
  const { files: paths, fallback } = resolveFaces();
  const main = coverageOf(paths[face])!;
  const extra = coverageOf(fallback);
  const runs: TextRun[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const font = extra && !main.hasGlyphForCodePoint(cp) && extra.hasGlyphForCodePoint(cp) ? CJK : FONT[face];
    const last = runs[runs.length - 1];
    // Spaces and combining marks stay in the run they follow.
    if (last && (last.font === font || /[\s\p{M}]/u.test(char))) last.text += char;
    else runs.push({ font, text: char });
  }
  return runs;
}

/** Width of `text` in `face` at the document's current size, run by run. */
export function widthOfRuns(doc: PDFKit.PDFDocument, text: string, face: Face): number {
  let width = 0;
  for (const run of fontRuns(text, face)) width += doc.font(run.font).widthOfString(run.text);
  doc.font(FONT[face]);
  return width;
}

/**
 * `doc.text` in `face`, with the fallback for the characters the face lacks. One run is one plain call;
 * several are drawn as one continued line (pdfkit switches fonts between continued fragments).
 */
export function textIn(
  doc: PDFKit.PDFDocument,
  face: Face,
  text: string,
  x?: number,
  y?: number,
  options: PDFKit.Mixins.TextOptions = {},
): PDFKit.PDFDocument {
  const runs = fontRuns(text, face);
  if (runs.length <= 1) return doc.font(FONT[face]).text(text, x, y, options);
  if (options.lineBreak === false && x !== undefined && y !== undefined) return oneLineOfRuns(doc, face, runs, x, y, options);
  for (const [i, run] of runs.entries()) {
    const continued = i < runs.length - 1;
    doc.font(run.font);
    if (i === 0) doc.text(run.text, x, y, { ...options, continued });
    else doc.text(run.text, { ...options, continued });
  }
  return doc.font(FONT[face]);
}

/** One line placed run by run (pdfkit aligns each continued fragment on its own): aligned as a whole, cut at `width`. */
function oneLineOfRuns(doc: PDFKit.PDFDocument, face: Face, runs: TextRun[], x: number, y: number, options: PDFKit.Mixins.TextOptions) {
  const widths = runs.map((run) => doc.font(run.font).widthOfString(run.text));
  const total = widths.reduce((a, b) => a + b, 0);
  const room = options.width ?? Infinity;
  const slack = Math.max(0, room - total);
  let cx = x + (options.align === 'right' ? slack : options.align === 'center' ? slack / 2 : 0);
  for (const [i, run] of runs.entries()) {
    const left = x + room - cx;
    if (left <= 0) break;
    doc.font(run.font).text(run.text, cx, y, { ...options, align: 'left', width: Math.min(left, widths[i]! + 1) });
    cx += widths[i]!;
  }
  return doc.font(FONT[face]);
}

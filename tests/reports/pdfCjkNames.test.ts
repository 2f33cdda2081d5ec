import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { exportReport } from '../../electron/core/reports/exportReport';
import { tempDir } from '../support/tempStore';
import { smallStore } from './smallStore';

/** The top-customers PDF of MKS with `name` (bought the most) at the top of the table. */
async function topCustomersPdf(name: string): Promise<string> {
  const { store, mks } = smallStore();
  registerCustomer(
    store,
    { fullName: name, phone: '0813-7777-1212', cardNo: 'VIP990001', consentMarketing: true, invoiceNo: 'INV-CJK', amount: 90_000_000, mainProduct: 'Kulkas' },
    { outletId: mks.id },
  );
  const file = path.join(tempDir(), 'top.pdf');
  await exportReport(store, 'top-customers', { outlets: ['MKS'] }, { format: 'pdf', file });
  return file;
}

/** The table row's name cell left of the Latin part of the name, drawn by poppler at 150 dpi (PGM bytes). */
function renderNameCell(file: string): Buffer {
  const words = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  // The table's "Lim" (the chart's label comes first).
  const lim = [...words.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Lim<\/word>/g)].at(-1)!;
  const [xMin, yMin, yMax] = [Number(lim[1]), Number(lim[2]), Number(lim[3])];
  const scale = 150 / 72;
  const out = path.join(tempDir(), 'cell');
  const box = { x: Math.round((xMin - 40) * scale), y: Math.round((yMin - 2) * scale), W: Math.round(38 * scale), H: Math.round((yMax - yMin + 4) * scale) };
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-gray', '-x', `${box.x}`, '-y', `${box.y}`, '-W', `${box.W}`, '-H', `${box.H}`, '-singlefile', file, out]);
  return readFileSync(`${out}.pgm`);
}

describe('PDF: names in Chinese script', () => {
  it('embeds a CJK fallback for the characters DejaVu lacks, so the name prints and can be copied', async () => {
    const file = await topCustomersPdf('林美玲 Lim Mei Ling');
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/\+DroidSansFallback\s+CID TrueType/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/1 林美玲 Lim Mei Ling\s+VIP990001/);
    expect(text).not.toContain('?');
  });

  it('draws each character (two different names render differently; missing glyphs are all the same box)', async () => {
    const a = renderNameCell(await topCustomersPdf('林美玲 Lim Mei Ling'));
    const b = renderNameCell(await topCustomersPdf('黃志明 Lim Mei Ling'));
    const ink = (pgm: Buffer) => pgm.subarray(pgm.length - 1000).filter((v) => v < 128).length;
    expect(a.length).toBe(b.length);
    expect(ink(a)).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(false);
  });
});

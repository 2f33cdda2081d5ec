import { writeFile } from 'node:fs/promises';
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { FONT, registerFonts } from '../../reports/export/pdfFonts';
import type { Store } from '../../store/store';
import { customerTier } from '../tiers/read';
import { requireActiveCard } from './cardLife';

/** ID-1, the size of a bank card: 85.60 × 53.98 mm in points. */
const WIDTH = (85.6 / 25.4) * 72;
const HEIGHT = (53.98 / 25.4) * 72;

const labels = {
  id: { title: 'KARTU MEMBER', since: 'Tingkat', none: 'Member' },
  en: { title: 'MEMBER CARD', since: 'Tier', none: 'Member' },
} as const;

/**
 * The printable member card: the customer's name, the tier, the number and its Code 128 barcode (bwip-js, drawn
 * as a PNG at 600 dpi so the printed bars stay sharp), on one page the size of a bank card. A blocked or lost
 * card is not printed (its specific error says why and names the replacement).
 */
export async function memberCardPdf(store: Store, cardNo: string, language: 'id' | 'en' = 'id'): Promise<Buffer> {
  const card = requireActiveCard(store, cardNo);
  const tier = customerTier(store, card.customerId).tier;
  const barcode = await bwipjs.toBuffer({ bcid: 'code128', text: card.cardNo, scale: 4, height: 12, includetext: false, paddingwidth: 10 });
  const L = labels[language];
  const doc = new PDFDocument({ size: [WIDTH, HEIGHT], margin: 0, info: { Title: `${L.title} ${card.cardNo}`, Producer: 'Akrab' } });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.rect(0, 0, WIDTH, 34).fill('#1f6f8b');
  doc.fillColor('#ffffff').font(FONT.bold).fontSize(11).text(L.title, 12, 11, { width: WIDTH - 24 });
  doc.font(FONT.body).fontSize(8).text(tier ? `${L.since}: ${tier.name}` : L.none, 12, 13, { width: WIDTH - 24, align: 'right' });
  doc.fillColor('#222222').font(FONT.bold).fontSize(10).text(card.customerName, 12, 42, { width: WIDTH - 24, ellipsis: true, lineBreak: false });
  doc.image(barcode, 18, 62, { fit: [WIDTH - 36, 62], align: 'center' });
  doc.font(FONT.body).fontSize(9).text(card.cardNo, 12, HEIGHT - 22, { width: WIDTH - 24, align: 'center', characterSpacing: 1.5 });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function writeMemberCardPdf(store: Store, cardNo: string, file: string, language: 'id' | 'en' = 'id'): Promise<void> {
  await writeFile(file, await memberCardPdf(store, cardNo, language));
}

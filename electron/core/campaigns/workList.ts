import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import Papa from 'papaparse';
import PDFDocument from 'pdfkit';
import type { CampaignChannel } from '../../../shared/campaigns';
import { whatsappLink } from '../../../shared/phone';
import { renderTemplate, salutation } from '../care/templates/templates';
import { neutraliseFormula } from '../reports/export/cells';
import { FONT, registerFonts } from '../reports/export/pdfFonts';
import { consentGranted } from '../segments/compile';
import type { Store } from '../store/store';
import { campaignRow } from './campaigns';
import { FINAL_OUTCOMES_SQL, tierNames } from './contacts';

export interface WorkItem {
  outlet: string | null;
  outletName: string | null;
  cardNo: string | null;
  fullName: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  message: string;
}

/**
 * Every target of the campaign still to be worked, at every outlet: not in the control group, not answered for
 * good, still consenting to the campaign's purpose (read now, so a withdrawal synced in drops the target).
 */
export function campaignWorkList(store: Store, campaignId: string): { channel: CampaignChannel; items: WorkItem[] } {
  const campaign = campaignRow(store, campaignId);
  const rows = store.sqlite
    .prepare(
      `SELECT o.code AS outlet, o.name AS outletName, c.full_name AS fullName, c.gender, c.email, c.address, c.city,
              (SELECT card_no FROM cards WHERE customer_id = c.id AND status = 'active' AND deleted_at IS NULL ORDER BY issued_at LIMIT 1) AS cardNo,
              (SELECT e164 FROM phones WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY e164 LIKE '+628%' DESC, created_at LIMIT 1) AS phone,
              (SELECT main_product FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND main_product IS NOT NULL ORDER BY purchased_at DESC LIMIT 1) AS product,
              (SELECT tier_code FROM customer_tiers WHERE customer_id = c.id) AS tierCode
         FROM campaign_targets t JOIN customers c ON c.id = t.customer_id LEFT JOIN outlets o ON o.id = t.outlet_id
        WHERE t.campaign_id = ? AND t.control = 0 AND t.deleted_at IS NULL AND c.deleted_at IS NULL AND c.merged_into IS NULL
          AND NOT EXISTS (SELECT 1 FROM campaign_contacts x WHERE x.target_id = t.id AND x.deleted_at IS NULL AND x.outcome IN (${FINAL_OUTCOMES_SQL}))
          AND ${consentGranted('c')} = 1
        ORDER BY o.code, c.name_search`,
    )
    .all(campaignId, campaign.purpose) as (Omit<WorkItem, 'message'> & { gender: 'M' | 'F' | null; product: string | null; tierCode: string | null })[];
  const tierName = tierNames(store);
  const items = rows.map(({ gender, product, tierCode, ...r }) => ({
    ...r,
    message: renderTemplate(campaign.template, {
      sapaan: salutation(r.fullName, gender),
      nama: r.fullName,
      kartu: r.cardNo ?? '',
      tier: tierName(tierCode),
      produk: product ?? '',
      outlet: r.outletName ?? '',
    }),
  }));
  return { channel: campaign.channel, items };
}

const text = (v: string | null) => (v === null ? '' : neutraliseFormula(v));

/**
 * The list in the form its channel's outlets use it: WhatsApp and phone a call list (CSV, with the wa.me link),
 * SMS a `msisdn,message` file for a gateway, email an address list (CSV), a letter one printed page per target (PDF).
 * Returns the number of targets written.
 */
export async function exportWorkList(store: Store, campaignId: string, file: string): Promise<{ file: string; rows: number; format: 'csv' | 'pdf' }> {
  const { channel, items } = campaignWorkList(store, campaignId);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    if (channel === 'letter') {
      await writeLetters(items, file);
      return { file, rows: items.length, format: 'pdf' };
    }
    const table: Record<string, string>[] =
      channel === 'sms'
        ? items.filter((i) => i.phone).map((i) => ({ msisdn: i.phone!.slice(1), message: i.message }))
        : channel === 'email'
          ? items.filter((i) => i.email).map((i) => ({ email: text(i.email), name: text(i.fullName), message: text(i.message) }))
          : items.map((i) => ({
              outlet: text(i.outlet),
              card: text(i.cardNo),
              name: text(i.fullName),
              phone: i.phone ?? '',
              message: text(i.message),
              ...(channel === 'whatsapp' && { whatsapp: i.phone?.startsWith('+628') ? whatsappLink(i.phone, i.message) : '' }),
            }));
    writeFileSync(file, `\uFEFF${Papa.unparse(table, { newline: '\r\n' })}\r\n`);
    return { file, rows: table.length, format: 'csv' };
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}

async function writeLetters(items: WorkItem[], file: string): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false });
  registerFonts(doc);
  const out = createWriteStream(file);
  doc.pipe(out);
  for (const i of items) {
    doc.addPage();
    doc.font(FONT.bold).fontSize(12).text(i.outletName ?? '');
    doc.moveDown(2);
    doc.font(FONT.body).fontSize(11).text(i.fullName);
    if (i.address) doc.text(i.address);
    if (i.city) doc.text(i.city);
    if (i.cardNo) doc.text(i.cardNo);
    doc.moveDown(2);
    doc.text(i.message, { align: 'left' });
  }
  if (items.length === 0) doc.addPage();
  doc.end();
  await finished(out);
}

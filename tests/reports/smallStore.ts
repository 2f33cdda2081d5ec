import { cards, purchases } from '../../db/schema';
import { mergeCustomers } from '../../electron/core/dedup/merge';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { newId } from '../../electron/core/ids';
import { ensureOutlet, useOutlet, type OutletRow } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { tempStore } from '../support/tempStore';

/**
 * A store small enough to check every figure by hand (see the tables in the comments).
 *
 * "Now" is 31 March 2026, 17:00 WIB; the period ends that day, so as-of (end of day, WIB) is 2026-03-31T17:00Z.
 * Outlets: JKT (store, WIB) and MKS (booth, WITA, UTC+8).
 *
 * RFM customers A–J, registered at JKT on 2025-01-01, buying only at JKT. Customer X buys one Rp 1.000.000
 * sale at MKS (scores only without an outlet filter), and A has one Rp 99.000.000 sale older than a year
 * (outside the default 365-day period, counted in lifetime spend).
 *
 * | cust | days since last | purchases | spend (Rp)  | R | F | M | segment        |
 * |------|-----------------|-----------|-------------|---|---|---|----------------|
 * | A    | 2               | 9         | 9.000.000   | 5 | 5 | 5 | champions      |
 * | B    | 5               | 1         | 500.000     | 5 | 1 | 1 | new            |
 * | C    | 10              | 8         | 6.000.000   | 4 | 4 | 4 | loyal          |
 * | D    | 20              | 2         | 1.000.000   | 4 | 1 | 1 | promising      |
 * | E    | 40              | 5         | 3.000.000   | 3 | 3 | 3 | need_attention |
 * | F    | 60              | 4         | 2.500.000   | 3 | 2 | 2 | about_to_sleep |
 * | G    | 100             | 7         | 8.000.000   | 2 | 4 | 4 | at_risk        |
 * | H    | 150             | 3         | 1.500.000   | 2 | 2 | 2 | hibernating    |
 * | I    | 200             | 10        | 10.000.000  | 1 | 5 | 5 | cant_lose      |
 * | J    | 300             | 6         | 4.000.000   | 1 | 3 | 3 | at_risk        |
 *
 * Registrations in March 2026 (card issued with each, same outlet and staff):
 * | who | outlet | staff | registered at (UTC)   | local day  | note                       |
 * | R1  | JKT    | Ani   | 2026-03-10T03:00Z     | 2026-03-10 | + a second card 03-12 (Ani) |
 * | R2  | JKT    | Ani   | 2026-03-10T04:00Z     | 2026-03-10 | later merged into R1       |
 * | R3  | JKT    | Ani   | 2026-03-10T05:00Z     | 2026-03-10 |                            |
 * | R4  | JKT    | Ani   | 2026-03-10T16:59Z     | 2026-03-10 | 23:59 WIB                  |
 * | R5  | JKT    | Budi  | 2026-03-11T02:00Z     | 2026-03-11 |                            |
 * | R6  | JKT    | Budi  | 2026-03-11T03:00Z     | 2026-03-11 |                            |
 * | R7  | MKS    | Citra | 2026-03-10T16:30Z     | 2026-03-11 | 00:30 WITA (still the 10th in WIB) |
 *
 * The dedup scan found R1+R2 (a person; the manager then merged R2 into R1 on 31 March), R5+R6 (a person,
 * still open: R6 is the duplicate) and R3+R4 (card farming, open: R4 is the duplicate).
 */
export const NOW = new Date('2026-03-31T10:00:00Z');
export const AS_OF = Date.parse('2026-03-31T17:00:00Z');
const DAY = 86_400_000;

export const rfmTable = [
  { key: 'A', days: 2, count: 9, spend: 9_000_000, r: 5, f: 5, m: 5, segment: 'champions' },
  { key: 'B', days: 5, count: 1, spend: 500_000, r: 5, f: 1, m: 1, segment: 'new' },
  { key: 'C', days: 10, count: 8, spend: 6_000_000, r: 4, f: 4, m: 4, segment: 'loyal' },
  { key: 'D', days: 20, count: 2, spend: 1_000_000, r: 4, f: 1, m: 1, segment: 'promising' },
  { key: 'E', days: 40, count: 5, spend: 3_000_000, r: 3, f: 3, m: 3, segment: 'need_attention' },
  { key: 'F', days: 60, count: 4, spend: 2_500_000, r: 3, f: 2, m: 2, segment: 'about_to_sleep' },
  { key: 'G', days: 100, count: 7, spend: 8_000_000, r: 2, f: 4, m: 4, segment: 'at_risk' },
  { key: 'H', days: 150, count: 3, spend: 1_500_000, r: 2, f: 2, m: 2, segment: 'hibernating' },
  { key: 'I', days: 200, count: 10, spend: 10_000_000, r: 1, f: 5, m: 5, segment: 'cant_lose' },
  { key: 'J', days: 300, count: 6, spend: 4_000_000, r: 1, f: 3, m: 3, segment: 'at_risk' },
] as const;

export interface SmallStore {
  store: Store & { dir: string; file: string };
  jkt: OutletRow;
  mks: OutletRow;
  ids: Record<string, string>;
  phones: Record<string, string>;
}

let cardSerial = 0;
const nextCard = () => `VIP${String(700000 + ++cardSerial)}`;

export function smallStore(): SmallStore {
  const store = tempStore({ now: () => NOW, staff: 'Manajer' });
  const jkt = ensureOutlet(store, 'JKT', { name: 'Jakarta Pusat', kind: 'store', timeZone: 'Asia/Jakarta' });
  const mks = ensureOutlet(store, 'MKS', { name: 'Makassar Mall', kind: 'booth', timeZone: 'Asia/Makassar' });
  const ids: Record<string, string> = {};
  const phones: Record<string, string> = {};
  const register = (key: string, name: string, outlet: OutletRow, staff: string, registeredAt: string, extra: { nik?: string } = {}) => {
    store.staff = staff;
    const phone = `0812${String(55500000 + Object.keys(ids).length * 101).slice(-8)}`;
    const detail = registerCustomer(
      store,
      { fullName: name, phone, cardNo: nextCard(), consentMarketing: true, ...extra },
      { registeredAt, outletId: outlet.id },
    );
    ids[key] = detail.id;
    phones[key] = detail.phones[0]!.e164;
    return detail.id;
  };
  const buy = (customerId: string, outlet: OutletRow, at: number, amount: number, product: string) =>
    transact(store, (w) =>
      w.insert(purchases, {
        id: newId(),
        customerId,
        invoiceNo: null,
        outletId: outlet.id,
        purchasedAt: new Date(at).toISOString(),
        amount,
        mainProduct: product,
        createdAt: new Date(at).toISOString(),
      }),
    );

  useOutlet(store, jkt);
  const products = ['Kulkas', 'Televisi', 'Mesin cuci'];
  for (const row of rfmTable) {
    const id = register(
      row.key,
      `Pelanggan ${row.key}`,
      jkt,
      'Ani',
      '2025-01-01T03:00:00.000Z',
      row.key === 'A' ? { nik: '3273014501900001' } : {},
    );
    const each = Math.floor(row.spend / row.count);
    for (let p = 0; p < row.count; p++) {
      const amount = p === 0 ? row.spend - each * (row.count - 1) : each;
      // Two hours before the as-of instant, `days + p` days back: the last one is exactly `days` whole days old.
      buy(id, jkt, AS_OF - (row.days + p) * DAY - 2 * 3_600_000, amount, products[p % products.length]!);
    }
  }
  buy(ids.A!, jkt, AS_OF - 400 * DAY, 99_000_000, 'Kulkas');
  const x = register('X', 'Pelanggan X', mks, 'Citra', '2025-01-01T03:00:00.000Z');
  buy(x, mks, AS_OF - 3 * DAY - 2 * 3_600_000, 1_000_000, 'Televisi');

  register('R1', 'Registrasi Satu', jkt, 'Ani', '2026-03-10T03:00:00.000Z');
  register('R2', 'Registrasi Dua', jkt, 'Ani', '2026-03-10T04:00:00.000Z');
  register('R3', '=HYPERLINK("http://evil")', jkt, 'Ani', '2026-03-10T05:00:00.000Z');
  register('R4', 'Registrasi Empat', jkt, 'Ani', '2026-03-10T16:59:00.000Z');
  register('R5', 'Registrasi Lima', jkt, 'Budi', '2026-03-11T02:00:00.000Z');
  register('R6', 'Registrasi Enam', jkt, 'Budi', '2026-03-11T03:00:00.000Z');
  register('R7', 'Registrasi Tujuh', mks, 'Citra', '2026-03-10T16:30:00.000Z');
  store.staff = 'Ani';
  transact(store, (w) => {
    w.insert(cards, {
      id: newId(),
      customerId: ids.R1!,
      cardNo: nextCard(),
      status: 'active',
      issuedAt: '2026-03-12T03:00:00.000Z',
      issuedOutletId: jkt.id,
      issuedByStaff: 'Ani',
    });
  });
  // A dedup scan's results (local tables): R1+R2 (then merged), R5+R6 (honest duplicate), R3+R4 (card farming).
  const cluster = store.sqlite.prepare(
    `INSERT INTO dedup_clusters (id, run_id, kind, confidence, score, size, card_count, status) VALUES (?, 'run1', ?, 0.9, 0.9, 2, 2, 'open')`,
  );
  const member = store.sqlite.prepare(`INSERT INTO dedup_cluster_members (cluster_id, customer_id) VALUES (?, ?)`);
  for (const [id, kind, a, b] of [
    ['k0', 'person', 'R1', 'R2'],
    ['k1', 'person', 'R5', 'R6'],
    ['k2', 'farming', 'R3', 'R4'],
  ] as const) {
    cluster.run(id, kind);
    member.run(id, ids[a]);
    member.run(id, ids[b]);
  }
  store.staff = 'Manajer';
  mergeCustomers(store, { survivorId: ids.R1!, mergedIds: [ids.R2!], kind: 'person', clusterId: 'k0' });
  return { store, jkt, mks, ids, phones };
}

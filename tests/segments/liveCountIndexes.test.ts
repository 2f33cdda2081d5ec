import { describe, expect, it } from 'vitest';
import { cards, customers } from '../../db/schema';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { inControlGroup } from '../../electron/core/campaigns/controlGroup';
import { launchCampaign } from '../../electron/core/campaigns/launch';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { SeededRandom } from '../../electron/core/demo/random';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { recordConsent } from '../../electron/core/privacy/consents';
import { addDays } from '../../electron/core/reports/scope';
import { consentGranted, consentWithdrawn } from '../../electron/core/segments/compile';
import { countSegment, saveSegment, segmentToday, segmentWhere } from '../../electron/core/segments/segments';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import type { SegmentNodeInput } from '../../shared/segments';
import { careStore, purchase } from '../care/support';
import { aCustomer } from '../support/builders';

/**
 * The live count reads a city's customers from customers_city_idx alone (by lower(trim(city)), with whether they are
 * deleted or merged, their name and id), and a launch tests blocked cards through cards_blocked_idx. These tests compare both with the
 * plain evaluation of the same conditions, which reads every customer row (`NOT INDEXED`) and the old per-customer
 * subqueries, on a generated store whose cities differ in case and spacing and which holds deleted and merged
 * customers, blocked cards, withdrawals, complaints and contacts.
 */
const CITIES = ['Bandung', ' bandung', 'BANDUNG ', 'Jakarta', 'jakarta selatan', 'Surabaya', null] as const;
const PRODUCTS = ['Kulkas 2 Pintu', 'AC Split', 'TV LED', 'Mesin Cuci', null] as const;

function generatedStore() {
  const care = careStore('2026-11-23T03:00:00.000Z');
  const { store, outlet, setNow } = care;
  const bdg = ensureOutlet(store, 'BDG01', { name: 'Akrab Bandung' });
  const random = new SeededRandom(2026);
  const pick = <T>(xs: readonly T[]) => xs[random.int(0, xs.length - 1)]!;
  const ids: string[] = [];
  for (let i = 0; i < 160; i++) {
    const build = aCustomer()
      .named(`Pelanggan ${String(i).padStart(3, '0')} ${pick(['Siti', 'Budi', 'Dewi', 'Wayan', 'Made'])}`)
      .withGender(pick(['M', 'F'] as const))
      .bornOn(`19${random.int(50, 99)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`)
      .livingAt(`Jl. ${i}`, 'Bandung');
    const id = registerCustomer(
      store,
      { ...build.build(), consentMarketing: random.next() < 0.7 },
      {
        registeredAt: `2026-${String(random.int(1, 11)).padStart(2, '0')}-10T03:00:00.000Z`,
        outletId: random.next() < 0.5 ? outlet.id : bdg.id,
      },
    ).id;
    ids.push(id);
    // The city as the legacy files wrote it: any case, stray spaces, or none.
    transact(store, (w) => w.update(customers, id, { city: pick(CITIES) }));
    for (let k = random.int(0, 4); k > 0; k--)
      purchase(store, id, {
        invoiceNo: `INV-${i}-${k}`,
        purchasedAt: addDays('2026-11-23', -random.int(0, 800)) + 'T05:00:00.000Z',
        amount: random.int(1, 50) * 100_000,
        mainProduct: pick(PRODUCTS) ?? undefined,
      });
  }
  for (const id of ids) {
    const r = random.next();
    if (r < 0.15) {
      setNow(addDays('2026-11-23', -random.int(0, 200)) + 'T03:00:00.000Z');
      logInteraction(store, { customerId: id, channel: 'phone', outcome: 'reached' });
      setNow('2026-11-23T03:00:00.000Z');
    } else if (r < 0.2) recordConsent(store, null, { customerId: id, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
    else if (r < 0.25) recordConsent(store, null, { customerId: id, purpose: 'marketing_whatsapp', granted: true, source: 'counter' });
    else if (r < 0.3) openComplaint(store, { customerId: id, category: 'service', description: 'Antre lama' });
    else if (r < 0.33) {
      const closed = openComplaint(store, { customerId: id, category: 'delivery', description: 'Terlambat' });
      transitionComplaint(store, { complaintId: closed.id, status: 'resolved' });
      transitionComplaint(store, { complaintId: closed.id, status: 'closed', satisfaction: random.int(1, 5) });
    } else if (r < 0.38) {
      const card = store.sqlite.prepare('SELECT id FROM cards WHERE customer_id = ?').pluck().get(id) as string;
      transact(store, (w) => w.update(cards, card, { status: 'blocked' }));
    }
  }
  // Merged away (their purchases count for the survivor) and deleted customers, in every city.
  for (let i = 0; i < 12; i++) transact(store, (w) => w.update(customers, ids[i]!, { mergedInto: ids[159 - i]! }));
  for (let i = 12; i < 20; i++) transact(store, (w) => w.remove(customers, ids[i]!));
  return { store };
}

/** The ids the condition tree selects, through the live count's query and through a read of every customer row. */
function bothWays(store: Store, where: SegmentNodeInput) {
  const part = segmentWhere(store, countSegmentWhere(store, where));
  const ids = (from: string) =>
    (
      store.sqlite
        .prepare(`SELECT c.id FROM ${from} WHERE ${part.sql}`)
        .pluck()
        .all(...part.params) as string[]
    ).sort();
  const counted = countSegment(store, { where, preview: 5 });
  return { live: ids('customers c'), plain: ids('customers c NOT INDEXED'), counted };
}

/** The validated tree, as countSegment parses it (defaults filled in). */
function countSegmentWhere(store: Store, where: SegmentNodeInput) {
  saveSegment(store, { name: 'probe', where });
  const row = store.sqlite.prepare(`SELECT definition FROM segments WHERE name = 'probe'`).pluck().get() as string;
  return JSON.parse(row) as Parameters<typeof segmentWhere>[1];
}

const CONDITIONS: [string, SegmentNodeInput][] = [
  ['city contains', { field: 'city', op: 'contains', value: 'jakarta' }],
  ['city is not', { field: 'city', op: 'is_not', value: 'Bandung' }],
  ['age', { field: 'age', op: 'between', value: [30, 55] }],
  ['gender', { field: 'gender', op: 'is', value: 'F' }],
  ['birth month', { field: 'birthMonth', op: 'in', value: [1, 2, 3, 11] }],
  ['home outlet', { field: 'homeOutlet', op: 'in', value: ['BDG01'] }],
  ['registered', { field: 'registered', op: 'after', value: '2026-06-01' }],
  ['bought at least once', { field: 'purchases', op: 'gte', value: 1 }],
  ['never bought', { field: 'purchases', op: 'eq', value: 0 }],
  ['spent', { field: 'purchases', measure: 'amount', op: 'gte', value: 3_000_000 }],
  ['a product in the last 12 months', { field: 'purchases', product: 'kulkas', period: { lastDays: 365 }, op: 'gte', value: 1 }],
  ['a product twice, ever', { field: 'purchases', product: 'a', op: 'gte', value: 2 }],
  ['no purchase in a period', { field: 'purchases', period: { from: '2026-01-01', to: '2026-06-30' }, op: 'eq', value: 0 }],
  ['first purchase', { field: 'firstPurchase', op: 'before', value: '2025-06-01' }],
  ['last purchase', { field: 'lastPurchase', op: 'after', value: '2026-06-01' }],
  ['RFM segment', { field: 'rfmSegment', op: 'in', value: ['champions', 'loyal', 'at_risk', 'hibernating'] }],
  ['contacted within 90 days', { field: 'lastContact', op: 'within', value: 90 }],
  ['not contacted within 90 days', { field: 'lastContact', op: 'not_within', value: 90 }],
  ['open complaints', { field: 'openComplaints', op: 'gte', value: 1 }],
  ['satisfaction', { field: 'satisfaction', op: 'lte', value: 3 }],
  ['consent granted', { field: 'consent', purpose: 'marketing_whatsapp', op: 'granted' }],
  ['consent not granted', { field: 'consent', purpose: 'marketing_whatsapp', op: 'not_granted' }],
  ['points', { field: 'points', op: 'eq', value: 0 }],
];

describe('live count through the city index equals the plain evaluation (generated store)', () => {
  // One test: the temporary store is closed after each.
  it('for every condition kind: alone, AND a city, OR a city, in nested groups; and for the city itself', () => {
    const { store } = generatedStore();
    const inBandung: SegmentNodeInput = { field: 'city', op: 'is', value: 'bandung' };
    for (const where of [inBandung, { field: 'city', op: 'is', value: ['Jakarta', ' SURABAYA '] } as SegmentNodeInput]) {
      const { live, plain, counted } = bothWays(store, where);
      expect(plain.length).toBeGreaterThan(10);
      expect(live).toEqual(plain);
      expect(counted.count).toBe(plain.length);
    }
    // The live query really reads the city index (else the comparison below would compare a plan with itself).
    const part = segmentWhere(
      store,
      countSegmentWhere(store, {
        and: [inBandung, { field: 'purchases', product: 'kulkas', period: { lastDays: 365 }, op: 'gte', value: 1 }],
      }),
    );
    const plan = store.sqlite
      .prepare(`EXPLAIN QUERY PLAN SELECT c.name_search, c.id FROM customers c WHERE ${part.sql}`)
      .all(...part.params) as { detail: string }[];
    expect(plan.map((p) => p.detail)).toContain(
      'SEARCH c USING COVERING INDEX customers_city_idx (<expr>=? AND deleted_at=? AND merged_into=?)',
    );
    const seen = new Set<number>();
    for (const [name, condition] of CONDITIONS) {
      const trees: SegmentNodeInput[] = [
        condition,
        { and: [inBandung, condition] },
        { and: [condition, inBandung, { field: 'lastContact', op: 'not_within', value: 90 }] },
        { or: [inBandung, condition] },
        {
          or: [
            { and: [inBandung, condition] },
            {
              and: [
                { field: 'city', op: 'is', value: 'jakarta' },
                { field: 'gender', op: 'is', value: 'M' },
              ],
            },
          ],
        },
      ];
      for (const where of trees) {
        const { live, plain, counted } = bothWays(store, where);
        const label = `${name}: ${JSON.stringify(where)}`;
        expect(live, label).toEqual(plain);
        expect(counted.count, label).toBe(plain.length);
        seen.add(plain.length);
        // The preview is the first names of the same set.
        const first = store.sqlite
          .prepare(`SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name_search, id LIMIT 5`)
          .pluck()
          .all(JSON.stringify(plain));
        expect(
          counted.preview.map((r) => r.customerId),
          label,
        ).toEqual(first);
      }
    }
    // A product in a period, read through purchases_product_idx (by product, then customer), against the purchase
    // rows read one by one: a merged-away customer's purchases count for the survivor.
    const since = addDays(segmentToday(store), -365);
    const buyers = (
      store.sqlite
        .prepare(
          `SELECT DISTINCT o.id FROM purchases p NOT INDEXED JOIN customers b ON b.id = p.customer_id
             JOIN customers o ON o.id = coalesce(b.merged_into, b.id)
            WHERE p.deleted_at IS NULL AND lower(p.main_product) LIKE '%kulkas%' AND p.purchased_at >= ? AND o.deleted_at IS NULL AND o.merged_into IS NULL`,
        )
        .pluck()
        .all(since) as string[]
    ).sort();
    expect(buyers.length).toBeGreaterThan(5);
    expect(bothWays(store, { field: 'purchases', product: 'kulkas', period: { lastDays: 365 }, op: 'gte', value: 1 }).live).toEqual(buyers);
    // The conditions select sets of many sizes, not all nothing or everything.
    expect(seen.size).toBeGreaterThan(20);
  });
});

describe('a launch through the blocked-card index equals the per-customer evaluation', () => {
  it('the same targets, control group and exclusion counts', () => {
    const { store } = generatedStore();
    const where: SegmentNodeInput = {
      or: [
        { field: 'city', op: 'is', value: 'bandung' },
        { field: 'purchases', op: 'gte', value: 1 },
      ],
    };
    saveSegment(store, { name: 'Bandung atau pembeli', where });
    const campaign = createCampaign(store, {
      name: 'Uji',
      purpose: 'marketing_whatsapp',
      channel: 'whatsapp',
      segment: 'Bandung atau pembeli',
      template: 'Halo {nama}',
      controlPercent: 20,
      quietDays: 60,
    });
    // The plain evaluation: every matching customer (merged ones included) and the per-customer tests the launch made.
    const today = segmentToday(store);
    const part = segmentWhere(store, countSegmentWhere(store, where));
    const matched = store.sqlite
      .prepare(
        `SELECT c.id,
           (c.merged_into IS NOT NULL
            OR (EXISTS (SELECT 1 FROM cards k NOT INDEXED WHERE k.customer_id = c.id AND k.status = 'blocked' AND k.deleted_at IS NULL)
                AND NOT EXISTS (SELECT 1 FROM cards k NOT INDEXED WHERE k.customer_id = c.id AND k.status = 'active' AND k.deleted_at IS NULL))) AS gone,
           ${consentWithdrawn('c')} AS withdrawn, ${consentGranted('c')} AS granted,
           EXISTS (SELECT 1 FROM complaints x WHERE x.customer_id = c.id AND x.deleted_at IS NULL AND x.status IN ('open', 'in_progress', 'reopened')) AS complaint,
           EXISTS (SELECT 1 FROM customer_totals t WHERE t.customer_id = c.id AND t.last_contact_at >= ?) AS recent
         FROM customers c NOT INDEXED WHERE c.deleted_at IS NULL AND ${part.sql.replace('c.deleted_at IS NULL AND c.merged_into IS NULL AND ', '')}`,
      )
      .all('marketing_whatsapp', 'marketing_whatsapp', addDays(today, -60), ...part.params) as {
      id: string;
      gone: number;
      withdrawn: number;
      granted: number;
      complaint: number;
      recent: number;
    }[];
    const expected = { merged_or_blocked: 0, opted_out: 0, no_consent: 0, open_complaint: 0, contacted_recently: 0 };
    const targets: string[] = [];
    for (const c of matched) {
      if (c.gone) expected.merged_or_blocked++;
      else if (c.withdrawn) expected.opted_out++;
      else if (!c.granted) expected.no_consent++;
      else if (c.complaint) expected.open_complaint++;
      else if (c.recent) expected.contacted_recently++;
      else targets.push(c.id);
    }
    // Every exclusion occurs in the generated store, so each test is exercised.
    for (const n of Object.values(expected)) expect(n).toBeGreaterThan(0);

    const { summary } = launchCampaign(store, campaign.id);
    expect(summary.matched).toBe(matched.length);
    expect(summary.excluded).toEqual(expected);
    const written = store.sqlite
      .prepare('SELECT customer_id, control FROM campaign_targets WHERE campaign_id = ? ORDER BY customer_id')
      .raw()
      .all(campaign.id) as [string, number][];
    expect(written.map(([id]) => id)).toEqual(targets.sort());
    expect(written.map(([id, control]) => [id, control === 1])).toEqual(written.map(([id]) => [id, inControlGroup(campaign.id, id, 20)]));
    expect(summary.control).toBe(written.filter(([, control]) => control === 1).length);
    // Each target is in the change log, once, for sync.
    const logged = store.sqlite.prepare(`SELECT count(*) FROM changes WHERE table_name = 'campaign_targets'`).pluck().get();
    expect(logged).toBe(written.length);
  });
});

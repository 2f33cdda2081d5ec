import { opportunities, opportunityEvents } from '../../../db/schema/knowledge';
import { purchases } from '../../../db/schema';
import { contactChannels, type FamilyRelation, LostReason, OpenStage, ReasonNotBought } from '../../../shared/knowledge';
import type { Session } from '../auth/roles';
import { newId } from '../ids';
import { addCompetitorProduct, addFamilyMember, curateInterestTag, setInterest, setProfileFacts } from '../knowledge/profile';
import { recomputeOfferRules } from '../offers/offerRules';
import { startOpportunityFromOffer } from '../offers/offerActions';
import { offersFor } from '../offers/offerRules';
import { createOpportunity, updateOpportunity } from '../opportunities/opportunities';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { SeededRandom } from './random';

const DEMO_MANAGER: Session = { staffId: 'demo', name: 'Demo', role: 'admin', outletId: null };
const DAY = 86_400_000;

export const DEMO_INTERESTS = ['Furnitur minimalis', 'Elektronik hemat energi', 'Promo cicilan 0%', 'Produk lokal', 'Gaming', 'Memasak', 'Tidur nyenyak', 'Smart home'];
const occupations = ['Guru', 'Wiraswasta', 'Karyawan swasta', 'Dokter', 'PNS', 'Pengemudi ojek daring', 'Pedagang', 'Perawat', 'Arsitek'];
const likes = ['Warna netral, bahan kayu', 'Suka promo akhir bulan', 'Produk bergaransi panjang', 'Pengiriman cepat', 'Desain modern'];
const dislikes = ['Tidak suka ditelepon saat jam kerja', 'Tidak suka antre lama', 'Kurang suka warna mencolok', 'Tidak suka brosur kertas'];
const competitors = [
  { brand: 'Informa', product: 'Sofa L 3 dudukan' },
  { brand: 'Electronic City', product: 'Kulkas 1 pintu' },
  { brand: 'Erafone', product: 'Smartphone' },
  { brand: 'IKEA', product: 'Lemari 2 pintu' },
];
const channels = contactChannels;
const times = ['morning', 'afternoon', 'evening', 'weekend', 'anytime'] as const;
/** Products bought together (names apart from the synthetic purchases' ones), so the demo's offers come from real rules. */
const pairs: [string, string, string][] = [
  ['Kasur Springbed Queen', 'Set Bantal Guling', 'Sprei Katun Jepang'],
  ['Sofa L Minimalis', 'Meja Kopi Kayu', 'Karpet Bulu'],
  ['Kulkas Side by Side', 'Dispenser Galon Bawah', 'Rak Dapur Stainless'],
  ['Smart TV 55"', 'Soundbar', 'Bracket TV Dinding'],
];
const categoryOf: Record<string, string> = {
  'Kasur Springbed Queen': 'Kasur',
  'Set Bantal Guling': 'Kasur',
  'Sofa L Minimalis': 'Furnitur',
  'Meja Kopi Kayu': 'Furnitur',
  'Lemari Pakaian': 'Furnitur',
  'Kulkas Side by Side': 'Elektronik besar',
  'Mesin Cuci': 'Elektronik besar',
  'AC 1 PK': 'Elektronik besar',
  'Smart TV 55"': 'Elektronik besar',
  Smartphone: 'Gawai',
  Laptop: 'Gawai',
};
const owners = ['Rina', 'Budi', 'Sari'];
const reasons: ReasonNotBought[] = ['price', 'stock', 'delivery', 'comparing', 'competitor', 'financing'];

const isoDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Issue 19 on the demo store: interests the manager curated, deeper profiles with family and competitor products,
 * purchases bought together (so offers come from rules), closed potential sales of the last months (so win rates
 * and the forecast have history), and open ones in every stage with their follow-ups on "my day".
 */
export function seedDemoKnowledge(store: Store, seed = 19): { profiles: number; opportunities: number; rules: number } {
  const random = new SeededRandom(seed);
  const now = store.now().getTime();
  const customers = store.sqlite
    .prepare(
      `SELECT c.id, c.full_name AS name FROM customers c WHERE c.deleted_at IS NULL AND c.merged_into IS NULL
       AND EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.deleted_at IS NULL) ORDER BY c.created_at, c.id LIMIT 160`,
    )
    .all() as { id: string; name: string }[];
  if (customers.length < 60) return { profiles: 0, opportunities: 0, rules: 0 };

  const tags = DEMO_INTERESTS.map((label) => curateInterestTag(store, DEMO_MANAGER, { label }));
  const profiled = customers.slice(0, 40);
  for (const [i, c] of profiled.entries()) {
    setProfileFacts(store, c.id, {
      occupation: random.pick(occupations),
      preferred_channel: random.pick(channels),
      preferred_time: random.pick(times),
      likes: random.pick(likes),
      ...(random.chance(0.5) && { dislikes: random.pick(dislikes) }),
    });
    for (const tag of new Set([random.pick(tags), random.pick(tags)])) setInterest(store, c.id, tag.id, true);
    const relations: FamilyRelation[] = random.chance(0.6) ? ['spouse', 'child'] : ['parent'];
    for (const relation of relations) {
      const year = relation === 'child' ? random.int(2008, 2022) : relation === 'parent' ? random.int(1945, 1965) : random.int(1970, 1998);
      // The first customers' family birthdays fall in the coming days, so the page shows what to prepare for.
      const soon = new Date(now + (i * 3 + 2) * DAY);
      const monthDay = i < 6 ? isoDay(soon.getTime()).slice(5) : `${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
      addFamilyMember(store, {
        customerId: c.id,
        name: relation === 'spouse' ? 'Dewi' : relation === 'child' ? random.pick(['Raka', 'Nadia', 'Bima', 'Alya']) : 'Ibu Sumarni',
        relation,
        birthDate: `${year}-${monthDay}`,
      });
    }
    if (i < 12) addFamilyMember(store, { customerId: c.id, name: customers[i + 100]!.name, relation: 'sibling', memberCustomerId: customers[i + 100]!.id });
    if (random.chance(0.5)) {
      const comp = random.pick(competitors);
      addCompetitorProduct(store, { customerId: c.id, ...comp, since: String(random.int(2018, 2025)) });
    }
  }

  // Pairs bought within weeks of each other by many customers: the co-purchase rules the offers come from.
  transact(store, (w) => {
    for (const [i, c] of customers.slice(40, 160).entries()) {
      const [first, second, third] = pairs[i % pairs.length]!;
      const at = now - random.int(60, 300) * DAY;
      const rows = [
        { product: first, at },
        ...(random.chance(0.7) ? [{ product: second, at: at + random.int(5, 40) * DAY }] : []),
        ...(random.chance(0.4) ? [{ product: third, at: at + random.int(5, 60) * DAY }] : []),
      ];
      for (const [k, r] of rows.entries())
        w.insert(purchases, {
          id: newId(),
          createdAt: new Date(r.at).toISOString(),
          customerId: c.id,
          invoiceNo: `DEMO-K${String(i).padStart(4, '0')}${k}`,
          outletId: store.outletId,
          purchasedAt: new Date(r.at).toISOString(),
          amount: random.int(40, 400) * 25_000,
          mainProduct: r.product,
        });
    }
    // Those who bought the first of a pair lately have not bought the second yet: the page offers it to them.
    for (const [i, c] of profiled.entries()) {
      const at = now - random.int(10, 50) * DAY;
      w.insert(purchases, {
        id: newId(),
        createdAt: new Date(at).toISOString(),
        customerId: c.id,
        invoiceNo: `DEMO-P${String(i).padStart(4, '0')}`,
        outletId: store.outletId,
        purchasedAt: new Date(at).toISOString(),
        amount: random.int(40, 400) * 25_000,
        mainProduct: pairs[i % pairs.length]![0],
      });
    }
  });
  const { rules } = recomputeOfferRules(store);

  // Closed potential sales of the last six months: what the win rates and the past forecast learn from.
  let count = 0;
  transact(store, (w) => {
    for (const c of customers.slice(60, 130)) {
      const product = random.pick(Object.keys(categoryOf));
      const createdMs = now - random.int(20, 180) * DAY;
      const closedMs = createdMs + random.int(3, 18) * DAY;
      const won = random.chance(0.45);
      const reached: OpenStage[] = random.chance(0.5) ? ['interested', 'quoted'] : random.chance(0.5) ? ['interested'] : ['interested', 'quoted', 'negotiating'];
      const invoice = won
        ? (store.sqlite
            .prepare('SELECT id, invoice_no, amount FROM purchases WHERE customer_id = ? AND deleted_at IS NULL ORDER BY purchased_at DESC LIMIT 1')
            .get(c.id) as { id: string; invoice_no: string; amount: number })
        : null;
      const id = newId();
      const budget = random.int(20, 600) * 50_000;
      w.insert(opportunities, {
        id,
        createdAt: new Date(createdMs).toISOString(),
        customerId: c.id,
        outletId: store.outletId!,
        owner: random.pick(owners),
        product,
        category: categoryOf[product]!,
        budget,
        expectedDecisionDate: isoDay(closedMs),
        reasonNotBought: random.pick(reasons),
        note: null,
        followUpId: null,
        offerId: null,
        stage: won ? 'won' : 'lost',
        closedAt: new Date(closedMs).toISOString(),
        invoiceNo: invoice?.invoice_no ?? null,
        purchaseId: invoice?.id ?? null,
        wonAmount: invoice ? budget : null,
        lostReason: won ? null : (random.pick([...reasons, 'no_need']) as LostReason),
        lostNote: null,
      });
      reached.forEach((stage, k) =>
        w.insert(opportunityEvents, {
          id: newId(),
          createdAt: new Date(createdMs + k * DAY).toISOString(),
          opportunityId: id,
          at: new Date(createdMs + k * DAY).toISOString(),
          staff: null,
          outletId: store.outletId,
          fromStage: k ? reached[k - 1]! : null,
          toStage: stage,
        }),
      );
      w.insert(opportunityEvents, {
        id: newId(),
        createdAt: new Date(closedMs).toISOString(),
        opportunityId: id,
        at: new Date(closedMs).toISOString(),
        staff: null,
        outletId: store.outletId,
        fromStage: reached.at(-1)!,
        toStage: won ? 'won' : 'lost',
      });
      count++;
    }
  });

  // Open potential sales in every stage, recorded as a clerk would (each with its follow-up on "my day"),
  // some closed today so the board's won and lost columns are not empty.
  const stagesToReach: (OpenStage | 'won' | 'lost')[] = ['interested', 'interested', 'interested', 'quoted', 'quoted', 'negotiating', 'negotiating', 'won', 'lost'];
  for (const [i, c] of customers.slice(0, 27).entries()) {
    const product = random.pick(Object.keys(categoryOf));
    const target = stagesToReach[i % stagesToReach.length]!;
    const input = {
      customerId: c.id,
      category: categoryOf[product]!,
      budget: random.int(20, 600) * 50_000,
      expectedDecisionDate: isoDay(now + random.int(3, 80) * DAY),
      reasonNotBought: random.pick(reasons),
      owner: random.pick(owners),
    };
    // A few start from the customer's offer, so "offers made" is not empty either.
    const offer = i % 5 === 0 ? offersFor(store, c.id).find((o) => o.kind === 'rule') : undefined;
    const o = offer ? startOpportunityFromOffer(store, { ...input, product: offer.product }) : createOpportunity(store, { ...input, product });
    count++;
    if (target === 'quoted' || target === 'negotiating') updateOpportunity(store, { opportunityId: o.id, stage: target });
    if (target === 'won') {
      const invoice = store.sqlite
        .prepare('SELECT invoice_no FROM purchases WHERE customer_id = ? AND deleted_at IS NULL ORDER BY purchased_at DESC LIMIT 1')
        .pluck()
        .get(c.id) as string;
      updateOpportunity(store, { opportunityId: o.id, stage: 'won', invoiceNo: invoice });
    }
    if (target === 'lost') updateOpportunity(store, { opportunityId: o.id, stage: 'lost', lostReason: 'price', lostNote: 'Menunggu promo' });
  }
  return { profiles: profiled.length, opportunities: count, rules };
}

/**
 * Grows a benchmark store by copying its customers, with their purchases and contacts, `--times` times under new
 * ids (`<id>-r<k>`), in SQL: the synthetic generator writes through the write funnel at ~200–450 s per 83,000
 * customers on the shared machine, which puts a 1,000,000-customer store out of reach of one session; this makes
 * one from a generated 100,000-customer store in minutes, with the same distributions (every copy buys the same
 * products on the same dates). Copies are not in the change log: a store for read benchmarks only. The derived
 * tables (customer totals, full-text index, counters) follow through their triggers.
 *
 *   npx tsx tests/bench/replicateStore.ts --store FILE --times 9
 */
import { parseArgs } from 'node:util';
import { rebuildCustomerTotals } from '../../electron/core/segments/customerTotals';
import { closeStore, openStore } from '../../electron/core/store/store';

const { values } = parseArgs({ options: { store: { type: 'string' }, times: { type: 'string', default: '9' } } });
const store = openStore(values.store!);
const started = performance.now();
/** The last row of the generated store: ids there have no copy suffix (the first copy's rows follow it). */
const originalRowid = (table: string) =>
  store.sqlite.prepare(`SELECT max(rowid) FROM ${table} WHERE id NOT LIKE '%-r%'`).pluck().get() as number;
const columns = (table: string) => store.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
const copies: Record<string, Record<string, (k: number) => string>> = {
  customers: { id: (k) => `id || '-r${k}'` },
  purchases: { id: (k) => `id || '-r${k}'`, customer_id: (k) => `customer_id || '-r${k}'`, invoice_no: (k) => `invoice_no || '-r${k}'` },
  interactions: { id: (k) => `id || '-r${k}'`, customer_id: (k) => `customer_id || '-r${k}'` },
  // Knowing each customer (issue 19): each copy has its own profile facts, family and potential sales.
  customer_facts: { id: (k) => `id || '-r${k}'`, customer_id: (k) => `customer_id || '-r${k}'` },
  family_members: { id: (k) => `id || '-r${k}'`, customer_id: (k) => `customer_id || '-r${k}'`, member_customer_id: (k) => `member_customer_id || '-r${k}'` },
  opportunities: {
    id: (k) => `id || '-r${k}'`,
    customer_id: (k) => `customer_id || '-r${k}'`,
    follow_up_id: (k) => `follow_up_id || '-r${k}'`,
    purchase_id: (k) => `purchase_id || '-r${k}'`,
    invoice_no: (k) => `invoice_no || '-r${k}'`,
  },
  opportunity_events: { id: (k) => `id || '-r${k}'`, opportunity_id: (k) => `opportunity_id || '-r${k}'` },
};
// Indexes and triggers of the copied purchases and contacts are dropped while copying and made again after (a purchase copy through
// six indexes and the totals trigger took ~4 min under load, the bulk index build a fraction of that); the
// customer totals are then rebuilt once.
const copied = ['purchases', 'interactions', 'customer_facts', 'family_members', 'opportunities', 'opportunity_events'];
const derived = store.sqlite
  .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (${copied.map(() => '?').join(', ')}) AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
  .all(...copied) as { type: string; name: string; sql: string }[];
for (const d of derived) store.sqlite.exec(`DROP ${d.type.toUpperCase()} ${d.name}`);
for (const [table, renamed] of Object.entries(copies)) {
  const cols = columns(table);
  const lastOriginal = originalRowid(table);
  const originals = store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE rowid <= ?`).pluck().get(lastOriginal) as number;
  const have = store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (originals === 0) continue;
  // Resumable: copies already made (whole, each in its own transaction) are kept.
  for (let k = Math.round(have / originals); k <= Number(values.times); k++) {
    const select = cols.map((c) => renamed[c]?.(k) ?? c).join(', ');
    store.sqlite.transaction(() => store.sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select} FROM ${table} WHERE rowid <= ?`).run(lastOriginal))();
    console.log(`${table} copy ${k}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}
for (const d of derived.filter((x) => x.type === 'index')) store.sqlite.exec(d.sql);
console.log(`indexes: ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const d of derived.filter((x) => x.type === 'trigger')) store.sqlite.exec(d.sql);
rebuildCustomerTotals(store);
console.log(`totals: ${((performance.now() - started) / 1000).toFixed(0)} s`);
store.sqlite.exec('ANALYZE');
console.log(store.sqlite.prepare('SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM purchases) AS purchases, (SELECT count(*) FROM interactions) AS contacts').get());
closeStore(store);

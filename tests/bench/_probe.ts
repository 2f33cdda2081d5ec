import { openStore, closeStore } from '../../electron/core/store/store';
import { countSegment, segmentWhere } from '../../electron/core/segments/segments';
const s = openStore(process.argv[2]!);
const products = (s.sqlite.prepare('SELECT DISTINCT main_product FROM purchases LIMIT 40').pluck().all() as string[]).filter(Boolean);
const cities = s.sqlite.prepare('SELECT city FROM customers WHERE city IS NOT NULL GROUP BY city ORDER BY count(*) DESC LIMIT 10').pluck().all() as string[];
console.log(products.length, products.slice(0, 5), cities);
const typical = (i: number) => ({ and: [
  { field: 'purchases', product: products[i % products.length]!.split(' ')[0]!, period: { lastDays: 365 }, op: 'gte', value: 1 },
  { field: 'city', op: 'is', value: cities[i % cities.length]! },
  { field: 'lastContact', op: 'not_within', value: 90 } ] });
const part = segmentWhere(s, typical(0) as never);
console.log(s.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT c.name_search, c.id FROM customers c WHERE ${part.sql}`).all(...part.params).map((r: any) => r.detail).join('\n'));
const times: number[] = [];
for (let i = 0; i < 30; i++) { const t = performance.now(); const r = countSegment(s, { where: typical(i), preview: 20 }); times.push(performance.now() - t); if (i < 3) console.log(r.count); }
times.sort((a, b) => a - b); console.log('p50', times[15]!.toFixed(1), 'p95', times[28]!.toFixed(1));
closeStore(s);

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recomputeTiers, setTiers } from '../../electron/core/loyalty';
import { recordConsent } from '../../electron/core/privacy/consents';
import { customerRfm } from '../../electron/core/reports/customerRfm';
import { countSegment, listSegments, readConditionFile, requireSegment, saveSegment } from '../../electron/core/segments/segments';
import type { SegmentNodeInput as SegmentNode } from '../../shared/segments';
import { akrabErrorOf } from '../support/akrabError';
import { segmentStore } from './segmentStore';

/** The store is built afresh for each test (tempStore closes stores after each one). */
function handStore() {
  const s = segmentStore();
  const names = new Map([
    [s.siti, 'Siti'],
    [s.budi, 'Budi'],
    [s.dewi, 'Dewi'],
    [s.wayan, 'Wayan'],
    [s.made, 'Made'],
  ]);
  const who = (where: unknown) => {
    const result = countSegment(s.store, { where, preview: 50 });
    const list = result.preview.map((r) => names.get(r.customerId)!).sort();
    expect(result.count).toBe(list.length);
    return list;
  };
  return { s, names, who };
}

describe('segment conditions on a hand-computable store', () => {
  it.each<[string, SegmentNode, string[]]>([
    ['city is (any case)', { field: 'city', op: 'is', value: 'bandung' }, ['Dewi', 'Siti']],
    ['city is one of', { field: 'city', op: 'is', value: ['Jakarta', 'Surabaya'] }, ['Budi', 'Wayan']],
    ['city is not', { field: 'city', op: 'is_not', value: 'Bandung' }, ['Budi', 'Wayan']],
    ['city contains', { field: 'city', op: 'contains', value: 'JAK' }, ['Budi']],
    ['city contains a LIKE wildcard literally', { field: 'city', op: 'contains', value: '%' }, []],
    ['age at least 36', { field: 'age', op: 'gte', value: 36 }, ['Budi', 'Siti']],
    ['age at most 26', { field: 'age', op: 'lte', value: 26 }, ['Dewi']],
    ['age exactly 40 (41 on the 30th)', { field: 'age', op: 'eq', value: 40 }, ['Budi']],
    ['age between 26 and 36', { field: 'age', op: 'between', value: [26, 36] }, ['Dewi', 'Siti']],
    ['gender F', { field: 'gender', op: 'is', value: 'F' }, ['Dewi', 'Siti']],
    ['gender unknown', { field: 'gender', op: 'is', value: 'unknown' }, ['Wayan']],
    ['birthday month November', { field: 'birthMonth', op: 'in', value: [11] }, ['Budi', 'Dewi']],
    ['birthday this month (November)', { field: 'birthMonth', op: 'this_month' }, ['Budi', 'Dewi']],
    ['birthday month March or April', { field: 'birthMonth', op: 'in', value: [3, 4] }, ['Siti']],
    ['home outlet', { field: 'homeOutlet', op: 'in', value: ['bdg01'] }, ['Budi']],
    ['home outlet not', { field: 'homeOutlet', op: 'not_in', value: ['BDG01'] }, ['Dewi', 'Siti', 'Wayan']],
    ['registered before', { field: 'registered', op: 'before', value: '2026-01-01' }, ['Wayan']],
    ['registered after', { field: 'registered', op: 'after', value: '2026-11-20' }, ['Dewi']],
    ['registered between (both days included)', { field: 'registered', op: 'between', value: ['2026-01-05', '2026-11-20'] }, ['Budi', 'Siti']],
    ['bought at least once', { field: 'purchases', op: 'gte', value: 1 }, ['Budi', 'Siti']],
    ['never bought', { field: 'purchases', op: 'eq', value: 0 }, ['Dewi', 'Wayan']],
    ['spent Rp 5.000.000 or more', { field: 'purchases', measure: 'amount', op: 'gte', value: 5_000_000 }, ['Siti']],
    ['spent at most Rp 1.000.000', { field: 'purchases', measure: 'amount', op: 'lte', value: 1_000_000 }, ['Budi', 'Dewi', 'Wayan']],
    ['two purchases', { field: 'purchases', op: 'between', value: [2, 5] }, ['Siti']],
    ['a fridge in the last 12 months', { field: 'purchases', product: 'kulkas', period: { lastDays: 365 }, op: 'gte', value: 1 }, ['Siti']],
    ['an AC in the last 12 months', { field: 'purchases', product: 'AC', period: { lastDays: 365 }, op: 'gte', value: 1 }, []],
    ['an AC in 2025', { field: 'purchases', product: 'AC', period: { from: '2025-01-01', to: '2025-12-31' }, op: 'gte', value: 1 }, ['Siti']],
    // Made's purchase of November counts for Siti, whom he was merged into.
    ['no purchase in November', { field: 'purchases', period: { from: '2026-11-01', to: '2026-11-30' }, op: 'eq', value: 0 }, ['Dewi', 'Wayan']],
    ['three purchases (two own, one merged in)', { field: 'purchases', op: 'eq', value: 3 }, ['Siti']],
    ['first purchase before 2026', { field: 'firstPurchase', op: 'before', value: '2026-01-01' }, ['Siti']],
    ['last purchase after October', { field: 'lastPurchase', op: 'after', value: '2026-10-31' }, ['Budi', 'Siti']],
    ['last purchase before October', { field: 'lastPurchase', op: 'before', value: '2026-10-01' }, []],
    ['contacted in the last 30 days', { field: 'lastContact', op: 'within', value: 30 }, ['Wayan']],
    ['not contacted in the last 30 days', { field: 'lastContact', op: 'not_within', value: 30 }, ['Budi', 'Dewi', 'Siti']],
    ['not contacted in the last 10 days', { field: 'lastContact', op: 'not_within', value: 10 }, ['Budi', 'Dewi', 'Siti', 'Wayan']],
    ['an open complaint', { field: 'openComplaints', op: 'gte', value: 1 }, ['Dewi']],
    ['no open complaint', { field: 'openComplaints', op: 'eq', value: 0 }, ['Budi', 'Siti', 'Wayan']],
    ['gave a low satisfaction score', { field: 'satisfaction', op: 'lte', value: 3 }, ['Wayan']],
    ['gave a high satisfaction score', { field: 'satisfaction', op: 'gte', value: 4 }, []],
    ['WhatsApp consent', { field: 'consent', purpose: 'marketing_whatsapp', op: 'granted' }, ['Budi', 'Siti', 'Wayan']],
    ['no WhatsApp consent', { field: 'consent', purpose: 'marketing_whatsapp', op: 'not_granted' }, ['Dewi']],
    ['no points (no programme yet)', { field: 'points', op: 'eq', value: 0 }, ['Budi', 'Dewi', 'Siti', 'Wayan']],
    ['AND', { and: [{ field: 'city', op: 'is', value: 'Bandung' }, { field: 'purchases', op: 'gte', value: 1 }] }, ['Siti']],
    ['OR', { or: [{ field: 'city', op: 'is', value: 'Jakarta' }, { field: 'openComplaints', op: 'gte', value: 1 }] }, ['Budi', 'Dewi']],
    [
      'OR of ANDs',
      {
        or: [
          { and: [{ field: 'gender', op: 'is', value: 'F' }, { field: 'age', op: 'gte', value: 30 }] },
          { and: [{ field: 'city', op: 'is', value: 'Surabaya' }, { field: 'lastContact', op: 'within', value: 30 }] },
        ],
      },
      ['Siti', 'Wayan'],
    ],
    [
      'AND of ORs',
      {
        and: [
          { or: [{ field: 'city', op: 'is', value: 'Bandung' }, { field: 'city', op: 'is', value: 'Jakarta' }] },
          { or: [{ field: 'birthMonth', op: 'in', value: [11] }, { field: 'purchases', measure: 'amount', op: 'gte', value: 3_000_000 }] },
        ],
      },
      ['Budi', 'Dewi', 'Siti'],
    ],
  ])('%s', (_name, where, expected) => {
    expect(handStore().who(where)).toEqual(expected);
  });

  it('an RFM segment selects exactly the customers the RFM report puts in it', () => {
    const { s, names, who } = handStore();
    const bySegment = new Map<string, string[]>();
    for (const [id, name] of names) {
      if (name === 'Made') continue;
      const segment = customerRfm(s.store, id).segment;
      if (segment) bySegment.set(segment, [...(bySegment.get(segment) ?? []), name].sort());
    }
    expect([...bySegment.values()].flat().sort()).toEqual(['Budi', 'Siti']);
    for (const [segment, expected] of bySegment) expect(who({ field: 'rfmSegment', op: 'in', value: [segment] })).toEqual(expected);
    const [first] = [...bySegment.keys()];
    expect(who({ field: 'rfmSegment', op: 'not_in', value: [first] })).toEqual(
      ['Budi', 'Dewi', 'Siti', 'Wayan'].filter((n) => !bySegment.get(first!)!.includes(n)),
    );
  });

  it('a tier condition selects the tier the last tier pass gave each customer', () => {
    const { s, who } = handStore();
    // Rolling 12 months to 2026-11-23: Siti 5.000.000 (+ Made's 9.000.000 if the pass counts merges), Budi 1.000.000.
    setTiers(s.store, { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null }, {
      validFrom: '2026-11-23',
      graceDays: 0,
      levels: [
        { code: 'silver', name: 'Silver', minSpend: 1_000_000, discountPercent: 2 },
        { code: 'gold', name: 'Gold', minSpend: 5_000_000, discountPercent: 5 },
      ],
    });
    expect(who({ field: 'tier', op: 'in', value: ['gold'] })).toEqual([]); // no pass has run yet
    recomputeTiers(s.store);
    expect(who({ field: 'tier', op: 'in', value: ['gold'] })).toEqual(['Siti']);
    expect(who({ field: 'tier', op: 'in', value: ['Silver'] })).toEqual(['Budi']);
    expect(who({ field: 'tier', op: 'in', value: ['silver', 'gold'] })).toEqual(['Budi', 'Siti']);
    expect(who({ field: 'tier', op: 'not_in', value: ['gold'] })).toEqual(['Budi', 'Dewi', 'Wayan']);
    expect(who({ and: [{ field: 'tier', op: 'not_in', value: ['silver', 'gold'] }, { field: 'city', op: 'is', value: 'Bandung' }] })).toEqual(['Dewi']);
    const before = s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    expect(akrabErrorOf(() => saveSegment(s.store, { name: 'Platina', where: { field: 'tier', op: 'in', value: ['platinum'] } }))).toMatchObject({
      messageKey: 'error.segment_tier_unknown',
      params: { code: 'platinum' },
    });
    expect(s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(before);
  });

  it('a withdrawal of one purpose counts at once', () => {
    const { s, who } = handStore();
    recordConsent(s.store, null, { customerId: s.siti, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
    expect(who({ field: 'consent', purpose: 'marketing_whatsapp', op: 'granted' })).toEqual(['Budi', 'Wayan']);
    expect(who({ field: 'consent', purpose: 'marketing_sms', op: 'granted' })).toEqual(['Budi', 'Siti', 'Wayan']);
  });
});

describe('saved segments and bad input', () => {
  it('saves by name (one row per name), reads back, and re-evaluates on use', () => {
    const s = segmentStore();
    const where: SegmentNode = { field: 'city', op: 'is', value: 'Bandung' };
    const saved = saveSegment(s.store, { name: 'Warga Bandung', where });
    expect(saveSegment(s.store, { name: '  warga   bandung ', where: { field: 'city', op: 'is', value: 'Jakarta' } }).id).toBe(saved.id);
    expect(listSegments(s.store)).toHaveLength(1);
    expect(requireSegment(s.store, 'Warga Bandung').where).toEqual({ field: 'city', op: 'is', value: 'Jakarta' });
    expect(s.store.sqlite.prepare(`SELECT count(*) FROM changes WHERE table_name = 'segments'`).pluck().get()).toBe(2);
  });

  it.each<[string, unknown, string, string]>([
    ['unknown field', { field: 'shoeSize', op: 'eq', value: 42 }, 'error.segment_field_unknown', 'where.field'],
    ['unknown operator', { field: 'city', op: 'sounds_like', value: 'Bandung' }, 'error.segment_operator_unknown', 'where.op'],
    ['unknown operator of a number field', { field: 'age', op: 'gt', value: 3 }, 'error.segment_operator_unknown', 'where.op'],
    ['bad value', { field: 'birthMonth', op: 'in', value: [13] }, 'error.segment_value_invalid', 'where.value.0'],
    ['bad date', { field: 'registered', op: 'before', value: '01/02/2026' }, 'error.segment_value_invalid', 'where.value'],
    ['unknown field deep in a group', { and: [{ field: 'city', op: 'is', value: 'X' }, { or: [{ field: 'zodiac', op: 'is' }] }] }, 'error.segment_field_unknown', 'where.and.1.or.0.field'],
    ['empty group', { and: [] }, 'error.segment_malformed', 'where.and'],
    ['not an object', 'city = Bandung', 'error.segment_malformed', 'where'],
    ['tier before tiers exist', { field: 'tier', op: 'in', value: ['Gold'] }, 'error.segment_tier_unavailable', 'field'],
  ])('%s: a specific error, nothing written', (_name, where, messageKey, field) => {
    const s = segmentStore();
    const before = s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    const error = akrabErrorOf(() => saveSegment(s.store, { name: 'Salah', where }));
    expect(error).toMatchObject({ messageKey, field });
    expect(s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(before);
    expect(listSegments(s.store)).toEqual([]);
  });

  it('a condition file that is not JSON gets its own error', () => {
    const s = segmentStore();
    const file = path.join(s.store.dir, 'bad.json');
    writeFileSync(file, '{"field": "city", ');
    expect(akrabErrorOf(() => readConditionFile(file))).toMatchObject({ messageKey: 'error.segment_file_malformed' });
    writeFileSync(file, JSON.stringify({ field: 'city', op: 'is', value: 'Bandung' }));
    expect(readConditionFile(file)).toEqual({ field: 'city', op: 'is', value: 'Bandung' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseSnapshotResponse, snapshotResponseSchema } from '../../electron/core/sync/protocol';

const hlc = '2026-12-06T01:02:03.004Z-0000-b007b007b007b007';
const good = {
  cursor: 12,
  rows: [
    { table: 'customers', rowId: 'C1', fields: { full_name: ['Siti', hlc], consent_marketing: [true, hlc], notes: [null, hlc], amount: [1.5, hlc] } },
    { table: 'cards', rowId: 'K1', fields: {} },
  ],
  nextAfter: { table: 'cards', rowId: 'K1' },
};
const variants: [string, (page: typeof good) => unknown][] = [
  ['as it is', (p) => p],
  ['last page', (p) => ({ ...p, nextAfter: null })],
  ['negative cursor', (p) => ({ ...p, cursor: -1 })],
  ['fractional cursor', (p) => ({ ...p, cursor: 1.5 })],
  ['unknown table', (p) => ({ ...p, rows: [{ ...p.rows[0], table: 'sqlite_master' }] })],
  ['empty row id', (p) => ({ ...p, rows: [{ ...p.rows[0], rowId: '' }] })],
  ['row id too long', (p) => ({ ...p, rows: [{ ...p.rows[0], rowId: 'x'.repeat(65) }] })],
  ['column with a quote', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { 'name"; DROP': ['x', hlc] } }] })],
  ['bad stamp', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { full_name: ['x', 'yesterday'] } }] })],
  ['three-element field', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { full_name: ['x', hlc, 1] } }] })],
  ['object value', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { full_name: [{ a: 1 }, hlc] } }] })],
  ['NUL in text', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { full_name: ['a\u0000b', hlc] } }] })],
  ['text too long', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: { notes: ['x'.repeat(10_001), hlc] } }] })],
  ['fields an array', (p) => ({ ...p, rows: [{ ...p.rows[0], fields: [] }] })],
  ['bad next key', (p) => ({ ...p, nextAfter: { table: 'cards' } })],
  ['rows missing', (p) => ({ cursor: p.cursor, nextAfter: null })],
];

describe('snapshot pages checked without zod (issue 20: the bootstrap spent a third of its CPU in zod)', () => {
  it.each(variants)('answers like snapshotResponseSchema: %s', (_, make) => {
    const page = make(structuredClone(good));
    const bySchema = snapshotResponseSchema.safeParse(page);
    const byHand = parseSnapshotResponse(page);
    expect(byHand !== null).toBe(bySchema.success);
    if (bySchema.success) expect(byHand).toEqual(bySchema.data);
  });
});

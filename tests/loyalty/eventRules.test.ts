import { describe, expect, it } from 'vitest';
import { earnOfSource, ledgerEventId } from '../../electron/core/loyalty/eventIds';
import {
  adjustLotFits,
  datedByItsStamp,
  earnFitsItsLine,
  mostAvailableSeen,
  namesItsSigner,
  otherSpellingIds,
  type HeldPurchase,
} from '../../electron/core/loyalty/eventRules';
import type { LedgerMovement } from '../../electron/core/loyalty/lots';

/** The pure rules the server judges pushed earns and adjustments by (server/authority/ledgerCheck.ts). */
describe('an earn is its purchase line’s one earn', () => {
  it.each([
    ['earn@BDG01:INV-1:1', { outletCode: 'BDG01', invoiceNo: 'INV-1', line: 1 }],
    ['earn:INV-1:2', { outletCode: null, invoiceNo: 'INV-1', line: 2 }],
    ['earn:A:B:1', { outletCode: null, invoiceNo: 'A:B', line: 1 }],
    ['earn:purchase:p-1', { purchaseId: 'p-1' }],
    ['earn:purchase:', null],
    ['earn:INV-1', null],
    ['redeem:INV-1:1', null],
  ])('the source %s says %o', (source, said) => {
    expect(earnOfSource(source)).toEqual(said);
  });

  const at = '2026-12-07T03:00:00.000Z';
  const sale: HeldPurchase = { invoiceNo: 'inv- 1', outletId: 'o-bdg', purchasedAt: at };
  const earn = (source: string, fields: Record<string, unknown> = {}) => ({
    id: ledgerEventId(source),
    source,
    invoiceNo: 'INV-1',
    outletId: 'o-bdg',
    purchaseId: 'p-1',
    occurredAt: at,
    ...fields,
  });
  it.each([
    ['the counter’s earn of a held sale', earn('earn@BDG01:INV-1:1'), 'BDG01', sale, true],
    ['the old spelling of it', earn('earn:INV-1:1'), 'BDG01', sale, true],
    ['dated away from the sale', earn('earn@BDG01:INV-1:1', { occurredAt: '2030-06-01T03:00:00.000Z' }), 'BDG01', sale, false],
    ['the same instant written otherwise', earn('earn@BDG01:INV-1:1', { occurredAt: '2026-12-07T10:00:00+07:00' }), 'BDG01', sale, true],
    ['at another outlet than the sale', earn('earn@JKT01:INV-1:1', { outletId: 'o-jkt' }), 'JKT01', sale, false],
    ['a second line of a one-line sale', earn('earn@BDG01:INV-1:2'), 'BDG01', sale, false],
    ['another invoice than the sale’s', earn('earn@BDG01:INV-2:1', { invoiceNo: 'INV-2' }), 'BDG01', sale, false],
    ['spelled as a purchase without invoice', earn('earn:purchase:p-1', { invoiceNo: null }), 'BDG01', sale, false],
    ['an id not of its source', { ...earn('earn@BDG01:INV-1:1'), id: 'pl_other' }, 'BDG01', sale, false],
    ['a code not of its outlet', earn('earn@JKT01:INV-1:1'), 'BDG01', sale, false],
    ['an invoice not of its source', earn('earn@BDG01:INV-1:1', { invoiceNo: 'INV-9' }), 'BDG01', sale, false],
    ['a sale without invoice', earn('earn:purchase:p-1', { invoiceNo: null }), 'BDG01', { ...sale, invoiceNo: null }, true],
    ['the CLI’s invoice line', earn('earn@BDG01:INV-1:3', { purchaseId: 'invoice:INV-1:3' }), 'BDG01', null, true],
    ['a purchase the server does not hold', earn('earn@BDG01:INV-1:1', { purchaseId: 'p-made-up' }), 'BDG01', null, false],
  ] as const)('%s: %s', (_, event, outletCode, purchase, fits) => {
    expect(earnFitsItsLine(event, outletCode, purchase)).toBe(fits);
  });

  it('the other spelling of a line is the one with or without its outlet’s code; a purchase without invoice has none', () => {
    expect(otherSpellingIds('earn@BDG01:INV-1:1', 'BDG01')).toEqual([ledgerEventId('earn:INV-1:1')]);
    expect(otherSpellingIds('earn:INV-1:1', 'BDG01')).toEqual([ledgerEventId('earn@BDG01:INV-1:1')]);
    expect(otherSpellingIds('earn:INV-1:1', null)).toEqual([]);
    expect(otherSpellingIds('earn:purchase:p-1', 'BDG01')).toEqual([]);
  });
});

describe('an adjustment as adjustPoints writes it', () => {
  const rule = { validFrom: '2026-12-01', validityMonths: 12 };
  it.each([
    ['a credit whose lot ends the rule’s validity from its day', { points: 5, expiresOn: '2027-12-07', day: '2026-12-07' }, rule, true, true],
    ['a credit whose lot ends in 2099', { points: 5, expiresOn: '2099-12-31', day: '2026-12-07' }, rule, true, false],
    ['a credit dated before its rule began', { points: 5, expiresOn: '2020-12-01', day: '2019-12-01' }, rule, true, false],
    ['a credit of no rule, none in force', { points: 5, expiresOn: null, day: '2026-12-07' }, null, false, true],
    ['a credit of no rule while one is in force', { points: 5, expiresOn: null, day: '2020-01-01' }, null, true, false],
    ['a debit', { points: -5, expiresOn: null, day: '2026-12-07' }, null, true, true],
    ['a debit with a last day', { points: -5, expiresOn: '2027-12-07', day: '2026-12-07' }, null, true, false],
  ] as const)('%s', (_, event, version, inForce, fits) => {
    expect(adjustLotFits(event, version, inForce)).toBe(fits);
  });

  it('is dated no later than the stamp of its change', () => {
    const stamp = Date.parse('2026-12-07T03:00:00.000Z');
    expect(datedByItsStamp('2026-12-07T03:00:00.000Z', stamp)).toBe(true);
    expect(datedByItsStamp('2020-01-01T00:00:00.000Z', stamp)).toBe(true);
    expect(datedByItsStamp('2026-12-07T03:00:00.001Z', stamp)).toBe(false);
    expect(datedByItsStamp('not a date', stamp)).toBe(false);
    expect(datedByItsStamp(undefined, stamp)).toBe(false);
  });

  const event = (id: string, kind: string, points: number, own: boolean, fields: Partial<LedgerMovement> = {}) => ({
    id,
    kind,
    points,
    occurredAt: '2026-11-01T03:00:00.000Z',
    expiresOn: points > 0 ? '2027-11-01' : null,
    relatedId: null,
    own,
    ...fields,
  });
  const dayOf = (e: LedgerMovement) => e.occurredAt.slice(0, 10);
  it.each([
    ['its own lot', [event('a', 'earn', 24, true)], 24],
    ['a lot of another device', [event('a', 'earn', 24, false)], 24],
    ['less its own redemption', [event('a', 'earn', 24, true), event('b', 'redeem', -10, true)], 14],
    ['another device’s redemption it may not have pulled', [event('a', 'earn', 24, true), event('b', 'redeem', -10, false)], 24],
    [
      'another device’s expiry pass racing it (overExpiry)',
      [event('a', 'earn', 24, true), event('b', 'expire', -24, false, { relatedId: 'a', occurredAt: '2026-12-01T00:00:00.000Z' })],
      24,
    ],
    ['a lot past its last day', [event('a', 'earn', 24, false, { expiresOn: '2026-11-30' })], 0],
    ['another device’s expiry correction giving back', [event('a', 'earn', 24, true), event('b', 'expire_fix', 11, false)], 24],
  ])('what a device can have seen available: %s', (_, events, available) => {
    expect(mostAvailableSeen(events, '2026-12-07', dayOf)).toBe(available);
  });
});

describe('an event names the staff who signed it', () => {
  const signer = { staffId: 'st-1', name: 'Rina Kasir' };
  it.each([
    [null, null, true],
    [undefined, signer, true],
    ['Rina Kasir', signer, true],
    ['st-1', signer, true],
    ['Admin Ayu', signer, false],
    ['Rina Kasir', null, false],
  ])('staff %s, signed by %o: %s', (staffId, by, fits) => {
    expect(namesItsSigner(staffId, by)).toBe(fits);
  });
});

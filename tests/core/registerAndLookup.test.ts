import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addCard, addPurchase, getCustomer, updateCustomer } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { akrabErrorOf } from '../support/akrabError';

const count = (store: ReturnType<typeof tempStore>, table: string) => store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('registration and lookup on a real SQLite file', () => {
  it('every common way of writing the phone finds the same customer', () => {
    const store = tempStore();
    const budi = registerCustomer(store, aCustomer().named('Budi Santoso').withPhone('0812-3456-7890').build());
    for (const written of ['0812-3456-7890', '0812 3456 7890', '081234567890', '+62 812-3456-7890', '+6281234567890', '6281234567890', '62 812 3456 7890', '(0812) 3456-7890', '812-3456-7890']) {
      expect(lookupCustomer(store, written)?.customer.id, written).toBe(budi.id);
    }
  });

  it('finds by exact card number, ignoring case, spaces and dashes', () => {
    const store = tempStore();
    const siti = registerCustomer(store, aCustomer().withCard('VIP-0042-77').build());
    expect(siti.cards[0]?.cardNo).toBe('VIP004277');
    expect(lookupCustomer(store, 'vip 0042 77')?.customer.id).toBe(siti.id);
    expect(lookupCustomer(store, 'VIP004278')).toBeNull();
  });

  it('households share a phone: lookup names the other customers on it', () => {
    const store = tempStore();
    const a = registerCustomer(store, aCustomer().named('Agus').withPhone('081299990000').build());
    const b = registerCustomer(store, aCustomer().named('Wati').withPhone('+6281299990000').build());
    const result = lookupCustomer(store, '0812-9999-0000')!;
    expect([a.id, b.id]).toContain(result.customer.id);
    expect(result.otherCustomerIds).toHaveLength(1);
  });

  it('stores the phone as E.164 and fills gender from the NIK', () => {
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().withPhone('0812 1111 2222').withNik('3273015701900002').bornOn('1990-01-17').build());
    expect(c.phones.map((p) => p.e164)).toEqual(['+6281211112222']);
    expect(c.gender).toBe('F');
  });

  it.each([
    ['phone', { phone: '12345' }, 'error.phone_invalid'],
    ['phone', { phone: '' }, 'error.phone_required'],
    ['nik', { nik: '32730117088500' }, 'error.nik_format'],
    ['nik', { nik: '3273013208850001' }, 'error.nik_birth_date'],
    ['birthDate', { nik: '3273011708850001', birthDate: '1985-08-18' }, 'error.nik_birth_date_mismatch'],
    ['gender', { nik: '3273011708850001', gender: 'F' }, 'error.nik_gender_mismatch'],
    ['birthDate', { birthDate: '17/08/1985' }, 'error.date_invalid'],
    ['birthDate', { birthDate: '2099-01-01' }, 'error.birth_date_range'],
    ['fullName', { fullName: '   ' }, 'error.name_required'],
    ['cardNo', { cardNo: 'V!' }, 'error.card_invalid'],
    ['email', { email: 'budi@' }, 'error.email_invalid'],
  ] as const)('a bad %s gives a specific error and writes nothing', (field, change, messageKey) => {
    const store = tempStore();
    registerCustomer(store, aCustomer().build());
    const before = [count(store, 'customers'), count(store, 'changes')];
    const error = akrabErrorOf(() => registerCustomer(store, { ...aCustomer().build(), ...change }));
    expect(error.code).toBe('validation');
    expect(error.issues).toContainEqual(expect.objectContaining({ field, messageKey }));
    expect([count(store, 'customers'), count(store, 'changes')]).toEqual(before);
  });

  it('reports every problem of a draft at once', () => {
    const store = tempStore();
    const error = akrabErrorOf(() => registerCustomer(store, { ...aCustomer().build(), phone: 'x', nik: '1', cardNo: '!' }));
    expect(error.issues?.map((i) => i.field).sort()).toEqual(['cardNo', 'nik', 'phone']);
  });

  it('an empty name or an unreadable amount hides none of the other problems (issue 16, point 6)', () => {
    const store = tempStore();
    const error = akrabErrorOf(() =>
      registerCustomer(store, { fullName: '', phone: '12345', cardNo: '!', nik: '1', email: 'nope', amount: 'Rp 12,5 juta', birthDate: '2999-01-01' }),
    );
    expect(error.issues?.map((i) => `${i.field}:${i.messageKey}`).sort()).toEqual([
      'amount:error.amount_invalid',
      'birthDate:error.birth_date_range',
      'cardNo:error.card_invalid',
      'email:error.email_invalid',
      'fullName:error.name_required',
      'nik:error.nik_format',
      'phone:error.phone_invalid',
    ]);
    expect(count(store, 'customers')).toBe(0);
  });

  it('the amount may come as the booth typed it', () => {
    const store = tempStore();
    const c = registerCustomer(store, { ...aCustomer().build(), invoiceNo: 'INV-1', amount: 'Rp 1.250.000' });
    expect(c.purchaseSummary.total).toBe(1_250_000);
  });

  it('a card number can belong to one customer only', () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().withCard('VIP777').build());
    const error = akrabErrorOf(() => registerCustomer(store, aCustomer().withCard('vip777').build()));
    expect(error).toMatchObject({ code: 'conflict', field: 'cardNo', messageKey: 'error.card_taken' });
    expect(count(store, 'customers')).toBe(1);
  });

  it('keeps history: cards, purchases and the RFM inputs', () => {
    const store = tempStore({ now: () => new Date('2026-11-23T03:00:00Z') });
    const c = registerCustomer(store, aCustomer().withPurchase('INV-1', 1_250_000, 'Kulkas').build());
    addCard(store, c.id, 'VIP-SECOND-1');
    addPurchase(store, { customerId: c.id, invoiceNo: 'INV-2', purchasedAt: '2026-11-20T05:00:00.000Z', amount: 3_000_000, mainProduct: 'TV' });
    const detail = getCustomer(store, c.id);
    expect(detail.cards.map((k) => k.cardNo)).toContain('VIPSECOND1');
    expect(detail.purchaseSummary).toEqual({ count: 2, total: 4_250_000, firstAt: '2026-11-20T05:00:00.000Z', lastAt: '2026-11-23T03:00:00.000Z' });
    expect(detail.recentPurchases.map((p) => p.invoiceNo)).toEqual(['INV-1', 'INV-2']);
  });

  it('an update writes only the given fields and rejects a NIK that contradicts the profile', () => {
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().bornOn('1985-08-17').withGender('M').build());
    const updated = updateCustomer(store, c.id, { city: 'Medan', fullName: 'Budi S.' });
    expect(updated).toMatchObject({ city: 'Medan', fullName: 'Budi S.', birthDate: '1985-08-17' });
    const last = store.sqlite.prepare(`SELECT data FROM changes ORDER BY seq DESC LIMIT 1`).pluck().get() as string;
    expect(Object.keys(JSON.parse(last)).sort()).toEqual(['city', 'full_name', 'name_search', 'updated_at', 'updated_by_device', 'updated_by_staff']);
    expect(akrabErrorOf(() => updateCustomer(store, c.id, { nik: '3273015701900002' })).messageKey).toBe('error.nik_birth_date_mismatch');
  });
});

describe('card numbers of deleted cards', () => {
  it('stay taken: reusing one is a clear conflict, not a database error', async () => {
    const { transact } = await import('../../electron/core/store/writer');
    const { cards } = await import('../../db/schema');
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().withCard('VIP5000').build());
    transact(store, (w) => w.remove(cards, c.cards[0]!.id));
    expect(akrabErrorOf(() => addCard(store, c.id, 'VIP5000'))).toMatchObject({ code: 'conflict', messageKey: 'error.card_taken' });
    expect(akrabErrorOf(() => registerCustomer(store, aCustomer().withCard('VIP5000').build()))).toMatchObject({ code: 'conflict', messageKey: 'error.card_taken' });
  });
});

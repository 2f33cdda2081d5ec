import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { searchCustomers } from '../../electron/core/customers/search';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

function storeWithPeople() {
  const store = tempStore();
  const budi = registerCustomer(store, aCustomer().named('Budi Santoso').withPhone('0812-3456-7890').withCard('88001234').build());
  const buda = registerCustomer(store, aCustomer().named('Budiman Sitompul').withPhone('0813-1111-2222').withCard('88005678').build());
  const agus = registerCustomer(store, aCustomer().named('Agus Budiarto').withPhone('0857-0000-7890').withCard('VIP9001').build());
  const siti = registerCustomer(store, aCustomer().named('Siti Rahayu').withPhone('0822-4444-5555').withCard('VIP9002').build());
  return { store, budi, buda, agus, siti };
}

describe('search as you type', () => {
  it('name prefix first, then names containing the text', () => {
    const { store, budi, buda, agus } = storeWithPeople();
    expect(searchCustomers(store, 'budi').map((h) => [h.customerId, h.reason])).toEqual([
      [budi.id, 'name_prefix'],
      [buda.id, 'name_prefix'],
      [agus.id, 'name_substring'],
    ]);
  });

  it('is case and accent insensitive', () => {
    const { store, siti } = storeWithPeople();
    expect(searchCustomers(store, 'SÍTI').map((h) => h.customerId)).toEqual([siti.id]);
  });

  it('last four or more digits of a phone find every customer whose number ends so', () => {
    const { store, budi, agus } = storeWithPeople();
    expect(new Set(searchCustomers(store, '7890').map((h) => h.customerId))).toEqual(new Set([budi.id, agus.id]));
    expect(searchCustomers(store, '4567890').map((h) => [h.customerId, h.reason])).toEqual([[budi.id, 'phone_suffix']]);
  });

  it('a whole phone in any format is an exact match', () => {
    const { store, budi } = storeWithPeople();
    for (const written of ['+62 812-3456-7890', '081234567890', '6281234567890']) expect(searchCustomers(store, written)[0]).toMatchObject({ customerId: budi.id, reason: 'phone' });
  });

  it('a card number ranks the exact card first, then card prefixes', () => {
    const { store, budi, buda } = storeWithPeople();
    expect(searchCustomers(store, '88001234')[0]).toMatchObject({ customerId: budi.id, reason: 'card' });
    expect(searchCustomers(store, '8800').map((h) => h.customerId)).toEqual([budi.id, buda.id]);
    expect(searchCustomers(store, 'vip90').map((h) => h.reason)).toEqual(['card_prefix', 'card_prefix']);
  });

  it('returns what the results list shows, and respects the limit', () => {
    const { store } = storeWithPeople();
    const [hit] = searchCustomers(store, 'siti');
    expect(hit).toMatchObject({ fullName: 'Siti Rahayu', phones: ['+6282244445555'], cardNos: ['VIP9002'] });
    expect(searchCustomers(store, 'bu', 1)).toHaveLength(1);
    expect(searchCustomers(store, '   ')).toEqual([]);
    expect(searchCustomers(store, '"; DROP TABLE customers; --')).toEqual([]);
  });
});

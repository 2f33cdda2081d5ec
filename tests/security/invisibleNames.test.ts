import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { hasVisibleLetter, searchableName, withoutInvisibles } from '../../shared/text';
import { aCustomer } from '../support/builders';
import { akrabErrorOf } from '../support/akrabError';
import { signedInCore } from '../support/signedIn';
import { tempDir, tempStore } from '../support/tempStore';

/**
 * Issue 14, finding 8 / part 6: a name made only of zero-width characters was accepted, and a zero-width character
 * inside a name ("Bu\u200bdi") made the customer unfindable by typing "budi". Invisible characters are now removed
 * before a name is stored, matched or searched, and a name needs a visible letter.
 */
const ZWSP = '\u200b';
const invisibleOnly = ['\u200b\u200c\u200d', '\ufeff\u2060', '\u00ad\u200e\u200f', '\u202a\u202c\u2066\u2069', '\u200b 1 \u200b'];

describe('invisible characters in names (the rule)', () => {
  it.each([
    ['Bu\u200bdi', 'Budi'],
    ['Si\u00adti', 'Siti'],
    ['\ufeffRina\u200d', 'Rina'],
    ['\u202eDewi\u202c', 'Dewi'],
    ['Nur\u2060ul', 'Nurul'],
  ])('%j is %j once invisible characters are gone, and indexed the same', (typed, visible) => {
    expect(withoutInvisibles(typed)).toBe(visible);
    expect(searchableName(typed)).toBe(searchableName(visible));
  });

  it.each(invisibleOnly)('%j has no visible letter', (name) => expect(hasVisibleLetter(name)).toBe(false));
});

describe('invisible characters in names (through the core, the contract and the import)', () => {
  const outletStore = () => {
    const store = tempStore();
    useOutlet(store, ensureOutlet(store, 'BDG01'));
    return store;
  };

  it.each(invisibleOnly)('a customer named %j is refused with error.name_no_letters, at the core and through the contract', (name) => {
    const store = outletStore();
    expect(akrabErrorOf(() => registerCustomer(store, aCustomer().named(name).build()))).toMatchObject({
      issues: [expect.objectContaining({ field: 'fullName', messageKey: 'error.name_no_letters' })],
    });
    const core = signedInCore(store, 'clerk');
    const result = dispatch(core, 'customers.register', { draft: aCustomer().named(name).build() });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(JSON.stringify(result)).toContain('error.name_no_letters');
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
  });

  it('a name typed with a zero-width character is stored without it and found by typing the name', () => {
    const store = outletStore();
    const core = signedInCore(store, 'clerk');
    const registered = dispatch(core, 'customers.register', { draft: aCustomer().named(`Bu${ZWSP}di San${ZWSP}toso`).withCard('ZW0001').build() });
    expect(registered).toMatchObject({ ok: true, value: { fullName: 'Budi Santoso' } });
    for (const text of ['budi', 'Budi Santoso', 'santoso', `Bu${ZWSP}di`]) {
      const hits = dispatch(core, 'customers.search', { text }) as { ok: true; value: { fullName: string }[] };
      expect({ text, names: hits.value.map((h) => h.fullName) }).toEqual({ text, names: ['Budi Santoso'] });
    }
  });

  it('an edit cannot blank a name with invisible characters, and one with them is stored without', () => {
    const store = outletStore();
    const core = signedInCore(store, 'clerk');
    const { id } = registerCustomer(store, aCustomer().named('Siti Rahayu').build());
    const blank = dispatch(core, 'customers.update', { customerId: id, patch: { fullName: '\u200b\u200b' } });
    expect(JSON.stringify(blank)).toContain('error.name_no_letters');
    expect(dispatch(core, 'customers.update', { customerId: id, patch: { fullName: `Siti${ZWSP} Aminah` } })).toMatchObject({
      ok: true,
      value: { fullName: 'Siti Aminah' },
    });
  });

  it('the legacy import strips invisible characters and reports a name of nothing else by row', async () => {
    const store = outletStore();
    const file = path.join(tempDir(), 'legacy.csv');
    writeFileSync(
      file,
      ['no_kartu;nama;no_hp', `ZW-2001;Bu${ZWSP}di Hartono;0812-3456-2001`, 'ZW-2002;\u200b\u200c\u00ad;0812-3456-2002', `ZW-2003;\u00adRina${ZWSP};0812-3456-2003`].join('\n'),
    );
    const report = await importCustomersFile(store, file);
    expect(report.imported).toBe(2);
    expect(report.errors).toEqual([{ row: 3, field: 'fullName', reason: 'error.name_no_letters', value: '\u200b\u200c\u00ad' }]);
    const names = store.sqlite.prepare('SELECT full_name FROM customers ORDER BY full_name').pluck().all();
    expect(names).toEqual(['Budi Hartono', 'Rina']);
    const core = signedInCore(store, 'clerk');
    expect(dispatch(core, 'customers.search', { text: 'budi' })).toMatchObject({ ok: true, value: [{ fullName: 'Budi Hartono' }] });
  });

  it('a staff account named with invisible characters only is refused too', () => {
    const store = outletStore();
    const admin = signedInCore(store, 'admin');
    const result = dispatch(admin, 'auth.createStaff', { name: '\u200b\u200d', role: 'clerk', outletCode: 'BDG01', pin: '135792' });
    expect(JSON.stringify(result)).toContain('error.name_no_letters');
  });
});

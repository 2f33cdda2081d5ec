import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/api/core';
import { dispatch } from '../../electron/core/api/dispatch';
import { listAudit } from '../../electron/core/auth/auditLog';
import { storeTables } from '../../electron/core/privacy/customerRows';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { searchCustomers } from '../../electron/core/customers/search';
import type { ConsentState, CustomerDataExport, ErasureSummary, MarketingContact } from '../../shared/privacy';
import type { CustomerDetail } from '../../shared/types';
import { aCustomer } from '../support/builders';
import { signedInCore } from '../support/signedIn';
import { tempStore } from '../support/tempStore';

function call<T>(core: Core, name: string, input: unknown): T {
  const result = dispatch(core, name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function setup() {
  let now = new Date('2026-11-23T03:00:00Z');
  const store = tempStore({ now: () => now });
  useOutlet(store, ensureOutlet(store, 'BDG01'));
  const clerk = signedInCore(store, 'clerk', { name: 'Sari' });
  const manager = signedInCore(store, 'manager', { name: 'Pak Budi' });
  const register = (build = aCustomer()) => call<CustomerDetail>(clerk, 'customers.register', { draft: build.build() });
  return { store, clerk, manager, register, tick: () => void (now = new Date(now.getTime() + 1000)) };
}

describe('consent per purpose', () => {
  it('records who and when; a withdrawal leaves the marketing list at once, for that purpose only', () => {
    const { clerk, manager, register, tick } = setup();
    const siti = register(aCustomer().named('Siti Rahayu'));
    const budi = register(aCustomer().named('Budi Santoso'));
    const list = (purpose: string) => call<MarketingContact[]>(manager, 'privacy.marketingList', { purpose }).map((c) => c.fullName);
    // Ticking the registration form's consent box grants every marketing purpose.
    expect(list('marketing_whatsapp')).toEqual(['Budi Santoso', 'Siti Rahayu']);
    const state = call<ConsentState>(clerk, 'privacy.consents', { customerId: siti.id });
    expect(state.current.marketing_whatsapp).toMatchObject({ granted: true, staffName: 'Sari', at: '2026-11-23T03:00:00.000Z' });
    expect(state.history.filter((h) => h.source === 'registration')).toHaveLength(4);

    tick();
    const after = call<ConsentState>(clerk, 'privacy.consent', { customerId: siti.id, purpose: 'marketing_whatsapp', granted: false });
    expect(after.current.marketing_whatsapp).toMatchObject({ granted: false, staffName: 'Sari', at: '2026-11-23T03:00:01.000Z' });
    expect(list('marketing_whatsapp')).toEqual(['Budi Santoso']);
    expect(list('marketing_email')).toEqual(['Budi Santoso', 'Siti Rahayu']);

    // Withdrawing the last purpose clears the single flag the care rules read (birthday greetings and the like).
    for (const purpose of ['marketing_sms', 'marketing_email', 'marketing_phone'])
      call(clerk, 'privacy.consent', { customerId: siti.id, purpose, granted: false });
    expect(call<CustomerDetail>(clerk, 'customers.get', { customerId: siti.id }).consentMarketing).toBe(false);
    expect(listAudit(manager.store, { action: 'consent', customerId: siti.id })).toHaveLength(4);
    expect(listAudit(manager.store, { action: 'export' })[0]).toMatchObject({
      staffName: 'Pak Budi',
      details: { kind: 'marketing', purpose: 'marketing_email' },
    });
    void budi;
  });

  it('counter staff may record consent but not pull a marketing list', () => {
    const { clerk, register } = setup();
    register();
    expect(dispatch(clerk, 'privacy.marketingList', { purpose: 'marketing_sms' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(dispatch(clerk, 'privacy.consent', { customerId: 'x', purpose: 'spam', granted: true })).toMatchObject({
      ok: false,
      error: { code: 'validation', messageKey: 'error.consent_purpose_unknown' },
    });
  });
});

describe('access request', () => {
  it("contains every table's rows about the customer, and a file to hand over", () => {
    const { store, clerk, manager, register } = setup();
    const siti = register(
      aCustomer().named('Siti Rahayu').withNik('3273014506900002').withEmail('siti@contoh.id').withPurchase('INV-1', 2_500_000),
    );
    register(aCustomer().named('Orang Lain'));
    call(clerk, 'customers.addPurchase', { customerId: siti.id, purchasedAt: '2026-11-20T03:00:00Z', amount: 750_000, invoiceNo: 'INV-2' });
    call(clerk, 'care.logInteraction', { customerId: siti.id, channel: 'visit', note: 'Tanya kulkas' });
    call(clerk, 'customers.get', { customerId: siti.id });
    // Independently: every table with a customer column, counted by SQL before the request (which is audited itself).
    const expected = new Map<string, number>();
    for (const table of storeTables(store)) {
      const column = table.name === 'customers' ? 'id' : table.columns.includes('customer_id') ? 'customer_id' : null;
      if (column)
        expected.set(
          table.name,
          store.sqlite.prepare(`SELECT count(*) FROM "${table.name}" WHERE ${column} = ?`).pluck().get(siti.id) as number,
        );
    }
    expect(expected.size).toBeGreaterThan(8);
    const data = call<CustomerDataExport>(manager, 'privacy.exportCustomer', { customerId: siti.id });
    for (const [table, count] of expected) expect(data.tables[table]?.length ?? 0, table).toBe(count);
    expect(data.tables.purchases).toHaveLength(2);
    expect(data.tables.phones).toHaveLength(1);
    expect(data.tables.consents!.length).toBeGreaterThan(0);
    expect(data.tables.interactions![0]).toMatchObject({ note: 'Tanya kulkas' });
    expect(JSON.stringify(data)).not.toContain('Orang Lain');
    expect(JSON.parse(readFileSync(data.file, 'utf8')).tables.customers[0].nik).toBe('3273014506900002');
    expect(listAudit(store, { action: 'privacy.access_export' })[0]).toMatchObject({ staffName: 'Pak Budi', customerId: siti.id });
  });
});

describe('erasure', () => {
  it('pseudonymises the customer, retires phones and cards, keeps the purchase totals', () => {
    const { store, clerk, manager, register } = setup();
    const siti = register(
      aCustomer()
        .named('Siti Rahayu')
        .withPhone('0812-5555-0101')
        .withCard('VIP555')
        .withNik('3273014506900002')
        .withEmail('siti@contoh.id')
        .livingAt('Jl. Braga 5')
        .bornOn('1990-06-05')
        .withPurchase('INV-1', 2_500_000),
    );
    call(clerk, 'customers.addPurchase', { customerId: siti.id, purchasedAt: '2026-11-20T03:00:00Z', amount: 750_000, invoiceNo: 'INV-2' });
    call(clerk, 'customers.update', { customerId: siti.id, patch: { notes: 'Suka warna hijau' } });
    call(clerk, 'care.logInteraction', { customerId: siti.id, channel: 'whatsapp', note: 'Siti minta brosur' });
    const exported = call<CustomerDataExport>(manager, 'privacy.exportCustomer', { customerId: siti.id });
    const totalBefore = store.sqlite.prepare('SELECT sum(amount) FROM purchases').pluck().get();

    expect(dispatch(manager, 'privacy.eraseCustomer', { customerId: siti.id, confirmName: 'Siti R' })).toMatchObject({
      ok: false,
      error: { field: 'confirmName', messageKey: 'error.erase_confirm_mismatch' },
    });
    expect(dispatch(clerk, 'privacy.eraseCustomer', { customerId: siti.id, confirmName: 'Siti Rahayu' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const summary = call<ErasureSummary>(manager, 'privacy.eraseCustomer', {
      customerId: siti.id,
      confirmName: '  siti  rahayu ',
      reason: 'Permintaan tertulis',
    });
    expect(summary).toMatchObject({ purchasesKept: 2, purchaseTotal: 3_250_000 });
    expect(summary.pseudonym).toMatch(/^Pelanggan terhapus [0-9A-F]{8}$/);

    const row = store.sqlite.prepare('SELECT * FROM customers WHERE id = ?').get(siti.id) as Record<string, unknown>;
    expect(row).toMatchObject({
      full_name: summary.pseudonym,
      nik: null,
      email: null,
      address: null,
      birth_date: null,
      notes: null,
      consent_marketing: 0,
    });
    expect(store.sqlite.prepare('SELECT sum(amount) FROM purchases').pluck().get()).toBe(totalBefore);
    expect(lookupCustomer(store, '0812-5555-0101')).toBeNull();
    expect(lookupCustomer(store, 'VIP555')).toBeNull();
    expect(searchCustomers(store, 'siti', 10)).toEqual([]);
    // Nothing identifying is left in any table, the audit trail's details and the change log's history included.
    const everything = storeTables(store)
      .flatMap((t) => store.sqlite.prepare(`SELECT * FROM "${t.name}"`).all())
      .map((r) => JSON.stringify(r))
      .join('\n');
    for (const identifier of [
      'Siti Rahayu',
      '6281255550101',
      '3273014506900002',
      'siti@contoh.id',
      'Jl. Braga 5',
      '1990-06-05',
      'Suka warna hijau',
      'Siti minta brosur',
      'VIP555',
    ]) {
      expect(everything, identifier).not.toContain(identifier);
    }
    expect(existsSync(exported.file)).toBe(false);
    expect(listAudit(store, { action: 'privacy.erase' })[0]).toMatchObject({
      staffName: 'Pak Budi',
      customerId: siti.id,
      details: { purchasesKept: 2 },
    });
    expect(dispatch(manager, 'privacy.eraseCustomer', { customerId: siti.id, confirmName: summary.pseudonym })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.customer_already_erased' },
    });
    expect(dispatch(clerk, 'privacy.consent', { customerId: siti.id, purpose: 'marketing_sms', granted: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});

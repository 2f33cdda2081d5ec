import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type RunningHarness } from '../../electron/web/harness';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import type { Store } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { TEST_PASSWORD, testStaff } from '../support/signedIn';
import { tempDir, tempStore } from '../support/tempStore';
import { withoutInvisibles } from '../../shared/text';

/**
 * The contract's bad-input suite, over HTTP through the web harness (the same dispatch Electron's IPC uses):
 * every malformed request gets a clear, typed error and leaves the store as it was.
 */
const harnesses: RunningHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function start(store: Store = tempStore()) {
  if (!store.outletId) useOutlet(store, ensureOutlet(store, 'BDG01'));
  const rendererDir = path.join(tempDir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Akrab</title>');
  const harness = await startHarness({ store, rendererDir });
  harnesses.push(harness);
  const raw = (name: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token, ...headers },
      body,
    });
  const call = async (name: string, input: unknown) =>
    (await raw(name, JSON.stringify(input))).json() as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; messageKey: string; field?: string; issues?: { field?: string }[] };
    }>;
  const signIn = async (role: 'admin' | 'clerk' = 'admin') => {
    const staff = testStaff(store, role, `Uji ${role}`);
    return call(
      'auth.signIn',
      role === 'admin' ? { staffId: staff.staffId, password: TEST_PASSWORD } : { staffId: staff.staffId, pin: '9999' },
    );
  };
  return { store, harness, raw, call, signIn };
}

/** Everything a bad request could have changed, apart from the audit trail (refusals are audited on purpose). */
function snapshot(store: Store): string {
  const tables = ['customers', 'phones', 'cards', 'purchases', 'staff', 'consents', 'interactions'];
  return tables.map((t) => `${t}:${JSON.stringify(store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all())}`).join('\n');
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/at .*\.(js|ts):\d+|node_modules|Error:/);

describe('bad input against the contract, over the web harness', () => {
  it('malformed JSON, an oversized body, an unknown call: clear errors, nothing written', async () => {
    const { store, raw, signIn } = await start();
    await signIn();
    const before = snapshot(store);
    for (const body of ['{"draft": ', '{draft: 1}', "{'a':1}", '[1,2', '\u0000']) {
      const response = await raw('customers.register', body);
      expect(response.status).toBe(400);
      const text = await response.text();
      noStackTrace(text);
      expect(JSON.parse(text)).toEqual({ ok: false, error: { code: 'validation', messageKey: 'error.bad_request' } });
    }
    const huge = await raw('customers.register', JSON.stringify({ draft: { ...aCustomer().build(), notes: 'x'.repeat(1_100_000) } }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ ok: false, error: { code: 'validation', messageKey: 'error.too_large' } });
    const unknown = await raw('customers.dropAll', '{}');
    expect(await unknown.json()).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'error.unknown_call' } });
    expect(snapshot(store)).toBe(before);
  });

  it.each([
    ['a number for a name', { fullName: 42 }, 'fullName'],
    ['an object for a phone', { phone: { e164: '+62' } }, 'phone'],
    ['an array for a card', { cardNo: ['VIP1'] }, 'cardNo'],
    ['a string for consent', { consentMarketing: 'ya' }, 'consentMarketing'],
    ['an amount that is no number', { amount: 'seribu' }, 'amount'],
    ['a negative amount', { amount: -5 }, 'amount'],
    ['a fractional amount', { amount: 10.5 }, 'amount'],
    ['an impossible date', { birthDate: '1990-13-45' }, 'birthDate'],
    ['a date in the wrong format', { birthDate: '17/08/1990' }, 'birthDate'],
    ['an unknown gender', { gender: 'X' }, 'gender'],
    ['an over-long name', { fullName: 'a'.repeat(121) }, 'fullName'],
    ['null for a required field', { fullName: null }, 'fullName'],
  ])('wrong types: %s is refused with the field named', async (_label, change, field) => {
    const { store, call, signIn } = await start();
    await signIn();
    const before = snapshot(store);
    const result = await call('customers.register', { draft: { ...aCustomer().build(), ...change } });
    expect(result.ok).toBe(false);
    expect(result.error!.code).toBe('validation');
    const fields = [result.error!.field, ...(result.error!.issues ?? []).map((i) => i.field)]
      .filter(Boolean)
      .map((f) => f!.split('.').at(-1));
    expect(fields).toContain(field);
    expect(snapshot(store)).toBe(before);
  });

  it('wrong shapes for every call are validation errors, never internal ones', async () => {
    const { call, signIn } = await start();
    await signIn();
    const { callNames } = await import('../../shared/callNames');
    const skip = new Set(['auth.signOut', 'auth.lock', 'app.seedDemo']);
    for (const name of callNames.filter((n) => !skip.has(n))) {
      for (const input of [[], 'text', 7, { customerId: 12, text: [], limit: 'all', query: {}, draft: 'x', patch: 1, purpose: null }]) {
        const result = await call(name, input);
        if (!result.ok) expect([name, result.error!.code]).not.toEqual([name, 'internal']);
      }
    }
  });

  const nasty = [
    `Robert'); DROP TABLE customers;--`,
    `' OR '1'='1`,
    `"; SELECT * FROM staff; --`,
    `100% _under_ \\back\\`,
    `Siti 👩‍👩‍👧 Rahayu 🇮🇩`,
    `مرحبا \u202Eabc\u202C`,
    `שלום עליכם`,
    `Si\u200Bti\uFEFF`,
    `Ni Made Ayu\u0301 Ṣ̌`,
    `<script>alert(1)</script>`,
    `\${7*7} {{7*7}}`,
  ];
  const registerFields = ['fullName', 'phone', 'cardNo', 'nik', 'email', 'address', 'city', 'notes', 'mainProduct', 'invoiceNo'] as const;
  const patchFields = ['fullName', 'nik', 'email', 'address', 'city', 'notes'] as const;

  it('SQL metacharacters and Unicode in every text field: stored as typed or refused with the field named; tables intact', async () => {
    const { store, call, signIn } = await start();
    await signIn();
    const existing = registerCustomer(store, aCustomer().named('Pelanggan Lama').build());
    let stored = 0;
    for (const value of nasty) {
      for (const field of registerFields) {
        const result = await call('customers.register', { draft: { ...aCustomer().build(), [field]: value } });
        if (result.ok) {
          stored++;
          const customer = result.value as Record<string, unknown> & { id: string };
          const read = (await call('customers.get', { customerId: customer.id })).value as Record<string, unknown>;
          // Names lose their invisible characters (zero-width, bidi overrides: issue 14); the rest is kept as typed.
          const expected = field === 'fullName' ? withoutInvisibles(value).trim() : value.trim();
          if (field in read) expect(read[field], `${field} ← ${value}`).toBe(expected);
        } else {
          expect(result.error!.code, `${field} ← ${value}`).toBe('validation');
        }
      }
      for (const field of patchFields) {
        const result = await call('customers.update', { customerId: existing.id, patch: { [field]: value } });
        if (result.ok)
          expect((result.value as Record<string, unknown>)[field], `patch ${field} ← ${value}`).toBe(
            field === 'fullName' ? withoutInvisibles(value).trim() : value.trim(),
          );
        else expect(result.error!.code, `patch ${field} ← ${value}`).toBe('validation');
      }
      // Searching with the same text finds nothing odd and breaks nothing.
      const search = await call('customers.search', { text: value.slice(0, 100) });
      expect(search.ok).toBe(true);
    }
    expect(stored).toBeGreaterThan(nasty.length * 4);
    expect(store.sqlite.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(store.sqlite.prepare('SELECT count(*) FROM staff').pluck().get()).toBeGreaterThan(0);
    expect((await call('customers.get', { customerId: existing.id })).ok).toBe(true);
  });

  it('NUL, other control characters and lone surrogates are refused in any field, naming it', async () => {
    const { store, call, raw, signIn } = await start();
    await signIn();
    const before = snapshot(store);
    for (const value of ['Siti\u0000Rahayu', 'Siti\u0007', 'Siti\u001b[31m', 'Siti\u007f']) {
      for (const field of registerFields) {
        expect(await call('customers.register', { draft: { ...aCustomer().build(), [field]: value } })).toEqual({
          ok: false,
          error: { code: 'validation', messageKey: 'error.text_invalid', field: `draft.${field}` },
        });
      }
    }
    const lone = await raw('customers.register', `{"draft":{"fullName":"Siti \\ud800","phone":"0812-1","cardNo":"VIP9"}}`);
    expect(await lone.json()).toEqual({
      ok: false,
      error: { code: 'validation', messageKey: 'error.text_invalid', field: 'draft.fullName' },
    });
    expect(snapshot(store)).toBe(before);
  });

  it('no token, a wrong token, the token of an earlier run, a signed-out or ended session: refused, nothing written', async () => {
    const store = tempStore();
    const first = await start(store);
    await first.harness.close();
    harnesses.splice(harnesses.indexOf(first.harness), 1);
    const { raw, call, signIn, harness } = await start(store);
    const before = snapshot(store);
    const body = JSON.stringify({ draft: aCustomer().build() });
    for (const headers of [
      { 'x-akrab-token': '' },
      { 'x-akrab-token': 'x'.repeat(32) },
      { 'x-akrab-token': first.harness.token },
      { 'x-akrab-token': harness.token.slice(0, -1) },
    ]) {
      const response = await raw('customers.register', body, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: { code: 'unauthorized', messageKey: 'error.unauthorized' } });
    }
    // The right token but nobody signed in: the contract's own refusal.
    expect(await call('customers.register', { draft: aCustomer().build() })).toEqual({
      ok: false,
      error: { code: 'unauthorized', messageKey: 'error.sign_in_required' },
    });
    await signIn('clerk');
    await call('auth.signOut', {});
    expect(await call('customers.register', { draft: aCustomer().build() })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.sign_in_required' },
    });
    // A session whose account was deactivated since (here or by sync) ends on the next call.
    await signIn('clerk');
    store.sqlite.prepare(`UPDATE staff SET active = 0 WHERE name = 'Uji clerk'`).run();
    expect(await call('customers.register', { draft: aCustomer().build() })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.sign_in_required' },
    });
    expect(await call('auth.signIn', { staffId: 'nobody', pin: '1234' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', messageKey: 'error.sign_in_failed' },
    });
    const beforeWithoutStaff = before.split('\n').filter((l) => !l.startsWith('staff:'));
    expect(
      snapshot(store)
        .split('\n')
        .filter((l) => !l.startsWith('staff:')),
    ).toEqual(beforeWithoutStaff);
  });
});

import Database from 'better-sqlite3';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from '../../db/connection';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints, pointsBalance, rebuildBalances, redeemPoints, setRule, verifyBalances } from '../../electron/core/loyalty';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempDir, tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

/** Two lots (one expiring in 2027-02, one in 2027-06), a redemption taking from the first, then its expiry. */
function storeWithLots() {
  let now = new Date('2026-02-01T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setRule(store, manager, aLoyaltyRule('2026-02-01').build());
  const customerId = registerCustomer(store, aCustomer().build()).id;
  addPurchase(store, { customerId, invoiceNo: 'INV-A', amount: 300_000, purchasedAt: '2026-02-01T03:00:00.000Z' });
  now = new Date('2026-06-01T03:00:00.000Z');
  addPurchase(store, { customerId, invoiceNo: 'INV-B', amount: 500_000, purchasedAt: '2026-06-01T03:00:00.000Z' });
  redeemPoints(store, { customerId, points: 10, online: true });
  return { store, customerId, at: (iso: string) => (now = new Date(iso)) };
}

const cacheRow = (store: Store, customerId: string) =>
  store.sqlite
    .prepare('SELECT balance, deficit, open_lots AS openLots, next_expiry AS nextExpiry FROM points_balances WHERE customer_id = ?')
    .get(customerId);

describe('the balance cache keeps what a replay of the ledger ends with', () => {
  it('holds the open lots soonest expiry first, follows the expiry pass without a replay, and agrees with a replay', () => {
    const { store, customerId, at } = storeWithLots();
    const lots = JSON.parse((cacheRow(store, customerId) as { openLots: string }).openLots) as [string, string, number][];
    expect(lots.map(([, expiresOn, remaining]) => [expiresOn, remaining])).toEqual([
      ['2027-02-01', 20],
      ['2027-06-01', 50],
    ]);
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 70, deficit: 0, nextExpiry: '2027-02-01' });
    at('2027-02-02T03:00:00.000Z');
    expect(pointsBalance(store, customerId)).toMatchObject({ balance: 70, available: 50 });
    expect(expirePoints(store)).toMatchObject({ events: 1, points: 20 });
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 50, nextExpiry: '2027-06-01' });
    expect(verifyBalances(store).mismatches).toEqual([]);
    expect(expirePoints(store).events).toBe(0);
  });

  it('verify names a cached lot state that differs from the replay although the sums agree; rebuild repairs it', () => {
    const { store, customerId } = storeWithLots();
    store.sqlite.prepare(`UPDATE points_balances SET open_lots = '[]', next_expiry = NULL WHERE customer_id = ?`).run(customerId);
    expect(verifyBalances(store).mismatches).toEqual([{ customerId, cached: 70, ledger: 70, lots: true }]);
    expect(verifyBalances(store, { sumsOnly: true }).mismatches).toEqual([]);
    rebuildBalances(store);
    expect(verifyBalances(store).mismatches).toEqual([]);
    expect(cacheRow(store, customerId)).toMatchObject({ balance: 70, nextExpiry: '2027-02-01' });
  });

  it('a row cached before the lots were (open_lots NULL, as migration 0023 leaves it) is replayed when read and by the expiry pass', () => {
    const { store, customerId, at } = storeWithLots();
    store.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL WHERE customer_id = ?').run(customerId);
    expect(pointsBalance(store, customerId)).toMatchObject({ balance: 70, available: 70 });
    store.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL WHERE customer_id = ?').run(customerId);
    at('2027-02-02T03:00:00.000Z');
    expect(expirePoints(store)).toMatchObject({ events: 1, points: 20 });
    expect(verifyBalances(store).mismatches).toEqual([]);
  });
});

/** The migrations as main had them before the balance state: up to 0022_customer_totals. */
function migrationsUpTo0022(): string {
  const folder = path.join(tempDir(), 'migrations');
  cpSync(defaultMigrationsFolder(), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const later = journal.entries.filter((e) => e.idx > 22);
  expect(later[0]?.tag).toBe('0023_loyalty_balance_state');
  for (const e of later) rmSync(path.join(folder, `${e.tag}.sql`));
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= 22) }));
  return folder;
}

function journalEntries(): { idx: number; tag: string; when: number }[] {
  return (
    JSON.parse(readFileSync(path.join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string; when: number }[];
    }
  ).entries;
}
const migrationCount = () => journalEntries().length;
const migrationWhen = (tag: string) => journalEntries().find((e) => e.tag === tag)!.when;

const shapeOf = (sqlite: Database.Database) => ({
  columns: sqlite.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('points_balances') ORDER BY name`).all(),
  indexes: sqlite.prepare(`SELECT name FROM pragma_index_list('points_balances') ORDER BY name`).pluck().all(),
});

describe('a store migrated from 0022 (before the balance state)', () => {
  it('gains the balance state by 0023; its cached rows (open_lots NULL) are replayed when read and by the expiry pass', () => {
    // A real 0022 store: what a device on main before this change holds.
    const genuine = tempStore({ migrationsFolder: migrationsUpTo0022() });
    const shape0022 = shapeOf(genuine.sqlite);
    expect(genuine.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(22);
    expect((shape0022.columns as { name: string }[]).map((c) => c.name)).not.toContain('open_lots');
    closeStore(genuine);
    const reopened = openStore(genuine.file);
    // 0023 and every later migration.
    expect(reopened.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(migrationCount());
    const shape0023 = shapeOf(reopened.sqlite);
    closeStore(reopened);

    // A store with lots, taken back to the 0022 shape (the same columns and indexes as the genuine one), reopened.
    const { store, customerId } = storeWithLots();
    expect(shapeOf(store.sqlite)).toEqual(shape0023);
    const before = store.sqlite.prepare('SELECT balance FROM points_balances WHERE customer_id = ?').get(customerId) as { balance: number };
    closeStore(store);
    const raw = new Database(store.file);
    raw.exec(`DROP INDEX points_balances_next_expiry_idx; DROP INDEX points_balances_over_expired_idx; DROP INDEX points_balances_uncached_idx;
      ALTER TABLE points_balances DROP COLUMN deficit; ALTER TABLE points_balances DROP COLUMN open_lots;
      ALTER TABLE points_balances DROP COLUMN next_expiry; ALTER TABLE points_balances DROP COLUMN over_expired;
      DELETE FROM __drizzle_migrations WHERE created_at >= ${migrationWhen('0023_loyalty_balance_state')};`);
    expect(shapeOf(raw)).toEqual(shape0022);
    raw.close();
    let now = new Date('2026-06-01T03:00:00.000Z');
    const migrated = openStore(store.file, { now: () => now });
    try {
      expect(shapeOf(migrated.sqlite)).toEqual(shape0023);
      expect(cacheRow(migrated, customerId)).toEqual({ ...before, deficit: 0, openLots: null, nextExpiry: null });
      expect(pointsBalance(migrated, customerId)).toMatchObject({ balance: 70, available: 70 });
      expect(cacheRow(migrated, customerId)).toMatchObject({ nextExpiry: '2027-02-01' });
      migrated.sqlite.prepare('UPDATE points_balances SET open_lots = NULL, next_expiry = NULL').run();
      now = new Date('2027-02-02T03:00:00.000Z');
      expect(expirePoints(migrated)).toMatchObject({ events: 1, points: 20 });
      expect(verifyBalances(migrated).mismatches).toEqual([]);
    } finally {
      closeStore(migrated);
    }
  });
});

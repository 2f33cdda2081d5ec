import { outlets } from '../../../db/schema';
import { AkrabError } from '../../../shared/errors';
import { newId } from '../ids';
import { writeSetting, type Store } from '../store/store';
import { transact } from '../store/writer';

export interface OutletRow {
  id: string;
  code: string;
  name: string;
  kind: 'store' | 'booth';
  time_zone: string;
}

export function outletByCode(store: Store, code: string): OutletRow | null {
  return (store.sqlite.prepare('SELECT id, code, name, kind, time_zone FROM outlets WHERE code = ? AND deleted_at IS NULL').get(code) as OutletRow | undefined) ?? null;
}

export function outletById(store: Store, id: string): OutletRow | null {
  return (store.sqlite.prepare('SELECT id, code, name, kind, time_zone FROM outlets WHERE id = ?').get(id) as OutletRow | undefined) ?? null;
}

/** Finds an outlet by its code, creating it (with the code as its name) when it does not exist yet. */
export function ensureOutlet(store: Store, code: string, details: { name?: string; kind?: 'store' | 'booth'; timeZone?: string } = {}): OutletRow {
  const normalized = code.trim().toUpperCase();
  if (!/^[A-Z0-9_-]{1,20}$/.test(normalized)) throw new AkrabError({ code: 'validation', field: 'outlet', messageKey: 'error.outlet_code_invalid' });
  const existing = outletByCode(store, normalized);
  if (existing) return existing;
  const id = newId();
  transact(store, (w) =>
    w.insert(outlets, { id, code: normalized, name: details.name ?? normalized, kind: details.kind ?? 'store', timeZone: details.timeZone ?? 'Asia/Jakarta' }),
  );
  return outletById(store, id)!;
}

/** Makes this device serve an outlet: new registrations and cards are issued there. */
export function useOutlet(store: Store, outlet: OutletRow): void {
  writeSetting(store.sqlite, 'outlet_id', outlet.id);
  store.outletId = outlet.id;
}

export function currentOutlet(store: Store): OutletRow | null {
  return store.outletId ? outletById(store, store.outletId) : null;
}

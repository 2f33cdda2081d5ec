import type { z } from 'zod';
import { careSettings, closedDays } from '../../../../db/schema/care';
import {
  closedDayInputSchema,
  followUpRulesSchema,
  openingHoursSchema,
  serviceLevelsSchema,
  type ClosedDay,
  type FollowUpRules,
  type OpeningHours,
  type ServiceLevels,
} from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { zoneOffsetMinutes } from '../../../../shared/time';
import { fieldIssues, validationFailure } from '../../customers/validateDraft';
import { outletById, type OutletRow } from '../../outlets/outlets';
import type { Store } from '../../store/store';
import { transact, type Writer } from '../../store/writer';
import { deterministicId } from '../deterministicId';
import type { BusinessCalendar } from '../serviceLevel/businessTime';
import { defaultFollowUpRules, defaultOpeningHours, defaultServiceLevels } from './defaults';
import { prepared } from '../careReads';

/** Per-outlet care settings: one JSON row per (outlet, key), defaults when absent. */

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationFailure(fieldIssues(parsed.error));
  return parsed.data;
}

export function requireOutlet(store: Store, outletId: string | null | undefined): OutletRow {
  const outlet = outletId ? outletById(store, outletId) : null;
  if (!outlet) throw new AkrabError({ code: 'validation', field: 'outlet', messageKey: 'error.outlet_not_set' });
  return outlet;
}

function settingId(outletId: string, key: string): string {
  return deterministicId(0, 'care_settings', outletId, key);
}

export function readSettingValue(store: Store, outletId: string, key: string): unknown {
  const raw = prepared(store, 'SELECT value FROM care_settings WHERE id = ? AND deleted_at IS NULL')
    .pluck()
    .get(settingId(outletId, key)) as string | undefined;
  return raw === undefined ? undefined : JSON.parse(raw);
}

/** Reads a setting; a stored value that no longer validates (written by another app version) falls back to the default. */
export function readSetting<S extends z.ZodType>(
  store: Store,
  outletId: string,
  key: string,
  schema: S,
  fallback: z.output<S>,
): z.output<S> {
  const value = readSettingValue(store, outletId, key);
  if (value === undefined) return fallback;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function writeSetting(store: Store, writer: Writer, outletId: string, key: string, value: unknown): void {
  const id = settingId(outletId, key);
  const json = JSON.stringify(value);
  const exists = prepared(store, 'SELECT 1 FROM care_settings WHERE id = ?').pluck().get(id);
  if (exists) writer.update(careSettings, id, { value: json });
  else writer.insert(careSettings, { id, outletId, key, value: json });
}

export function openingHours(store: Store, outletId: string): OpeningHours {
  return readSetting(store, outletId, 'hours', openingHoursSchema, defaultOpeningHours);
}

export function serviceLevels(store: Store, outletId: string): ServiceLevels {
  const stored = readSetting(store, outletId, 'sla', serviceLevelsSchema, {});
  // A partial table keeps the defaults for the cells it does not mention.
  const merged = structuredClone(defaultServiceLevels);
  for (const [category, bySeverity] of Object.entries(stored)) {
    for (const [severity, level] of Object.entries(bySeverity ?? {}))
      if (level) (merged as Record<string, Record<string, unknown>>)[category]![severity] = level;
  }
  return merged;
}

export function followUpRules(store: Store, outletId: string): FollowUpRules {
  return readSetting(store, outletId, 'rules', followUpRulesSchema, defaultFollowUpRules);
}

export function saveOpeningHours(store: Store, outletId: string, input: unknown): OpeningHours {
  const outlet = requireOutlet(store, outletId);
  const hours = parseOrThrow(openingHoursSchema, input);
  if (hours.every((d) => d === null))
    throw new AkrabError({ code: 'validation', field: 'openingHours', messageKey: 'error.outlet_never_open' });
  transact(store, (w) => writeSetting(store, w, outlet.id, 'hours', hours));
  return hours;
}

export function saveServiceLevels(store: Store, outletId: string, input: unknown): ServiceLevels {
  const outlet = requireOutlet(store, outletId);
  const levels = parseOrThrow(serviceLevelsSchema, input);
  transact(store, (w) => writeSetting(store, w, outlet.id, 'sla', levels));
  return serviceLevels(store, outlet.id);
}

export function saveFollowUpRules(store: Store, outletId: string, input: unknown): FollowUpRules {
  const outlet = requireOutlet(store, outletId);
  const rules = parseOrThrow(followUpRulesSchema, input);
  transact(store, (w) => writeSetting(store, w, outlet.id, 'rules', rules));
  return rules;
}

// ---- Closed days (public holidays and the outlet's own closed days) ----

function closedDayId(outletId: string | null, date: string): string {
  return deterministicId(Date.parse(`${date}T00:00:00Z`), 'closed_days', outletId ?? '*', date);
}

/** Closed days that apply to the outlet (its own and the chain-wide ones), in date order; inactive ones too when asked. */
export function listClosedDays(store: Store, outletId: string, options: { from?: string; includeInactive?: boolean } = {}): ClosedDay[] {
  const rows = store.sqlite
    .prepare(
      `SELECT id, date, name, outlet_id, active FROM closed_days
       WHERE (outlet_id = ? OR outlet_id IS NULL) AND deleted_at IS NULL AND date >= ? ${options.includeInactive ? '' : 'AND active = 1'} ORDER BY date, id`,
    )
    .all(outletId, options.from ?? '0000-00-00') as { id: string; date: string; name: string; outlet_id: string | null; active: number }[];
  return rows.map((r) => ({ id: r.id, date: r.date, name: r.name, allOutlets: r.outlet_id === null, active: r.active === 1 }));
}

/** Adds, renames or removes (active: false) closed days; the id comes from (outlet, date), so repeated saves edit one row. */
export function saveClosedDays(store: Store, outletId: string, input: unknown[]): ClosedDay[] {
  const outlet = requireOutlet(store, outletId);
  const days = input.map((d) => parseOrThrow(closedDayInputSchema, d));
  transact(store, (w) => {
    for (const day of days) {
      const owner = day.allOutlets ? null : outlet.id;
      const id = closedDayId(owner, day.date);
      const exists = prepared(store, 'SELECT 1 FROM closed_days WHERE id = ?').pluck().get(id);
      if (exists) w.update(closedDays, id, { name: day.name, active: day.active });
      else w.insert(closedDays, { id, outletId: owner, date: day.date, name: day.name, active: day.active });
    }
  });
  return listClosedDays(store, outlet.id, { includeInactive: true });
}

const offsets = new Map<string, number>();
/** Indonesia's zones have no daylight saving: one offset per zone, worked out once (Intl is slow to set up). */
function offsetOf(timeZone: string, at: Date): number {
  let offset = offsets.get(timeZone);
  if (offset === undefined) offsets.set(timeZone, (offset = zoneOffsetMinutes(at, timeZone)));
  return offset;
}

/** The outlet's service-level calendar: its opening hours, zone and closed days. */
export function businessCalendar(store: Store, outletId: string): BusinessCalendar {
  const outlet = requireOutlet(store, outletId);
  const closed = store.sqlite
    .prepare('SELECT date FROM closed_days WHERE (outlet_id = ? OR outlet_id IS NULL) AND active = 1 AND deleted_at IS NULL')
    .pluck()
    .all(outlet.id) as string[];
  return { offsetMinutes: offsetOf(outlet.time_zone, store.now()), hours: openingHours(store, outlet.id), closedDates: new Set(closed) };
}

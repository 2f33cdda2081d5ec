import { readFileSync } from 'node:fs';
import { segments } from '../../../db/schema/segments';
import { AkrabError } from '../../../shared/errors';
import {
  segmentCountSchema,
  segmentNodeSchema,
  segmentSaveSchema,
  type SavedSegment,
  type SegmentCount,
  type SegmentNode,
  type SegmentPreviewRow,
  type SegmentTierOption,
} from '../../../shared/segments';
import { deterministicId } from '../care/deterministicId';
import { parseOrThrow } from '../care/settings/careSettings';
import { listTierProgrammes, tiersOn } from '../loyalty/tiers/programme';
import { localDate, tableExists } from '../reports/scope';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { compileSegment, type SqlPart } from './compile';

const WIB_MINUTES = 7 * 60;

/** Today's calendar date for ages, birthdays and "last N days" (WIB: the chain's head office day). */
export function segmentToday(store: Store): string {
  return localDate(store.now(), WIB_MINUTES);
}

/** The tiers a segment may name, in words: the programme in force today, else the latest one set. */
export function segmentTierOptions(store: Store): SegmentTierOption[] {
  if (!tableExists(store, 'loyalty_tiers')) return [];
  const programme = tiersOn(store, segmentToday(store)) ?? listTierProgrammes(store).at(-1) ?? null;
  return (programme?.levels ?? []).map((l) => ({ code: l.code, name: l.name }));
}

/** The customers a condition tree selects: live, not merged into another. */
export function segmentWhere(store: Store, where: SegmentNode): SqlPart {
  const part = compileSegment(store, where, segmentToday(store));
  return { sql: `c.deleted_at IS NULL AND c.merged_into IS NULL AND ${part.sql}`, params: part.params };
}

/**
 * How many customers match, and the first few by name (the builder's live count and preview). The conditions are
 * evaluated once: the matching ids stream by, counted, while the first names alphabetically are kept.
 */
export function countSegment(store: Store, input: unknown): SegmentCount {
  const { where, preview } = parseOrThrow(segmentCountSchema, input);
  const started = performance.now();
  const part = segmentWhere(store, where);
  let count = 0;
  const first: [string, string][] = [];
  for (const row of store.sqlite.prepare(`SELECT c.name_search, c.id FROM customers c WHERE ${part.sql}`).raw().iterate(...part.params) as Iterable<[string, string]>) {
    count++;
    if (preview === 0) continue;
    if (first.length === preview && !before(row, first[preview - 1]!)) continue;
    let at = first.length;
    while (at > 0 && before(row, first[at - 1]!)) at--;
    first.splice(at, 0, row);
    if (first.length > preview) first.pop();
  }
  const details = store.sqlite.prepare(
    `SELECT c.id AS customerId, c.full_name AS fullName, c.city AS city,
            (SELECT card_no FROM cards WHERE customer_id = c.id AND status = 'active' AND deleted_at IS NULL ORDER BY issued_at LIMIT 1) AS cardNo,
            (SELECT code FROM outlets WHERE id = c.registered_outlet_id) AS homeOutletCode
       FROM customers c WHERE c.id = ?`,
  );
  const rows = first.map(([, id]) => details.get(id) as SegmentPreviewRow);
  return { count, preview: rows, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}

/** Name order, then id: the preview's order. */
function before(a: [string, string], b: [string, string]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** One id per name (case and spacing aside): two managers saving "Pembeli AC" offline edit the same segment. */
export function segmentId(name: string): string {
  return deterministicId(0, 'segment', name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** Saves (or replaces) a named segment; the conditions are checked and compiled first, so nothing invalid is stored. */
export function saveSegment(store: Store, input: unknown): SavedSegment {
  const { name, where } = parseOrThrow(segmentSaveSchema, input);
  segmentWhere(store, where); // unavailable fields and unknown tiers refuse here, before anything is written
  const id = segmentId(name);
  const definition = JSON.stringify(where);
  transact(store, (w) => {
    const existing = store.sqlite.prepare('SELECT deleted_at FROM segments WHERE id = ?').get(id) as { deleted_at: string | null } | undefined;
    if (existing) w.update(segments, id, { name, definition });
    else w.insert(segments, { id, name, definition });
  });
  return getSegment(store, id)!;
}

export function deleteSegment(store: Store, nameOrId: string): void {
  const segment = requireSegment(store, nameOrId);
  transact(store, (w) => w.remove(segments, segment.id));
}

interface SegmentRow {
  id: string;
  name: string;
  definition: string;
  updated_at: string;
  updated_by_staff: string | null;
}

function toSegment(row: SegmentRow): SavedSegment {
  return { id: row.id, name: row.name, where: JSON.parse(row.definition) as SegmentNode, updatedAt: row.updated_at, updatedBy: row.updated_by_staff };
}

export function getSegment(store: Store, id: string): SavedSegment | null {
  const row = store.sqlite.prepare('SELECT * FROM segments WHERE id = ? AND deleted_at IS NULL').get(id) as SegmentRow | undefined;
  return row ? toSegment(row) : null;
}

/** By id or by name. */
export function requireSegment(store: Store, nameOrId: string): SavedSegment {
  const segment = getSegment(store, nameOrId) ?? getSegment(store, segmentId(nameOrId));
  if (!segment) throw new AkrabError({ code: 'not_found', field: 'segment', messageKey: 'error.segment_not_found', params: { name: nameOrId } });
  return segment;
}

export function listSegments(store: Store): SavedSegment[] {
  return (store.sqlite.prepare('SELECT * FROM segments WHERE deleted_at IS NULL ORDER BY name').all() as SegmentRow[]).map(toSegment);
}

/** Reads a condition file (JSON); a file that is not JSON, or not a condition tree, gets its own error. */
export function readConditionFile(file: string): SegmentNode {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AkrabError({ code: 'validation', field: 'where', messageKey: missing ? 'error.file_not_found' : 'error.segment_file_malformed', params: { file } });
  }
  return parseOrThrow(segmentNodeSchema, raw);
}

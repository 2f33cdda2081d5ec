import { sql } from 'drizzle-orm';
import { roleRank, type Session } from '../../electron/core/auth/roles';
import { assertMayAssign, assertMayManage } from '../../electron/core/auth/staffAuthority';
import { AUTHORITY_KEYS_FIELD, verifyChangeSignature } from '../../electron/core/authority/signing';
import { AUDIT_STAMP_COLUMNS, needsSignature, writeRuleOf } from '../../electron/core/authority/writeRules';
import { parseStamp } from '../../electron/core/clock/hybridClock';
import { erasureMarkerOf, type ErasureMarker } from '../../electron/core/privacy/erasureMarker';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldKeys, heldRows } from '../storage/heldRows';
import { AuthorityView, type StaffState } from './authorityView';
import { CampaignWriteCheck } from './campaignWrites';
import { CardErasureCheck } from './cardErasures';
import { CardNumberCheck } from './cardNumbers';
import { CardStatusCheck } from './cardStatus';
import { CustomerMoveCheck } from './customerMoves';
import { CustomerOriginCheck } from './customerOrigin';
import { CustomerTombstoneCheck } from './customerTombstones';
import { LedgerCheck, type LedgerSigner } from './ledgerCheck';
import { MergeCheck, unmergesInPush } from './mergeCheck';
import { PhoneNumberCheck } from './phoneNumbers';
import { PROGRAMME_VERSION_TABLES, programmeVersionChangeAllowed } from './programmeVersions';
import { isWrittenOnce, WrittenOnceCheck } from './writtenOnce';

/** A stamp further ahead of the server's clock than this is refused: the device's clock is wrong. */
export const MAX_AHEAD_MS = 3 * 60 * 1000;

export interface PushingDevice {
  deviceId: string;
  outletCode: string;
}

export interface CheckedPush {
  /** Changes to store (new ones only), with server-only fields stripped. */
  accepted: OutgoingChange[];
  duplicates: number;
  /** With, for a change of a table devices compact, the server's values of the fields it wrote (revertRefused.ts). */
  refused: { id: number; reason: RefusalReason; held?: OutgoingChange['data'] }[];
  /** Authority keys carried by accepted changes that set a secret. */
  keys: { staffId: string; kind: string; key: string }[];
  /** Accepted erasures, with the manager who made each. */
  erasures: { marker: ErasureMarker; by: StaffState }[];
}

type Tx = Pick<ServerDrizzle, 'execute'>;
type Actor = { staff: StaffState; kind: 'pin' | 'password' };

/**
 * The server's judgement of a push, under the push lock: the same rules the core enforces on staff at a screen,
 * enforced on what a device sends (electron/core/authority/writeRules.ts). Each change is judged on its own and
 * in order, so a refused change never blocks the rest of the batch, and a change may rely on an earlier one of
 * the same batch (a new manager's first signed change). Changes already stored are duplicates, not judged again.
 */
export async function checkPush(tx: Tx, device: PushingDevice, batch: readonly OutgoingChange[], now = Date.now()): Promise<CheckedPush> {
  const result: CheckedPush = { accepted: [], duplicates: 0, refused: [], keys: [], erasures: [] };
  const stored = new Set(
    (
      await rows<{ hlc: string }>(
        tx,
        sql`SELECT hlc FROM changes WHERE device_id = ${device.deviceId}
            AND hlc IN (SELECT jsonb_array_elements_text(${JSON.stringify(batch.map((c) => c.hlc))}::jsonb))`,
      )
    ).map((r) => r.hlc),
  );
  const fresh = batch.filter((c) => !stored.has(c.hlc));
  result.duplicates = batch.length - fresh.length;

  // A card's status is a device table's column the server still judges by who signed it (cardStatus.ts).
  const needsView = fresh.some((c) => needsSignature(c.table, c.data));
  const view = needsView ? await AuthorityView.load(tx) : null;
  const auditRows = needsView ? await existingRows(tx, 'audit_log', fresh) : new Set<string>();
  const versionRows = new Set<string>();
  for (const table of PROGRAMME_VERSION_TABLES) for (const id of await existingRows(tx, table, fresh)) versionRows.add(`${table}:${id}`);
  const ledger = await LedgerCheck.load(tx, fresh, device.deviceId);
  const merges = await MergeCheck.load(tx, fresh);
  const managerSigned = (change: OutgoingChange): boolean => {
    const actor = view ? actorOf(change, device, view) : null;
    return actor !== null && isManagerFor(actor, device, view!);
  };
  const cardErasures = await CardErasureCheck.load(tx, fresh, device.deviceId, managerSigned);
  const cardStatus = view ? await CardStatusCheck.load(tx, fresh, managerSigned) : null;
  const unmerges = view ? unmergesInPush(fresh, managerSigned) : new Map<string, string[]>();
  const held = await heldKeys(
    tx,
    fresh.filter(
      (c) => c.table === 'customers' || c.table === 'cards' || c.table === 'phones' || isWrittenOnce(c.table) || ('customer_id' in c.data && c.op === 'upsert'),
    ),
  );
  const tombstones = await CustomerTombstoneCheck.load(tx, fresh, unmerges, held);
  const cardNumbers = await CardNumberCheck.load(tx, fresh, unmerges, held, device.deviceId);
  const moves = await CustomerMoveCheck.load(tx, fresh, unmerges, held);
  const writtenOnce = await WrittenOnceCheck.load(tx, fresh, held);
  const phoneNumbers = await PhoneNumberCheck.load(tx, fresh, held);
  const customerOrigins = await CustomerOriginCheck.load(tx, fresh, held);
  const campaignWrites = fresh.some((c) => c.table === 'campaign_contacts' || c.table === 'campaign_targets') ? await CampaignWriteCheck.load(tx, fresh) : null;

  let clockWrong = false;
  for (const change of fresh) {
    if (clockWrong || (await aheadOfServer(tx, change, now))) {
      // Every later change of this device is stamped later still: all of them wait for a right clock.
      clockWrong = true;
      result.refused.push({ id: change.id, reason: 'clock_ahead' });
      continue;
    }
    const reason =
      cardErasures?.judge(change, () => managerSigned(change)) ??
      (view
        ? (judge(change, device, view, auditRows, result, campaignWrites) ??
          merges?.judge(change, device.deviceId) ??
          judgeProgrammeVersion(change, versionRows) ??
          ledger.judge(change, ledgerSigner(change, device, view)) ??
          judgeCampaignContact(change, device, view, campaignWrites) ??
          cardStatus?.judge(change, () => managerSigned(change)))
        : null) ??
      tombstones?.judge(change) ??
      cardNumbers?.judge(change) ??
      moves?.judge(change) ??
      writtenOnce?.judge(change) ??
      phoneNumbers?.judge(change) ??
      customerOrigins?.judge(change) ??
      null;
    if (reason) result.refused.push({ id: change.id, reason });
    else {
      result.accepted.push(stripServerOnly(change, view, result));
      campaignWrites?.accepted(change);
      cardErasures?.accepted(change);
      ledger.accepted(change);
      merges?.accepted(change);
      cardStatus?.accepted(change);
      tombstones?.accepted(change);
      cardNumbers?.accepted(change);
      moves?.accepted(change);
      phoneNumbers?.accepted(change);
    }
  }
  await attachHeldValues(tx, fresh, result.refused);
  return result;
}

/**
 * A device compacts its acknowledged changes of `device` tables (logCompaction.ts `isCompactable`): the values a
 * refused change of such a table overwrote are no longer in its log, so the refusal carries the server's, which
 * revertRefused.ts puts back.
 */
async function attachHeldValues(tx: Tx, fresh: readonly OutgoingChange[], refused: CheckedPush['refused']): Promise<void> {
  const byId = new Map(fresh.map((c) => [c.id, c]));
  const wanted = new Map<string, Set<string>>();
  const toFill = refused.flatMap((r) => {
    const change = byId.get(r.id);
    if (!change || r.reason === 'clock_ahead' || writeRuleOf(change.table) !== 'device') return [];
    wanted.set(change.table, (wanted.get(change.table) ?? new Set()).add(change.rowId));
    return [{ refusal: r, change }];
  });
  const held = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [table, ids] of wanted) held.set(table, await heldRows(tx, table, ids));
  for (const { refusal, change } of toFill) {
    const row = held.get(change.table)?.get(change.rowId);
    if (!row) continue;
    const values = Object.keys(change.data).filter((c) => c in row);
    if (values.length > 0) refusal.held = Object.fromEntries(values.map((c) => [c, row[c] as OutgoingChange['data'][string]]));
  }
}

function judge(
  change: OutgoingChange,
  device: PushingDevice,
  view: AuthorityView,
  auditRows: Set<string>,
  out: CheckedPush,
  campaignWrites: CampaignWriteCheck | null,
): RefusalReason | null {
  const rule = writeRuleOf(change.table);
  if (rule === 'device' || rule === 'ledger' || rule === 'campaign_contact') return null;
  const actor = actorOf(change, device, view);
  const managerHere = actor !== null && isManagerFor(actor, device, view);
  if (rule === 'manager_signed')
    return managerHere || campaignWrites?.scheduledTarget(change, device, view) ? null : 'authority_required';
  if (rule === 'append_only') {
    if (change.op === 'delete' || auditRows.has(change.rowId)) return managerHere && isPrivacyScrub(change) ? null : 'audit_append_only';
    if (change.data.created_by_device !== device.deviceId) return 'audit_foreign_device';
    const marker = erasureMarkerOf({ ...change, deviceId: device.deviceId });
    if (marker) {
      if (!managerHere) return 'erasure_not_permitted';
      out.erasures.push({ marker, by: actor.staff });
    }
    auditRows.add(change.rowId);
    return null;
  }
  return mayWriteStaff(actor, change, view) ? null : 'staff_not_permitted';
}

/** A points rule or tier version is added, or the open one ended; never rewritten or deleted (programmeVersions.ts). */
function judgeProgrammeVersion(change: OutgoingChange, versionRows: Set<string>): RefusalReason | null {
  if (!PROGRAMME_VERSION_TABLES.has(change.table)) return null;
  const key = `${change.table}:${change.rowId}`;
  if (!programmeVersionChangeAllowed(change, versionRows.has(key))) return 'programme_version_immutable';
  versionRows.add(key);
  return null;
}

function judgeCampaignContact(
  change: OutgoingChange,
  device: PushingDevice,
  view: AuthorityView,
  check: CampaignWriteCheck | null,
): RefusalReason | null {
  if (writeRuleOf(change.table) !== 'campaign_contact') return null;
  if (!check) return 'campaign_contact_invalid';
  const actor = actorOf(change, device, view);
  return check.judge(change, { device, view, actor, managerHere: actor !== null && isManagerFor(actor, device, view) });
}

/**
 * Who signed a ledger event, for its rules (an adjustment's or a transfer's manager, the staff an event names). A
 * signature of staff since deactivated still says whose session wrote the event (written offline before, pushed
 * after), though it gives no authority.
 */
function ledgerSigner(change: OutgoingChange, device: PushingDevice, view: AuthorityView): LedgerSigner | null {
  if (writeRuleOf(change.table) !== 'ledger') return null;
  const signer = signerOf(change, device, view);
  if (!signer) return null;
  const inService = signer.staff.active && !signer.staff.deleted;
  return { staffId: signer.staff.id, name: signer.staff.name, manager: inService && isManagerFor(signer, device, view) };
}

/** The staff member whose authority key signed this change, when the signature holds and the account is in service. */
function actorOf(change: OutgoingChange, device: PushingDevice, view: AuthorityView): Actor | null {
  const signer = signerOf(change, device, view);
  return signer && signer.staff.active && !signer.staff.deleted ? signer : null;
}

/** The staff member whose authority key signed this change, when the signature holds. */
function signerOf(change: OutgoingChange, device: PushingDevice, view: AuthorityView): Actor | null {
  const author = change.author;
  if (!author) return null;
  const key = view.key(author.staffId, author.kind);
  const staff = view.staffMember(author.staffId);
  if (!key || !staff) return null;
  const signed = { deviceId: device.deviceId, hlc: change.hlc, table: change.table, rowId: change.rowId, op: change.op, data: change.data };
  return verifyChangeSignature(key, signed, author.signature) ? { staff, kind: author.kind } : null;
}

/** A manager of the pushing device's outlet, or an admin, signed in with the password (as manager calls need). */
function isManagerFor(actor: Actor, device: PushingDevice, view: AuthorityView): boolean {
  if (actor.kind !== 'password' || roleRank[actor.staff.role] < roleRank.manager) return false;
  return actor.staff.role === 'admin' || view.outletCode(actor.staff.outletId) === device.outletCode;
}

/** What an erasure does to earlier audit entries of the customer: empties their details, nothing else. */
function isPrivacyScrub(change: OutgoingChange): boolean {
  if (change.op !== 'upsert' || change.data.details !== null) return false;
  return Object.keys(change.data).every((c) => c === 'details' || AUDIT_STAMP_COLUMNS.has(c));
}

const OWN_SECRET_COLUMNS = new Set(['pin_hash', 'password_hash', AUTHORITY_KEYS_FIELD]);

/** staffAuthority.ts, applied to what the server knows: who may create, re-role, deactivate or reset whom. */
function mayWriteStaff(actor: Actor | null, change: OutgoingChange, view: AuthorityView): boolean {
  if (!actor) return false;
  const target = view.staffMember(change.rowId);
  const { data } = change;
  const changed = Object.keys(data).filter((c) => !AUDIT_STAMP_COLUMNS.has(c));
  const session = view.sessionOf(actor.staff);
  if (target && target.id === actor.staff.id) return changed.every((c) => OWN_SECRET_COLUMNS.has(c));
  if (actor.kind !== 'password') return false;
  return allowed(() => {
    if (target) assertMayManage(session, target);
    const role = typeof data.role === 'string' ? data.role : target?.role;
    const outletId = 'outlet_id' in data ? ((data.outlet_id as string | null) ?? null) : (target?.outletId ?? null);
    if (!target || 'role' in data || 'outlet_id' in data) assertMayAssign(session, role as Session['role'], outletId);
  });
}

function allowed(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** Takes the authority keys out of an accepted change that sets a secret: the server keeps them, nobody else. */
function stripServerOnly(change: OutgoingChange, view: AuthorityView | null, out: CheckedPush): OutgoingChange {
  if (change.table === 'staff') view?.applyStaff(change.rowId, change.data);
  const carried = change.data[AUTHORITY_KEYS_FIELD];
  if (carried === undefined) return change;
  const { [AUTHORITY_KEYS_FIELD]: _dropped, ...data } = change.data;
  if (change.table === 'staff' && typeof carried === 'string') {
    for (const [kind, key] of Object.entries(parseKeys(carried))) {
      out.keys.push({ staffId: change.rowId, kind, key });
      view?.setKey(change.rowId, kind, key);
    }
  }
  return { ...change, data };
}

function parseKeys(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (e): e is [string, string] =>
          (e[0] === 'pin' || e[0] === 'password') && typeof e[1] === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(e[1]),
      ),
    );
  } catch {
    return {};
  }
}

/**
 * A stamp ahead of the server's clock by more than the allowance. One exception: a write that only steps over a
 * stamp the server already holds for the same row (HybridClock.tickAbove after a bad stamp got in) adds no new
 * future time, and refusing it would leave that row split for ever.
 */
async function aheadOfServer(tx: Tx, change: OutgoingChange, now: number): Promise<boolean> {
  const millis = parseStamp(change.hlc).millis;
  if (millis - now <= MAX_AHEAD_MS) return false;
  const [newest] = await rows<{ hlc: string | null }>(
    tx,
    sql`SELECT max(hlc COLLATE "C") AS hlc FROM changes WHERE table_name = ${change.table} AND row_id = ${change.rowId}`,
  );
  return !newest?.hlc || parseStamp(newest.hlc).millis < millis;
}

async function existingRows(tx: Tx, table: string, batch: readonly OutgoingChange[]): Promise<Set<string>> {
  const ids = [...new Set(batch.filter((c) => c.table === table).map((c) => c.rowId))];
  if (ids.length === 0) return new Set();
  // The folded rows too: retention prunes the log's changes of rows the server still holds (retention.ts).
  const wanted = sql`row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
  const found = await rows<{ row_id: string }>(
    tx,
    sql`SELECT row_id FROM changes WHERE table_name = ${table} AND ${wanted}
        UNION SELECT row_id FROM row_fields WHERE table_name = ${table} AND ${wanted}`,
  );
  return new Set(found.map((r) => r.row_id));
}

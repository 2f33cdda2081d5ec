import { normalizeCardNo } from '../../../shared/card';
import { normalizePhone } from '../../../shared/phone';
import type { CustomerDraftInput } from '../../../shared/schemas';
import type { DuplicateCandidate, DuplicateEvidence } from '../../../shared/types';
import { readSetting, writeSetting, type Store } from '../store/store';
import { C, COMPARISONS, COMPARISON_COUNT, compareRecords, levelOf } from './comparisons';
import { CLASS_COUNT, classLogLikelihoods, levelWeights, oddsOfClasses, type LatentClassModel } from './latentClassEm';
import { nameFrequencyRatio } from './pipeline';
import { prepareRecord, type DedupRecord, type PreparedRecord } from './record';
import { confidenceOf, nameAgreeWeight, scorePair, type Evidence } from './scoring';

/**
 * The at-entry duplicate check of the registration form: candidates come from indexed lookups only
 * (card, phone, NIK, email, birth date, and the name/address keys in dedup_keys), so it stays within a
 * few milliseconds on a million customers. Each is scored with the model the last scan of this store
 * learned (latentClassEm.ts), the draft taken as registered here and now; a store never scanned falls
 * back to the fixed weights of scoring.ts.
 */

// ---- dedup_keys: name and address keys per customer ---------------------------------------------------

const WATERMARK = 'dedup_keys_seq';

/** The at-entry lookup keys of one customer: order-free name keys and the address key. */
export function entryKeys(r: PreparedRecord): string[] {
  const keys = new Set<string>();
  if (r.nameSortedKey) keys.add(`s:${r.nameSortedKey}`);
  for (const k of r.namePartialKeys) keys.add(`s:${k}`);
  const loose = r.addressKeys[r.addressKeys.length - 1];
  if (loose) keys.add(`a:${loose}`);
  return [...keys];
}

const CUSTOMER_COLUMNS = `c.id, c.full_name, c.nik, c.email, c.birth_date, c.gender, c.address, c.city, c.registered_outlet_id, c.created_at, c.deleted_at, c.merged_into,
  (SELECT group_concat(p.e164, ' ') FROM phones p WHERE p.customer_id = c.id AND p.deleted_at IS NULL) AS phones,
  (SELECT group_concat(k.card_no, ' ') FROM cards k WHERE k.customer_id = c.id AND k.deleted_at IS NULL) AS cards`;

type CustomerRow = Record<string, string | null>;

function toRecord(row: CustomerRow): DedupRecord {
  return {
    id: row.id!,
    fullName: row.full_name ?? '',
    nik: row.nik,
    email: row.email,
    birthDate: row.birth_date,
    gender: row.gender as 'M' | 'F' | null,
    address: row.address,
    city: row.city,
    outletId: row.registered_outlet_id,
    registeredAt: row.created_at,
    phones: row.phones ? row.phones.split(' ') : [],
    cardNos: row.cards ? row.cards.split(' ') : [],
  };
}

/**
 * Marks dedup_keys as out of date with no way to catch up from the change log (customers inserted without log
 * entries: the bootstrap's bulk apply): the next refresh rebuilds them.
 */
export function markDedupKeysStale(sqlite: Store["sqlite"]): void {
  sqlite.prepare('DELETE FROM settings WHERE key = ?').run(WATERMARK);
}

/** Rebuilds dedup_keys for every customer (first use on an existing store, or after a bulk import). */
export function rebuildDedupKeys(store: Store): number {
  const s = store.sqlite;
  const maxSeq = (s.prepare(`SELECT coalesce(max(seq), 0) FROM changes`).pluck().get() as number) ?? 0;
  const insert = s.prepare(`INSERT OR IGNORE INTO dedup_keys (key, customer_id) VALUES (?, ?)`);
  let n = 0;
  // Read in rowid chunks: better-sqlite3 cannot write while a query on the same connection is open.
  const chunk = s
    .prepare(
      `SELECT rowid, id, full_name, address FROM customers WHERE rowid > ? AND deleted_at IS NULL AND merged_into IS NULL ORDER BY rowid LIMIT 20000`,
    )
    .raw();
  s.transaction(() => {
    s.exec(`DELETE FROM dedup_keys`);
    for (let after = 0; ;) {
      const rows = chunk.all(after) as [number, string, string, string | null][];
      if (rows.length === 0) break;
      for (const [, id, fullName, address] of rows) {
        for (const key of entryKeys(prepareRecord({ id, fullName, address }, 0))) insert.run(key, id);
        n++;
      }
      after = rows[rows.length - 1]![0];
    }
    writeSetting(s, WATERMARK, String(maxSeq));
  }).immediate();
  return n;
}

/**
 * Brings dedup_keys up to date with the change log (local writes and changes synced from other devices
 * alike): the customers written since the watermark get their keys recomputed. When the backlog is
 * larger than `maxBacklog` (a store never indexed, a big import) it rebuilds everything instead, unless
 * `rebuild` is false, in which case the keys stay stale and only the indexed columns answer.
 */
export function refreshDedupKeys(
  store: Store,
  options: { maxBacklog?: number; rebuild?: boolean } = {},
): 'fresh' | 'updated' | 'rebuilt' | 'stale' {
  const s = store.sqlite;
  const mark = readSetting(s, WATERMARK);
  const maxSeq = (s.prepare(`SELECT coalesce(max(seq), 0) FROM changes`).pluck().get() as number) ?? 0;
  const from = mark === null ? -1 : Number(mark);
  if (from === maxSeq) return 'fresh';
  const backlog = from < 0 ? Infinity : maxSeq - from;
  if (backlog > (options.maxBacklog ?? 5000)) {
    if (options.rebuild === false) return 'stale';
    rebuildDedupKeys(store);
    return 'rebuilt';
  }
  const ids = s.prepare(`SELECT DISTINCT row_id FROM changes WHERE seq > ? AND table_name = 'customers'`).pluck().all(from) as string[];
  const read = s.prepare(`SELECT id, full_name, address, deleted_at, merged_into FROM customers WHERE id = ?`);
  const drop = s.prepare(`DELETE FROM dedup_keys WHERE customer_id = ?`);
  const insert = s.prepare(`INSERT OR IGNORE INTO dedup_keys (key, customer_id) VALUES (?, ?)`);
  s.transaction(() => {
    for (const id of ids) {
      drop.run(id);
      const row = read.get(id) as CustomerRow | undefined;
      if (!row || row.deleted_at || row.merged_into) continue;
      for (const key of entryKeys(prepareRecord({ id, fullName: row.full_name ?? '', address: row.address }, 0))) insert.run(key, id);
    }
    writeSetting(s, WATERMARK, String(maxSeq));
  }).immediate();
  return 'updated';
}

// ---- the check ---------------------------------------------------------------------------------------

const PER_SOURCE_LIMIT = 300;
/** Name and address keys of common names hold hundreds of customers; the first ones are enough to show. */
const PER_KEY_LIMIT = 80;
/** Below this probability a candidate found only through its name, birth date or address is not shown. */
const SHOW_PROBABILITY = confidenceOf(6);

const EVIDENCE_KINDS: ReadonlySet<string> = new Set(['phone', 'nik', 'email', 'name', 'birth_date', 'address']);

function supporting(evidence: readonly Evidence[]): DuplicateEvidence[] {
  return evidence.filter((e) => EVIDENCE_KINDS.has(e.kind) && e.weight > 0).map((e) => e.kind as DuplicateEvidence);
}

/**
 * Existing customers who may be the person of a registration draft, best first, each with a score in
 * [0, 1] and its evidence. Anyone sharing the card, phone, NIK or email is always shown (a household
 * phone is worth seeing at the counter); others only when the evidence model finds them likely.
 */
export function findAtEntry(store: Store, draft: Partial<CustomerDraftInput>, limit = 10): DuplicateCandidate[] {
  const s = store.sqlite;
  refreshDedupKeys(store, { rebuild: false });
  const phone = draft.phone ? normalizePhone(draft.phone) : null;
  const nik = draft.nik?.replace(/[\s.-]+/g, '') ?? '';
  const email = draft.email?.trim().toLowerCase() ?? '';
  const card = draft.cardNo ? normalizeCardNo(draft.cardNo) : '';
  const probe = prepareRecord(
    {
      id: '',
      fullName: draft.fullName ?? '',
      nik: nik || null,
      email: email || null,
      phones: phone ? [phone.e164] : [],
      birthDate: draft.birthDate ?? null,
      gender: draft.gender ?? null,
      address: draft.address ?? null,
      city: draft.city ?? null,
      // The draft is being registered here and now: that is its registration context.
      registeredAt: store.now().toISOString(),
      outletId: store.outletId ?? null,
    },
    0,
  );

  const strong = new Map<string, Set<DuplicateEvidence>>();
  const ids = new Set<string>();
  const addIds = (found: unknown[], kind?: DuplicateEvidence) => {
    for (const id of found as string[]) {
      ids.add(id);
      if (kind) {
        if (!strong.has(id)) strong.set(id, new Set());
        strong.get(id)!.add(kind);
      }
    }
  };
  if (card) addIds(s.prepare(`SELECT customer_id FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck().all(card), 'card');
  if (phone)
    addIds(
      s.prepare(`SELECT customer_id FROM phones WHERE e164 = ? AND deleted_at IS NULL LIMIT ${PER_SOURCE_LIMIT}`).pluck().all(phone.e164),
      'phone',
    );
  if (nik.length >= 6)
    addIds(s.prepare(`SELECT id FROM customers WHERE nik = ? AND deleted_at IS NULL LIMIT ${PER_SOURCE_LIMIT}`).pluck().all(nik), 'nik');
  if (email)
    addIds(
      s
        .prepare(`SELECT id FROM customers WHERE email IN (?, ?) AND deleted_at IS NULL LIMIT ${PER_SOURCE_LIMIT}`)
        .pluck()
        .all(email, draft.email!.trim()),
      'email',
    );
  if (probe.dob)
    addIds(
      s
        .prepare(`SELECT id FROM customers WHERE birth_date = ? AND deleted_at IS NULL LIMIT ${PER_SOURCE_LIMIT}`)
        .pluck()
        .all(draft.birthDate),
    );
  const byKey = s.prepare(`SELECT customer_id FROM dedup_keys WHERE key = ? LIMIT ${PER_KEY_LIMIT}`).pluck();
  const keyCount = s.prepare(`SELECT count(*) FROM (SELECT 1 FROM dedup_keys WHERE key = ? LIMIT 5000)`).pluck();
  let nameCount = 1;
  for (const key of entryKeys(probe)) {
    const found = byKey.all(key);
    if (key === `s:${probe.nameSortedKey}`) nameCount = Math.max(1, keyCount.get(key) as number);
    addIds(found);
  }
  if (ids.size === 0) return [];

  const total = Math.max(1, s.prepare(`SELECT max(rowid) FROM customers`).pluck().get() as number);
  const learned = learnedModel(store);
  const score = learned ? learnedScorer(store, learned, probe, phone?.e164 ?? null, nameCount, total) : fixedScorer(probe, nameAgreeWeight(nameCount, total));
  const read = s.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ?`);
  const candidates: DuplicateCandidate[] = [];
  for (const id of ids) {
    const row = read.get(id) as CustomerRow | undefined;
    if (!row || row.deleted_at || row.merged_into) continue;
    const record = toRecord(row);
    const { probability, evidence } = score(prepareRecord(record, 1));
    const kinds = new Set<DuplicateEvidence>([...(strong.get(id) ?? []), ...evidence]);
    if (!strong.has(id) && probability < SHOW_PROBABILITY) continue;
    candidates.push({
      customerId: id,
      fullName: row.full_name ?? '',
      city: row.city ?? null,
      phones: record.phones as string[],
      cardNos: record.cardNos as string[],
      score: kinds.has('card') ? 1 : probability,
      evidence: [...kinds],
    });
  }
  return candidates.sort((a, b) => b.score - a.score || a.customerId.localeCompare(b.customerId)).slice(0, limit);
}

type EntryScorer = (candidate: PreparedRecord) => { probability: number; evidence: DuplicateEvidence[] };

function fixedScorer(probe: PreparedRecord, nameWeight: number): EntryScorer {
  return (candidate) => {
    const score = scorePair(probe, candidate, nameWeight, true);
    return { probability: confidenceOf(score.total), evidence: supporting(score.evidence) };
  };
}

interface LearnedModel {
  runId: string;
  model: LatentClassModel;
  averageNameShare: number;
  weights: number[][];
}

const learnedModels = new WeakMap<Store, LearnedModel>();

/** The model of the store's last scan (read once per scan), or null before the first scan. */
function learnedModel(store: Store): LearnedModel | null {
  // Only the id on every check; the run's stats (the model, kilobytes of JSON) once per scan.
  const runId = store.sqlite.prepare(`SELECT id FROM dedup_runs ORDER BY started_at DESC, rowid DESC LIMIT 1`).pluck().get() as string | undefined;
  if (!runId) return null;
  const cached = learnedModels.get(store);
  if (cached?.runId === runId) return cached;
  const json = store.sqlite.prepare(`SELECT stats FROM dedup_runs WHERE id = ?`).pluck().get(runId) as string;
  const stats = JSON.parse(json) as { model?: LatentClassModel; averageNameShare?: number };
  // A scan from before the learned model, or with a comparison set of another shape: not usable.
  if (!stats.model || stats.model.theta[0]?.length !== COMPARISON_COUNT || stats.model.theta[0].some((t, k) => t.length !== COMPARISONS[k]!.levels.length))
    return null;
  const learned = { runId, model: stats.model, averageNameShare: stats.averageNameShare ?? 1, weights: levelWeights(stats.model) };
  learnedModels.set(store, learned);
  return learned;
}

/** Comparisons shown as evidence at the counter, and their kind. */
const SHOWN: readonly [number, DuplicateEvidence][] = [
  [C.nik, 'nik'],
  [C.phone, 'phone'],
  [C.email, 'email'],
  [C.name, 'name'],
  [C.dob, 'birth_date'],
  [C.address, 'address'],
];

function learnedScorer(store: Store, learned: LearnedModel, probe: PreparedRecord, phone: string | null, nameCount: number, total: number): EntryScorer {
  const s = store.sqlite;
  // How many cards carry the number and share the home once this one is saved, as the scan counts them.
  const onPhone = phone ? 1 + (s.prepare(`SELECT count(*) FROM phones WHERE e164 = ? AND deleted_at IS NULL`).pluck().get(phone) as number) : 0;
  const loose = probe.addressKeys[probe.addressKeys.length - 1];
  const atHome = loose ? 1 + (s.prepare(`SELECT count(*) FROM dedup_keys WHERE key = ?`).pluck().get(`a:${loose}`) as number) : 0;
  probe.phoneShares = probe.phones.map(() => onPhone);
  probe.dwellingShares = atHome;
  const shift = -Math.log(nameFrequencyRatio(nameCount / total, learned.averageNameShare));
  const levels = new Uint8Array(COMPARISON_COUNT);
  const ll = new Float64Array(CLASS_COUNT);
  return (candidate) => {
    candidate.phoneShares = candidate.phones.map((p) => (p === phone ? onPhone : 2));
    candidate.dwellingShares = atHome;
    const code = compareRecords(probe, candidate, levels);
    classLogLikelihoods(learned.model, code, ll);
    const { odds } = oddsOfClasses(ll, levelOf(code, C.name) === 1 ? shift : 0);
    const evidence: DuplicateEvidence[] = [];
    for (const [k, kind] of SHOWN) {
      const name: string = COMPARISONS[k]!.levels[levels[k]!]!;
      if (/^(same|similar|typo|one digit off)/.test(name) && learned.weights[k]![levels[k]!]! > 0) evidence.push(kind);
    }
    return { probability: 1 / (1 + Math.pow(2, -odds)), evidence };
  };
}

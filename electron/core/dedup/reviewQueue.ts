import { AkrabError } from '../../../shared/errors';
import type { DedupClusterDetail, DedupClusterKind, DedupClusterSummary, DedupMember } from '../../../shared/types';
import type { Store } from '../store/store';
import { mergeCustomers, type MergeSummary } from './merge';

/**
 * The review queue reads the latest scan's clusters (local tables) and the live customers they name.
 * Sorted by confidence, then size: the surest and biggest first.
 */
export function listClusters(
  store: Store,
  options: {
    kind?: DedupClusterKind | 'all';
    status?: 'open' | 'merged' | 'rejected' | 'cards_blocked' | 'all';
    minConfidence?: number;
    offset?: number;
    limit?: number;
  } = {},
): DedupClusterSummary[] {
  const where = ['1 = 1'];
  const params: (string | number)[] = [];
  const condition = (sql: string, value: string | number) => {
    where.push(sql);
    params.push(value);
  };
  if (options.kind && options.kind !== 'all') condition('c.kind = ?', options.kind);
  else where.push(`c.kind != 'household'`);
  if ((options.status ?? 'open') !== 'all') condition('c.status = ?', options.status ?? 'open');
  if (options.minConfidence !== undefined) condition('c.confidence >= ?', options.minConfidence);
  const rows = store.sqlite
    .prepare(
      `SELECT c.id, c.kind, c.confidence, c.size, c.card_count, c.status,
         (SELECT group_concat(full_name, '|') FROM (SELECT x.full_name FROM dedup_cluster_members m JOIN customers x ON x.id = m.customer_id WHERE m.cluster_id = c.id LIMIT 4)) AS names
       FROM dedup_clusters c WHERE ${where.join(' AND ')}
       ORDER BY c.confidence DESC, c.size DESC, c.id LIMIT ? OFFSET ?`,
    )
    .all(...params, options.limit ?? 50, options.offset ?? 0) as Record<string, string | number | null>[];
  return rows.map((r) => ({
    id: r.id as string,
    kind: r.kind as DedupClusterKind,
    confidence: r.confidence as number,
    size: r.size as number,
    cardCount: r.card_count as number,
    status: r.status as DedupClusterSummary['status'],
    names: r.names ? (r.names as string).split('|') : [],
  }));
}

/**
 * One cluster with its members and pairs, read in one snapshot: the scan's thread may replace the results between
 * two reads, and the cluster would come back without its members.
 */
export function clusterDetail(store: Store, clusterId: string): DedupClusterDetail {
  return store.sqlite.transaction(() => readClusterDetail(store, clusterId)).deferred();
}

function readClusterDetail(store: Store, clusterId: string): DedupClusterDetail {
  const s = store.sqlite;
  const c = s.prepare(`SELECT * FROM dedup_clusters WHERE id = ?`).get(clusterId) as Record<string, string | number | null> | undefined;
  if (!c) throw new AkrabError({ code: 'not_found', messageKey: 'error.cluster_not_found' });
  const members = s
    .prepare(
      `SELECT x.id, x.full_name, x.birth_date, x.gender, x.nik, x.email, x.address, x.city, x.notes, x.created_at, x.merged_into, x.deleted_at, o.code AS outlet_code, o.time_zone AS outlet_zone,
         (SELECT group_concat(e164, ' ') FROM phones p WHERE p.customer_id = x.id AND p.deleted_at IS NULL) AS phones,
         (SELECT group_concat(card_no, ' ') FROM cards k WHERE k.customer_id = x.id AND k.deleted_at IS NULL) AS cards
       FROM dedup_cluster_members m JOIN customers x ON x.id = m.customer_id LEFT JOIN outlets o ON o.id = x.registered_outlet_id
       WHERE m.cluster_id = ? ORDER BY x.created_at`,
    )
    .all(clusterId) as Record<string, string | null>[];
  const pairs = s
    .prepare(`SELECT customer_a, customer_b, score, evidence FROM dedup_pairs WHERE cluster_id = ? ORDER BY score DESC`)
    .all(clusterId) as Record<string, string | number>[];
  return {
    id: c.id as string,
    kind: c.kind as DedupClusterKind,
    confidence: c.confidence as number,
    size: c.size as number,
    cardCount: c.card_count as number,
    status: c.status as DedupClusterSummary['status'],
    names: members.map((m) => m.full_name ?? ''),
    facts: c.facts ? (JSON.parse(c.facts as string) as Record<string, unknown>) : null,
    members: members.map((row): DedupMember => {
      const m = (key: string): string | null => row[key] ?? null;
      return {
        id: m('id')!,
        fullName: m('full_name') ?? '',
        birthDate: m('birth_date'),
        gender: m('gender') as DedupMember['gender'],
        nik: m('nik'),
        email: m('email'),
        address: m('address'),
        city: m('city'),
        notes: m('notes'),
        registeredAt: m('created_at')!,
        registeredOutletCode: m('outlet_code'),
        registeredOutletTimeZone: m('outlet_zone'),
        phones: m('phones')?.split(' ') ?? [],
        cardNos: m('cards')?.split(' ') ?? [],
        mergedInto: m('merged_into'),
      };
    }),
    pairs: pairs.map((p) => ({
      a: p.customer_a as string,
      b: p.customer_b as string,
      score: p.score as number,
      evidence: JSON.parse(p.evidence as string) as DedupClusterDetail['pairs'][number]['evidence'],
    })),
  };
}

/** The default survivor: the member holding the most cards, then the earliest registered. */
export function defaultSurvivor(detail: DedupClusterDetail): string {
  const live = detail.members.filter((m) => !m.mergedInto);
  return [...live].sort((x, y) => y.cardNos.length - x.cardNos.length || x.registeredAt.localeCompare(y.registeredAt))[0]!.id;
}

/** Accepts a proposed cluster as one merge (survivor and field choices given, or the defaults). */
export function mergeCluster(
  store: Store,
  clusterId: string,
  options: {
    survivorId?: string;
    fieldChoices?: Record<string, string>;
    reason?: string | null;
    points?: 'transfer' | 'forfeit';
    pointsReason?: string | null;
  } = {},
): MergeSummary {
  const detail = clusterDetail(store, clusterId);
  if (detail.kind === 'household') throw new AkrabError({ code: 'validation', messageKey: 'error.household_not_mergeable' });
  if (detail.status !== 'open') throw new AkrabError({ code: 'conflict', messageKey: 'error.cluster_not_open' });
  const survivorId = options.survivorId ?? defaultSurvivor(detail);
  const mergedIds = detail.members.filter((m) => !m.mergedInto && m.id !== survivorId).map((m) => m.id);
  const evidence = detail.pairs[0]?.evidence.filter((e) => e.weight > 0).map((e) => e.kind) ?? [];
  return mergeCustomers(store, {
    survivorId,
    mergedIds,
    kind: detail.kind,
    reason: options.reason ?? `${detail.kind === 'farming' ? 'card farming' : 'duplicate'}: ${[...new Set(evidence)].join(', ')}`,
    confidence: detail.confidence,
    fieldChoices: options.fieldChoices,
    clusterId,
    points: options.points,
    pointsReason: options.pointsReason,
  });
}

/** Merges every open cluster of a kind at or above a confidence, with the default choices. */
export function bulkMerge(
  store: Store,
  minConfidence: number,
  kind: 'person' | 'farming' = 'person',
): { merged: number; mergeIds: string[] } {
  const ids = store.sqlite
    .prepare(`SELECT id FROM dedup_clusters WHERE kind = ? AND status = 'open' AND confidence >= ? ORDER BY confidence DESC`)
    .pluck()
    .all(kind, minConfidence) as string[];
  const mergeIds: string[] = [];
  for (const id of ids) mergeIds.push(mergeCluster(store, id).mergeId);
  return { merged: mergeIds.length, mergeIds };
}

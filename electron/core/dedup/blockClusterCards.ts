import { AkrabError } from '../../../shared/errors';
import type { Session } from '../auth/roles';
import { blockInside, cardRow } from '../loyalty/cards/cardLife';
import { loyaltyErrors } from '../loyalty/errors';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { clusterDetail, defaultSurvivor } from './reviewQueue';

/**
 * The alternative to merging a card-farming cluster (issue 17 point 6): the buyer keeps one record and its cards,
 * the other members' cards are blocked with the manager's reason, so the extra cards earn and redeem nothing more.
 * The records stay apart (their purchases and points remain where they were). One transaction.
 */
export function blockClusterCards(
  store: Store,
  manager: Session | null,
  clusterId: string,
  options: { keepCustomerId?: string; reason?: string },
): { blocked: string[]; keptCustomerId: string } {
  if (!manager || (manager.role !== 'manager' && manager.role !== 'admin')) throw loyaltyErrors.managerRequired();
  const reason = options.reason?.trim();
  if (!reason) throw loyaltyErrors.reasonRequired();
  const detail = clusterDetail(store, clusterId);
  if (detail.kind !== 'farming') throw new AkrabError({ code: 'validation', messageKey: 'error.loyalty.block_farming_only' });
  if (detail.status !== 'open') throw new AkrabError({ code: 'conflict', messageKey: 'error.cluster_not_open' });
  const live = detail.members.filter((m) => !m.mergedInto);
  const keep = options.keepCustomerId ?? defaultSurvivor(detail);
  if (!live.some((m) => m.id === keep)) throw new AkrabError({ code: 'validation', field: 'keepCustomerId', messageKey: 'error.customer_not_found' });
  const blocked: string[] = [];
  transact(store, (w) => {
    for (const member of live) {
      if (member.id === keep) continue;
      for (const cardNo of member.cardNos) {
        const card = cardRow(store, cardNo);
        if (card.status !== 'active') continue;
        blockInside(store, w, manager, card, reason, clusterId);
        blocked.push(card.cardNo);
      }
    }
    store.sqlite.prepare(`UPDATE dedup_clusters SET status = 'cards_blocked' WHERE id = ?`).run(clusterId);
  });
  return { blocked, keptCustomerId: keep };
}

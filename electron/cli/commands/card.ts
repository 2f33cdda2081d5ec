import { parseArgs } from 'node:util';
import { blockClusterCards } from '../../core/dedup/blockClusterCards';
import { blockCard, cardHistory, cardState, replaceCard, unblockCard } from '../../core/loyalty/cards/cardLife';
import { writeMemberCardPdf } from '../../core/loyalty/cards/memberCardPdf';
import type { CardState } from '../../../shared/cardLife';
import { closeStore } from '../../core/store/store';
import { openCliStore, type Command } from '../context';
import { managerSession, print } from './points';

const usage = `usage: akrab card replace CARD --new NEW_CARD [--reason TEXT] --manager STAFF_ID --password PASSWORD [--json]
       akrab card block CARD --reason TEXT --manager STAFF_ID --password PASSWORD [--json]
       akrab card unblock CARD --reason TEXT --manager STAFF_ID --password PASSWORD [--json]
       akrab card status CARD [--json]                        where the card stands, why, and its replacement
       akrab card print CARD --out FILE.pdf [--lang id|en]    the printable member card (Code 128 barcode)
       akrab card block-cluster CLUSTER_ID --reason TEXT [--keep CUSTOMER_ID] --manager STAFF_ID --password PASSWORD [--json]
                                                              block a card-farming cluster's extra cards instead of merging`;

function describe(s: CardState): string[] {
  const head = `${s.cardNo} [${s.status}]  ${s.customerName} (${s.customerId})`;
  if (s.status === 'active') return [head];
  return [head, `  ${s.replacedBy ? `replaced by ${s.replacedBy}` : 'blocked'}: ${s.reason ?? ''}${s.since ? `  (${s.since}${s.byStaff ? `, ${s.byStaff}` : ''})` : ''}`];
}

/** `akrab card …`: the member card's life (electron/core/loyalty/cards). */
export const card: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(usage), 0);
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      new: { type: 'string' },
      reason: { type: 'string' },
      keep: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      manager: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const target = positionals.join(' ').trim();
  if (!sub || !target || !['replace', 'block', 'unblock', 'status', 'print', 'block-cluster'].includes(sub) || (sub === 'print' && !values.out))
    return (ctx.err(usage), 2);
  const store = openCliStore(ctx);
  try {
    switch (sub) {
      case 'status':
        return print(ctx, { ...cardState(store, target), history: cardHistory(store, target) }, describe);
      case 'print':
        await writeMemberCardPdf(store, target, values.out!, values.lang === 'en' ? 'en' : 'id');
        return print(ctx, { file: values.out }, (r) => [`member card written to ${r.file}`]);
      case 'replace':
        return print(ctx, replaceCard(store, managerSession(store, values.manager, values.password), { cardNo: target, newCardNo: values.new ?? '', reason: values.reason }), describe);
      case 'block':
        return print(ctx, blockCard(store, managerSession(store, values.manager, values.password), { cardNo: target, reason: values.reason }), describe);
      case 'unblock':
        return print(ctx, unblockCard(store, managerSession(store, values.manager, values.password), { cardNo: target, reason: values.reason }), describe);
      default:
        return print(
          ctx,
          blockClusterCards(store, managerSession(store, values.manager, values.password), target, { keepCustomerId: values.keep, reason: values.reason }),
          (r) => [`kept ${r.keptCustomerId}; blocked ${r.blocked.length} cards: ${r.blocked.join(', ')}`],
        );
    }
  } finally {
    closeStore(store);
  }
};

import { parseArgs } from 'node:util';
import { searchCustomers } from '../../core/customers/search';
import { closeStore } from '../../core/store/store';
import { formatPhoneNational } from '../../../shared/phone';
import { openCliStore, type Command } from '../context';

/** akrab search TEXT [--limit N] [--json] */
export const search: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string', default: '20' } } });
  const text = positionals.join(' ').trim();
  const limit = Number(values.limit);
  if (!text || !Number.isInteger(limit) || limit < 1 || limit > 100) return ctx.err('usage: akrab search TEXT [--limit 1..100] [--json]'), 2;
  const store = openCliStore(ctx);
  try {
    const hits = searchCustomers(store, text, limit);
    if (ctx.json) ctx.out(JSON.stringify(hits));
    else if (!hits.length) ctx.out('No matches.');
    else for (const h of hits) ctx.out(`${h.fullName.padEnd(32)} ${h.cardNos.join(',').padEnd(16)} ${h.phones.map(formatPhoneNational).join(',').padEnd(16)} ${h.city ?? ''}  [${h.reason}]`);
    return 0;
  } finally {
    closeStore(store);
  }
};

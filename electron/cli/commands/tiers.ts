import { parseArgs } from 'node:util';
import { customerTier, recomputeTiers, setTiers } from '../../core/loyalty';
import { validationError } from '../../../shared/errors';
import type { Command } from '../context';
import { customerOf, dayOf, managerSession, numberOf, print, withStore } from './points';

const usage = `usage: akrab tiers recompute [--on YYYY-MM-DD] [--json]     the tier pass (rolling 12-month spend, grace period)
       akrab tiers show CUSTOMER [--json]                     a customer's tier, benefits and the next tier
       akrab tiers set --from YYYY-MM-DD [--to YYYY-MM-DD] [--grace-days N]
                       --level CODE:NAME:MIN_SPEND:DISCOUNT%[:RESPONSE_HOURS:RESOLUTION_DAYS[:BIRTHDAY GIFT]] …
                       --manager STAFF_ID --password PASSWORD [--json]
CUSTOMER is a card number or phone, as akrab lookup takes it.`;

/** `akrab tiers …`: loyalty tiers from the command line (electron/core/loyalty/tiers). */
export const tiers: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(usage), 0);
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      on: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'grace-days': { type: 'string' },
      level: { type: 'string', multiple: true },
      manager: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const query = positionals.join(' ').trim();
  if (!sub || !['recompute', 'show', 'set'].includes(sub) || (sub === 'show' && !query)) return (ctx.err(usage), 2);
  return withStore(ctx, (store) => {
    if (sub === 'recompute')
      return print(ctx, recomputeTiers(store, dayOf(values.on, 'on')), (r) => [
        `tiers on ${r.day}: ${r.customers} customers, ${r.changed} changed; ${Object.entries(r.byTier)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ') || 'nobody in a tier'}`,
      ]);
    if (sub === 'show')
      return print(ctx, customerTier(store, customerOf(store, query)), (t) => [
        `${t.tier ? `${t.tier.name} (${t.tier.discountPercent}% discount${t.tier.birthdayGift ? `, birthday: ${t.tier.birthdayGift}` : ''})` : 'no tier'}; spend 12 months Rp ${t.spend12m}${t.inGrace ? ' (below threshold: grace period)' : ''}`,
        ...(t.next ? [`next: ${t.next.level.name}, Rp ${t.next.missing} to go`] : []),
      ]);
    const manager = managerSession(store, values.manager, values.password);
    const programme = setTiers(store, manager, {
      validFrom: values.from,
      validTo: values.to,
      graceDays: numberOf(values['grace-days']) ?? 0,
      levels: (values.level ?? []).map(parseLevel),
    });
    return print(ctx, programme, (p) => [
      `tiers from ${p.validFrom} (grace ${p.graceDays} days): ${p.levels.map((l) => `${l.name} ≥ Rp ${l.minSpend}`).join(', ')}`,
    ]);
  });
};

function parseLevel(text: string) {
  const [code, name, minSpend, discount, hours, days, ...gift] = text.split(':');
  if (!code || !name || !minSpend || !discount) throw validationError('level', 'error.loyalty.tier_level_invalid', { level: text });
  return {
    // Codes are lower case (shared/loyaltyTiers.ts); a manager types GOLD as the usage's CODE suggests.
    code: code.toLowerCase(),
    name,
    minSpend: numberOf(minSpend),
    discountPercent: numberOf(discount.replace(/%$/, '')),
    complaintResponseHours: hours ? numberOf(hours) : null,
    complaintResolutionDays: days ? numberOf(days) : null,
    birthdayGift: gift.join(':') || null,
  };
}

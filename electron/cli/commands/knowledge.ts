import { parseArgs } from 'node:util';
import { parseAmount } from '../../../shared/amount';
import { AkrabError } from '../../../shared/errors';
import type { Opportunity } from '../../../shared/knowledge';
import { backtestOffers } from '../../core/offers/backtest';
import { offerRulesComputedAt, offersFor, recomputeOfferRules } from '../../core/offers/offerRules';
import { salesForecast } from '../../core/opportunities/forecast';
import { createOpportunity, listOpportunities, updateOpportunity } from '../../core/opportunities/opportunities';
import type { Command } from '../context';
import { outletOf, resolveCustomer, withStore } from './care';

const opportunityUsage = `usage: akrab opportunity add CUSTOMER --product TEXT --category TEXT --budget RUPIAH --decide-by YYYY-MM-DD
                              [--reason price|stock|delivery|comparing|competitor|financing] [--stage interested|quoted|negotiating]
                              [--owner NAME] [--note TEXT] [--follow-up YYYY-MM-DD] [--json]
       akrab opportunity set ID [--stage STAGE] [--invoice NO] [--lost-reason REASON] [--lost-note TEXT] [--budget RUPIAH]
                              [--decide-by YYYY-MM-DD] [--reason REASON] [--owner NAME] [--note TEXT] [--follow-up YYYY-MM-DD] [--json]
       akrab opportunity list [--outlet CODE] [--stage STAGE] [--open] [--json]
CUSTOMER is a card number or phone, as akrab lookup takes it.`;

/** '4.500.000' and '4500000' are amounts; anything else goes to the core as it is, to be refused there. */
function budgetOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const amount = parseAmount(text);
  return typeof amount === 'number' ? amount : text;
}

const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

function line(o: Opportunity): string {
  const reason = o.stage === 'lost' ? `lost: ${o.lostReason}` : o.stage === 'won' ? `won: ${o.invoiceNo}` : (o.reasonNotBought ?? '');
  return `${o.stage.padEnd(12)} ${o.expectedDecisionDate}  ${rupiah(o.budget).padStart(16)}  ${o.customerName.padEnd(26)} ${o.product} (${o.category})  ${reason}  ${o.owner ?? ''}  [${o.id}]`;
}

/** `akrab opportunity add|set|list`: potential sales (electron/core/opportunities). */
export const opportunity: Command = async (args, ctx) => {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      product: { type: 'string' },
      category: { type: 'string' },
      budget: { type: 'string' },
      'decide-by': { type: 'string' },
      reason: { type: 'string' },
      stage: { type: 'string' },
      owner: { type: 'string' },
      note: { type: 'string' },
      'follow-up': { type: 'string' },
      invoice: { type: 'string' },
      'lost-reason': { type: 'string' },
      'lost-note': { type: 'string' },
      outlet: { type: 'string' },
      open: { type: 'boolean', default: false },
      lang: { type: 'string' },
    },
  });
  if (sub === 'add') {
    if (!positionals[0]) return (ctx.err(opportunityUsage), 2);
    return withStore(ctx, (store) => {
      const o = createOpportunity(store, {
        customerId: resolveCustomer(store, positionals[0]!),
        product: values.product,
        category: values.category,
        budget: budgetOf(values.budget),
        expectedDecisionDate: values['decide-by'],
        reasonNotBought: values.reason,
        stage: values.stage,
        owner: values.owner,
        note: values.note,
        followUpDate: values['follow-up'],
      } as never);
      ctx.out(ctx.json ? JSON.stringify(o) : line(o));
      return 0;
    });
  }
  if (sub === 'set') {
    if (!positionals[0]) return (ctx.err(opportunityUsage), 2);
    return withStore(ctx, (store) => {
      const patch = Object.fromEntries(
        Object.entries({
          opportunityId: positionals[0],
          stage: values.stage,
          invoiceNo: values.invoice,
          lostReason: values['lost-reason'],
          lostNote: values['lost-note'],
          budget: budgetOf(values.budget),
          expectedDecisionDate: values['decide-by'],
          reasonNotBought: values.reason,
          owner: values.owner,
          note: values.note,
          followUpDate: values['follow-up'],
        }).filter(([, v]) => v !== undefined),
      );
      const o = updateOpportunity(store, patch);
      ctx.out(ctx.json ? JSON.stringify(o) : line(o));
      return 0;
    });
  }
  if (sub === 'list') {
    return withStore(ctx, (store) => {
      const list = listOpportunities(store, {
        outletId: values.outlet ? outletOf(store, values.outlet) : undefined,
        stage: values.stage as Opportunity['stage'] | undefined,
        open: values.open,
      });
      if (ctx.json) ctx.out(JSON.stringify(list));
      else if (list.length === 0) ctx.out('No potential sales.');
      else for (const o of list) ctx.out(line(o));
      return 0;
    });
  }
  ctx.err(opportunityUsage);
  return 2;
};

/** `akrab forecast [--outlet CODE] [--json]`: expected sales for the next three months, and the past months against actual. */
export const forecast: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { outlet: { type: 'string' }, lang: { type: 'string' } } });
  return withStore(ctx, (store) => {
    const f = salesForecast(store, { outletId: values.outlet ? outletOf(store, values.outlet) : null });
    if (ctx.json) {
      ctx.out(JSON.stringify(f));
      return 0;
    }
    ctx.out(`Forecast as of ${f.asOf}${f.outletCode ? ` for ${f.outletCode}` : ''} (months in WIB)`);
    ctx.out('month    outlet   opportunities         repeat          total');
    for (const m of f.months)
      ctx.out(
        `${m.month}  ${(m.outletCode ?? '-').padEnd(7)} ${rupiah(m.opportunities).padStart(15)} ${rupiah(m.repeat).padStart(15)} ${rupiah(m.total).padStart(15)}`,
      );
    ctx.out('past months: forecast made at the start of the month against actual');
    for (const m of f.past)
      ctx.out(`${m.month}  ${(m.outletCode ?? '-').padEnd(7)} ${rupiah(m.total).padStart(15)} ${rupiah(m.actual).padStart(15)}`);
    return 0;
  });
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `akrab offers CUSTOMER [--json]` and `akrab offers backtest [--cutoff DATE] [--json]`. */
export const offers: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { cutoff: { type: 'string' }, recompute: { type: 'boolean', default: false }, lang: { type: 'string' } },
  });
  const target = positionals[0];
  if (!target)
    return (ctx.err('usage: akrab offers CUSTOMER [--recompute] [--json]\n       akrab offers backtest [--cutoff YYYY-MM-DD] [--json]'), 2);
  if (target === 'backtest') {
    if (values.cutoff !== undefined && Number.isNaN(Date.parse(values.cutoff)))
      throw new AkrabError({ code: 'validation', field: 'cutoff', messageKey: 'error.date_invalid' });
    return withStore(ctx, (store) => {
      const r = backtestOffers(store, { cutoff: values.cutoff ? new Date(values.cutoff).toISOString() : undefined });
      if (ctx.json) ctx.out(JSON.stringify(r));
      else {
        ctx.out(
          `Rules learnt before ${r.cutoff} (${r.trainPurchases} purchases): ${r.rules}; scored on the next ${r.windowDays} days, ${r.customers} customers.`,
        );
        ctx.out(`offers (rules, popular filling):  precision@3 ${pct(r.offers.precisionAt3)}  recall@3 ${pct(r.offers.recallAt3)}`);
        ctx.out(
          `rules alone:                      precision@3 ${pct(r.rulesOnly.precisionAt3)}  recall@3 ${pct(r.rulesOnly.recallAt3)}  (${r.rulesOnly.covered} customers reached)`,
        );
        ctx.out(`most popular (baseline):          precision@3 ${pct(r.baseline.precisionAt3)}  recall@3 ${pct(r.baseline.recallAt3)}`);
        ctx.out(r.beatsBaseline ? 'The offers beat the baseline.' : 'The offers do NOT beat the baseline on these purchases.');
      }
      return 0;
    });
  }
  return withStore(ctx, (store) => {
    if (values.recompute || !offerRulesComputedAt(store)) recomputeOfferRules(store);
    const list = offersFor(store, resolveCustomer(store, target));
    if (ctx.json) ctx.out(JSON.stringify(list));
    else if (list.length === 0) ctx.out('No offers.');
    else
      for (const o of list)
        ctx.out(
          o.kind === 'rule'
            ? `${o.product}: bought ${o.because}; ${pct(o.confidence)} of its buyers bought this next (lift ${o.lift.toFixed(2)}, ${o.pairCustomers} customers)`
            : `${o.product}: popular, bought by ${pct(o.confidence)} of customers`,
        );
    return 0;
  });
};

import { parseArgs } from 'node:util';
import { complaintStatuses, type Complaint, type ComplaintDetail, type ComplaintStatus, type FollowUp } from '../../../shared/care';
import { AkrabError } from '../../../shared/errors';
import { lookupCustomer } from '../../core/customers/lookup';
import { logInteraction } from '../../core/care/interactions/interactions';
import { getComplaint, listComplaints, openComplaint, transitionComplaint } from '../../core/care/complaints/complaints';
import { listFollowUps, outletToday } from '../../core/care/followUps/followUps';
import { runFollowUpRulesInSteps } from '../../core/care/followUps/rules';
import { outletByCode } from '../../core/outlets/outlets';
import { closeStore, type Store } from '../../core/store/store';
import { openCliStore, type Command } from '../context';

/** Anything `akrab lookup` accepts (card or phone in any format), or a customer id. */
export function resolveCustomer(store: Store, query: string): string {
  const found = lookupCustomer(store, query);
  if (found) return found.customer.id;
  const byId = store.sqlite.prepare('SELECT id FROM customers WHERE id = ? AND deleted_at IS NULL').pluck().get(query.trim()) as
    string | undefined;
  if (byId) return byId;
  throw new AkrabError({ code: 'not_found', field: 'customer', messageKey: 'error.customer_not_found' });
}

export async function withStore(ctx: Parameters<Command>[1], work: (store: Store) => number | Promise<number>): Promise<number> {
  const store = openCliStore(ctx);
  try {
    return await work(store);
  } finally {
    closeStore(store);
  }
}

/** akrab interaction add CUSTOMER --channel CHANNEL [--note TEXT] [--outcome OUTCOME] [--direction in|out] [--json] */
export const interactionAdd: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { channel: { type: 'string' }, note: { type: 'string' }, outcome: { type: 'string' }, direction: { type: 'string' } },
  });
  const query = positionals.join(' ').trim();
  if (!query || !values.channel)
    return (ctx.err('usage: akrab interaction add CUSTOMER --channel CHANNEL [--note TEXT] [--outcome OUTCOME] [--json]'), 2);
  return withStore(ctx, (store) => {
    const interaction = logInteraction(store, {
      customerId: resolveCustomer(store, query),
      channel: values.channel,
      note: values.note,
      outcome: values.outcome,
      direction: values.direction,
    });
    if (ctx.json) ctx.out(JSON.stringify(interaction));
    else
      ctx.out(
        `Logged ${interaction.channel} (${interaction.direction}) at ${interaction.at}${interaction.outcome ? `: ${interaction.outcome}` : ''}  [${interaction.id}]`,
      );
    return 0;
  });
};

function printComplaint(ctx: Parameters<Command>[1], c: Complaint | ComplaintDetail): void {
  ctx.out(
    `${c.id}  ${c.status.toUpperCase()}${c.overdue ? '  OVERDUE' : ''}${c.escalated ? '  ESCALATED' : ''}  ${c.category}/${c.severity}  ${c.customerName ?? c.customerId}`,
  );
  ctx.out(`  ${c.description}`);
  ctx.out(
    `  opened ${c.openedAt}${c.outletCode ? ` at ${c.outletCode}` : ''}; first response due ${c.firstResponseDueAt}${c.firstResponseAt ? ` (responded ${c.firstResponseAt})` : ''}; resolution due ${c.resolutionDueAt}`,
  );
  if (c.invoiceNo) ctx.out(`  invoice ${c.invoiceNo}`);
  if (c.satisfaction !== null) ctx.out(`  satisfaction ${c.satisfaction}/5`);
  if ('history' in c)
    for (const e of c.history)
      ctx.out(
        `  - ${e.at} ${e.staff ?? '?'}${e.outletCode ? `@${e.outletCode}` : ''}: ${e.kind}${e.toStatus ? ` ${e.fromStatus ?? '∅'} → ${e.toStatus}` : ''}${e.note ? ` — ${e.note}` : ''}`,
      );
}

/** akrab complaint open CUSTOMER --category CATEGORY [--severity S] [--invoice NO] --text TEXT [--promise TEXT] [--promise-date YYYY-MM-DD] [--json] */
export const complaintOpen: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      category: { type: 'string' },
      severity: { type: 'string' },
      invoice: { type: 'string' },
      text: { type: 'string' },
      promise: { type: 'string' },
      'promise-date': { type: 'string' },
    },
  });
  const query = positionals.join(' ').trim();
  if (!query || !values.category || values.text === undefined)
    return (
      ctx.err('usage: akrab complaint open CUSTOMER --category CATEGORY [--severity low|normal|high] [--invoice NO] --text TEXT [--json]'),
      2
    );
  return withStore(ctx, (store) => {
    const complaint = openComplaint(store, {
      customerId: resolveCustomer(store, query),
      category: values.category,
      severity: values.severity,
      invoiceNo: values.invoice,
      description: values.text,
      promisedAction: values.promise,
      promisedDate: values['promise-date'],
    });
    if (ctx.json) ctx.out(JSON.stringify(complaint));
    else printComplaint(ctx, complaint);
    return 0;
  });
};

/** akrab complaint set ID --status STATUS [--note TEXT] [--satisfaction N] [--json] */
export const complaintSet: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { status: { type: 'string' }, note: { type: 'string' }, satisfaction: { type: 'string' } },
  });
  const id = positionals[0];
  if (!id || !values.status)
    return (
      ctx.err(`usage: akrab complaint set ID --status ${complaintStatuses.join('|')} [--note TEXT] [--satisfaction 1..5] [--json]`),
      2
    );
  const satisfaction = values.satisfaction === undefined ? null : Number(values.satisfaction);
  return withStore(ctx, (store) => {
    const complaint = transitionComplaint(store, { complaintId: id, status: values.status, note: values.note, satisfaction });
    if (ctx.json) ctx.out(JSON.stringify(complaint));
    else printComplaint(ctx, complaint);
    return 0;
  });
};

/** akrab complaint list [--status S] [--overdue] [--outlet CODE] [--json] */
export const complaintList: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      status: { type: 'string' },
      overdue: { type: 'boolean', default: false },
      outlet: { type: 'string' },
      limit: { type: 'string', default: '500' },
    },
  });
  if (values.status !== undefined && !(complaintStatuses as readonly string[]).includes(values.status)) {
    throw new AkrabError({ code: 'validation', field: 'status', messageKey: 'error.status_unknown' });
  }
  return withStore(ctx, (store) => {
    const outletId = values.outlet ? outletOf(store, values.outlet) : undefined;
    const list = listComplaints(store, {
      status: values.status as ComplaintStatus | undefined,
      overdue: values.overdue,
      outletId,
      limit: Number(values.limit) || 500,
    });
    if (ctx.json) ctx.out(JSON.stringify(list));
    else if (list.length === 0) ctx.out('No complaints.');
    else for (const c of list) printComplaint(ctx, c);
    return 0;
  });
};

/** `akrab complaint show ID` — one complaint with its history. */
export const complaintShow: Command = async (args, ctx) => {
  const id = args[0];
  if (!id) return (ctx.err('usage: akrab complaint show ID [--json]'), 2);
  return withStore(ctx, (store) => {
    const complaint = getComplaint(store, id);
    if (ctx.json) ctx.out(JSON.stringify(complaint));
    else printComplaint(ctx, complaint);
    return 0;
  });
};

export function outletOf(store: Store, code: string): string {
  const outlet = outletByCode(store, code.trim().toUpperCase());
  if (!outlet) throw new AkrabError({ code: 'not_found', field: 'outlet', messageKey: 'error.outlet_not_found' });
  return outlet.id;
}

/** akrab followups [--due] [--outlet CODE] [--run-rules] [--json] — open follow-ups; --due keeps those due today or earlier. */
export const followups: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      due: { type: 'boolean', default: false },
      outlet: { type: 'string' },
      'run-rules': { type: 'boolean', default: false },
      limit: { type: 'string', default: '500' },
    },
  });
  return withStore(ctx, async (store) => {
    const outletId = values.outlet ? outletOf(store, values.outlet) : (store.outletId ?? undefined);
    const report = values['run-rules'] ? await runFollowUpRulesInSteps(store) : null;
    const today = outletId ? outletToday(store, outletId) : new Date(store.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const list = listFollowUps(store, {
      outletId,
      status: 'open',
      dueBy: values.due ? today : undefined,
      limit: Number(values.limit) || 500,
    });
    if (ctx.json) ctx.out(JSON.stringify(report ? { rules: report, followUps: list } : list));
    else {
      if (report)
        ctx.out(
          `Rules created ${
            Object.entries(report.created)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ') || 'nothing new'
          }.`,
        );
      if (list.length === 0) ctx.out(values.due ? 'Nothing due.' : 'No open follow-ups.');
      for (const f of list) ctx.out(followUpLine(f, today));
    }
    return 0;
  });
};

function followUpLine(f: FollowUp, today: string): string {
  const when = f.dueDate < today ? `OVERDUE ${f.dueDate}` : f.dueDate === today ? 'today' : f.dueDate;
  return `${when.padEnd(18)} ${(f.customerName ?? f.customerId).padEnd(28)} ${f.kind.padEnd(16)} ${f.owner ?? `(${f.outletCode ?? 'outlet'})`}  ${f.reason}  [${f.id}]`;
}

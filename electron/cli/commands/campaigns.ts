import { parseArgs } from 'node:util';
import { createCampaign, listCampaigns, requireCampaign } from '../../core/campaigns/campaigns';
import { campaignContactsFor, recordCampaignContact } from '../../core/campaigns/contacts';
import { launchCampaign, refreshCampaign } from '../../core/campaigns/launch';
import { refreshRecurringCampaigns } from '../../core/campaigns/recurring';
import { campaignResults } from '../../core/campaigns/results';
import { exportCampaignResults } from '../../core/campaigns/resultsReport';
import { exportWorkList } from '../../core/campaigns/workList';
import { outletByCode } from '../../core/outlets/outlets';
import { countSegment, listSegments, readConditionFile, requireSegment, saveSegment } from '../../core/segments/segments';
import { exportSegmentCustomers, type SegmentExportFormat } from '../../core/segments/segmentExport';
import { closeStore, type Store } from '../../core/store/store';
import type { LaunchSummary } from '../../../shared/campaigns';
import { AkrabError } from '../../../shared/errors';
import { exportFormats, type ExportFormat } from '../../../shared/reports';
import { openCliStore, type CliContext, type Command } from '../context';
import { managerSession } from './points';
import type { Session } from '../../core/auth/roles';
import { signIn } from '../../core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../core/authority/signing';

const segmentUsage = `usage: akrab segment save NAME --where FILE.json [--manager STAFF_ID --password PASSWORD] [--json]
       akrab segment count NAME | --where FILE.json [--preview N] [--json]
       akrab segment list [--json]
       akrab segment export NAME | --where FILE.json --format csv|xlsx --out FILE [--lang id|en] [--unmask] [--json]
                            the customers it selects now, by name (phones masked unless --unmask)
FILE.json holds one condition tree: {"and": [...]}, {"or": [...]} or one condition, e.g.
  {"and": [{"field": "purchases", "product": "kulkas", "period": {"lastDays": 365}, "op": "gte", "value": 1},
           {"field": "city", "op": "is", "value": "Bandung"},
           {"field": "lastContact", "op": "not_within", "value": 90}]}
Segments and campaigns sync only when a manager signs them (--manager/--password); unsigned, the server refuses them.`;

const campaignUsage = `usage: akrab campaign create NAME --segment SEGMENT --channel whatsapp|phone|sms|letter|email --purpose PURPOSE
                             [--template TEXT] [--from YYYY-MM-DD --to YYYY-MM-DD] [--outlet CODE]… [--control PERCENT]
                             [--quiet-days N] [--attribution-days N] [--monthly] [--manager STAFF_ID --password PASSWORD] [--json]
       akrab campaign launch ID | refresh ID [--manager STAFF_ID --password PASSWORD] [--json]
       akrab campaign refresh-recurring [--json]   add today's new matches of running monthly campaigns for this
                                                  device's outlet (what the app's daily pass does; needs no manager)
       akrab campaign list [--json]
       akrab campaign contacts [--outlet CODE] [--json]        the campaign contacts on an outlet's "my day"
       akrab campaign contact TARGET_ID --outcome reached|no_answer|responded|declined|opted_out [--note TEXT]
                              [--staff STAFF_ID --pin PIN] [--json]   signed by the clerk who made it (else the server refuses it)
       akrab campaign results ID [--format csv|xlsx|pdf --out FILE] [--lang id|en] [--json]
       akrab campaign worklist ID --out FILE [--json]   the targets still to work, as the channel uses them: a call list (CSV,
                                                        with wa.me links), an SMS gateway file, an email list, or letters (PDF)
PURPOSE: marketing_whatsapp, marketing_sms, marketing_email, marketing_phone. Template placeholders: {sapaan} {nama} {kartu} {tier} {produk} {outlet}.`;

const DEFAULT_TEMPLATE = '{sapaan} {nama}, ada penawaran khusus untuk Anda di {outlet}.';

function signIfManager(store: Store, values: { manager?: string; password?: string }, ctx: CliContext): void {
  if (values.manager || values.password) managerSession(store, values.manager, values.password);
  else ctx.err('note: not signed by a manager: kept on this device; the server refuses to sync it (add --manager ID --password …)');
}

/** A contact is signed by the clerk (or above) who made it, as a "my day" session signs it; unsigned it stays local. */
function clerkSession(store: Store, values: { staff?: string; pin?: string }, ctx: CliContext): Session | null {
  if (!values.staff && !values.pin) {
    ctx.err('note: not signed by a clerk: kept on this device; the server refuses to sync it (add --staff ID --pin …)');
    return null;
  }
  if (!values.staff || !values.pin) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_failed' });
  const session = signIn(store, values.staff, { pin: values.pin });
  store.authority = { staffId: values.staff, kind: 'pin', key: deriveAuthorityKey(values.pin, values.staff, 'pin') };
  store.staff = session.name;
  return session;
}

/** `akrab segment …` */
export const segment: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(segmentUsage), 0);
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      where: { type: 'string' },
      preview: { type: 'string' },
      manager: { type: 'string' },
      password: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      unmask: { type: 'boolean' },
    },
  });
  const name = positionals.join(' ').trim();
  if (sub === 'list') return withStore(ctx, (store) => print(ctx, listSegments(store), (list) => list.map((s) => `${s.name}  [${s.id}]`)));
  if (sub === 'save' && name && values.where) {
    const where = readConditionFile(values.where);
    return withStore(ctx, (store) => {
      signIfManager(store, values, ctx);
      const saved = saveSegment(store, { name, where });
      const { count } = countSegment(store, { where: saved.where, preview: 0 });
      return print(ctx, { ...saved, count }, (s) => [`saved segment "${s.name}" [${s.id}]: ${s.count} customers now`]);
    });
  }
  if (sub === 'count' && (name || values.where)) {
    const where = values.where ? readConditionFile(values.where) : null;
    return withStore(ctx, (store) => {
      const result = countSegment(store, { where: where ?? requireSegment(store, name).where, preview: values.preview ? Number(values.preview) : 10 });
      return print(ctx, result, (r) => [
        `${r.count} customers (${r.tookMs} ms)`,
        ...r.preview.map((p) => `  ${(p.cardNo ?? '-').padEnd(12)} ${p.fullName}${p.city ? `, ${p.city}` : ''}${p.homeOutletCode ? `  [${p.homeOutletCode}]` : ''}`),
      ]);
    });
  }
  if (sub === 'export' && (name || values.where) && values.format && values.out) {
    const where = values.where ? readConditionFile(values.where) : null;
    const format = values.format as SegmentExportFormat;
    const store = openCliStore(ctx);
    try {
      const written = await exportSegmentCustomers(store, where ? { where } : { segment: name }, {
        format,
        file: values.out,
        language: values.lang === 'en' ? 'en' : 'id',
        unmask: values.unmask ?? false,
      });
      return print(ctx, written, (w) => [`wrote ${w.file} (${w.rows} customers, ${format})`]);
    } finally {
      closeStore(store);
    }
  }
  ctx.err(segmentUsage);
  return 2;
};

function summaryLines(s: LaunchSummary): string[] {
  const excluded = Object.entries(s.excluded)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  return [
    `${s.matched} customers match; ${s.added} added (${s.added - s.control} to contact, ${s.control} held out as control)${s.alreadyTargeted ? `, ${s.alreadyTargeted} already targets` : ''}`,
    `excluded: ${excluded.length ? excluded.join(', ') : 'none'}`,
  ];
}

/** `akrab campaign …` */
export const campaign: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(campaignUsage), 0);
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      segment: { type: 'string' },
      channel: { type: 'string' },
      purpose: { type: 'string' },
      template: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      outlet: { type: 'string', multiple: true },
      control: { type: 'string' },
      'quiet-days': { type: 'string' },
      'attribution-days': { type: 'string' },
      monthly: { type: 'boolean' },
      manager: { type: 'string' },
      password: { type: 'string' },
      staff: { type: 'string' },
      pin: { type: 'string' },
      outcome: { type: 'string' },
      note: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  const arg = positionals.join(' ').trim();
  const int = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  switch (sub) {
    case 'create':
      if (!arg) break;
      return withStore(ctx, (store) => {
        signIfManager(store, values, ctx);
        const created = createCampaign(store, {
          name: arg,
          segment: values.segment ?? '',
          channel: values.channel,
          purpose: values.purpose,
          template: values.template ?? DEFAULT_TEMPLATE,
          periodFrom: values.from,
          periodTo: values.to,
          outlets: values.outlet ?? [],
          controlPercent: int(values.control),
          quietDays: int(values['quiet-days']),
          attributionDays: int(values['attribution-days']),
          recurrence: values.monthly ? 'monthly' : 'none',
        });
        return print(ctx, created, (c) => [`campaign ${c.id} "${c.name}" created (draft): ${c.channel}, ${c.purpose}, ${c.periodFrom}..${c.periodTo}, control ${c.controlPercent}%`]);
      });
    case 'launch':
    case 'refresh':
      if (!arg) break;
      return withStore(ctx, (store) => {
        signIfManager(store, values, ctx);
        const summary = sub === 'launch' ? launchCampaign(store, arg).summary : refreshCampaign(store, arg);
        return print(ctx, summary, summaryLines);
      });
    case 'refresh-recurring':
      return withStore(ctx, (store) =>
        print(ctx, refreshRecurringCampaigns(store, { force: true })!, (r) => [
          `${r.day}: ${r.campaigns} recurring campaigns evaluated, ${r.added} targets added for this outlet`,
          ...r.failed.map((f) => `  ${f.campaignId}: ${f.messageKey}`),
        ]),
      );
    case 'list':
      return withStore(ctx, (store) =>
        print(ctx, listCampaigns(store), (list) => list.map((c) => `${c.id}  ${c.status.padEnd(8)} ${c.channel.padEnd(8)} ${c.name}`)),
      );
    case 'contacts':
      return withStore(ctx, (store) => {
        const outletId = values.outlet?.[0] ? outletByCode(store, values.outlet[0].toUpperCase())?.id : store.outletId;
        if (outletId === undefined) throw new AkrabError({ code: 'validation', field: 'outlet', messageKey: 'error.outlet_unknown', params: { code: values.outlet![0]! } });
        return print(ctx, campaignContactsFor(store, { outletId }), (list) =>
          list.map((c) => `${c.targetId}  ${c.campaignName}: ${c.fullName} ${c.phone ?? ''}${c.lastOutcome ? `  (${c.lastOutcome})` : ''}\n    ${c.whatsapp ?? c.message}`),
        );
      });
    case 'contact':
      if (!arg) break;
      return withStore(ctx, (store) =>
        print(ctx, recordCampaignContact(store, clerkSession(store, values, ctx), { targetId: arg, outcome: values.outcome, note: values.note }), (r) => [
          `contact logged [${r.id}]`,
        ]),
      );
    case 'worklist': {
      if (!arg || !values.out) break;
      const store = openCliStore(ctx);
      try {
        return print(ctx, await exportWorkList(store, arg, values.out), (w) => [`wrote ${w.file} (${w.rows} targets, ${w.format})`]);
      } finally {
        closeStore(store);
      }
    }
    case 'results': {
      if (!arg) break;
      const format = values.format;
      if (format !== undefined && (!(exportFormats as readonly string[]).includes(format) || !values.out)) break;
      const store = openCliStore(ctx);
      try {
        if (format) {
          requireCampaign(store, arg);
          const written = await exportCampaignResults(store, arg, { format: format as ExportFormat, file: values.out!, language: values.lang === 'en' ? 'en' : 'id' });
          return print(ctx, written, (w) => [`wrote ${w.file} (${w.rows} rows)`]);
        }
        return print(ctx, campaignResults(store, arg), (r) => [
          `${r.campaign.name}: ${r.total.targets} targets, ${r.total.contacted} contacted, ${r.total.reached} reached, ${r.total.responded} responded`,
          `attributed: ${r.total.purchases} purchases, Rp ${r.total.revenue}`,
          `contact group ${(r.treated.rate * 100).toFixed(1)}% bought (${r.treated.buyers}/${r.treated.customers}); control ${(r.control.rate * 100).toFixed(1)}% (${r.control.buyers}/${r.control.customers})`,
          r.lift
            ? `lift ${(r.lift.difference * 100).toFixed(1)} points, 95% CI ${(r.lift.low * 100).toFixed(1)} to ${(r.lift.high * 100).toFixed(1)} (Newcombe, Wilson score)`
            : 'lift: no control group to compare with',
        ]);
      } finally {
        closeStore(store);
      }
    }
  }
  ctx.err(campaignUsage);
  return 2;
};

function print<T>(ctx: CliContext, value: T, lines: (value: T) => string[]): number {
  if (ctx.json) ctx.out(JSON.stringify(value));
  else for (const line of lines(value)) ctx.out(line);
  return 0;
}

function withStore(ctx: CliContext, work: (store: Store) => number): Promise<number> {
  const store = openCliStore(ctx);
  try {
    return Promise.resolve(work(store));
  } finally {
    closeStore(store);
  }
}

import { parseArgs } from 'node:util';
import { AkrabError, validationError } from '../../../shared/errors';
import { signIn } from '../../core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../core/authority/signing';
import type { Session } from '../../core/auth/roles';
import {
  adjustPoints,
  earnPoints,
  expirePoints,
  flaggedBalances,
  pointsBalance,
  pointsStatement,
  redeemChecked,
  listRules,
  setRule,
  verifyBalances,
} from '../../core/loyalty';
import { loyaltyErrors } from '../../core/loyalty/errors';
import { requireActiveCard } from '../../core/loyalty/cards/cardLife';
import { normalizeCardNo } from '../../../shared/card';
import { isoDate } from '../../../shared/schemas';
import { deviceToday } from '../../core/loyalty/ledgerDays';
import { closeStore, type Store } from '../../core/store/store';
import { SyncEngine } from '../../core/sync/syncEngine';
import { SyncError } from '../../core/sync/syncClient';
import { openCliStore, type CliContext, type Command } from '../context';
import { resolveCustomer } from './care';

const usage = `usage: akrab points balance|statement CUSTOMER [--limit N] [--json]
       akrab points earn CUSTOMER --invoice NO --amount RUPIAH [--line N] [--at ISO] [--json]
       akrab points redeem CUSTOMER --points N [--key KEY] [--invoice NO] [--staff STAFF_ID --password PASSWORD] [--json]
                         checked against the server's ledger when this device is enrolled and a staff member signs
                         the balance read; else offline: provisional, within the offline limit
       akrab points adjust CUSTOMER --points N --reason TEXT --manager STAFF_ID --password PASSWORD [--json]
       akrab points expire [--on YYYY-MM-DD] [--json]
       akrab points verify [--json]          cached balances against the ledger, and the flagged (negative) balances
       akrab points rule --from YYYY-MM-DD [--to YYYY-MM-DD] --rupiah-per-point N --point-value RUPIAH --validity-months N
                         [--min-purchase RUPIAH] [--rounding floor|round|ceil] [--offline-limit N]
                         [--earn-and-redeem | --no-earn-and-redeem] --manager STAFF_ID --password PASSWORD [--json]
                         a new version; what it does not say is kept from the version before it (product multipliers too)
CUSTOMER is a card number or phone, as akrab lookup takes it.`;

/** `akrab points …`: the loyalty ledger from the command line (electron/core/loyalty). */
export const points: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(usage), 0);
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      invoice: { type: 'string' },
      amount: { type: 'string' },
      line: { type: 'string' },
      at: { type: 'string' },
      points: { type: 'string' },
      key: { type: 'string' },
      online: { type: 'boolean' },
      staff: { type: 'string' },
      reason: { type: 'string' },
      manager: { type: 'string' },
      password: { type: 'string' },
      on: { type: 'string' },
      limit: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'rupiah-per-point': { type: 'string' },
      'point-value': { type: 'string' },
      'validity-months': { type: 'string' },
      'min-purchase': { type: 'string' },
      rounding: { type: 'string' },
      'offline-limit': { type: 'string' },
      'earn-and-redeem': { type: 'boolean' },
      'no-earn-and-redeem': { type: 'boolean' },
    },
  });
  const query = positionals.join(' ').trim();
  const needsCustomer = ['balance', 'statement', 'earn', 'redeem', 'adjust'].includes(sub ?? '');
  if (!sub || (needsCustomer && !query) || !['balance', 'statement', 'earn', 'redeem', 'adjust', 'expire', 'verify', 'rule'].includes(sub))
    return (ctx.err(usage), 2);
  if (sub === 'redeem') {
    // The caller's word that the server was consulted made a redemption final and unbounded by the offline limit.
    if (values.online) return (ctx.err('--online is gone: an enrolled device checks the redemption with the server itself (--staff, --password)'), 2);
    return redeem(ctx, query, values);
  }
  return withStore(ctx, (store) => {
    const customer = () => customerOf(store, query);
    switch (sub) {
      case 'balance':
        return print(ctx, pointsBalance(store, customer()), (b) => [
          `balance ${b.balance} (available ${b.available}, expiring within 30 days ${b.expiringSoon})${b.flagged ? '  FLAGGED: negative' : ''}`,
        ]);
      case 'statement':
        return print(ctx, pointsStatement(store, customer(), { limit: limitOf(values.limit) ?? 100 }), (lines) =>
          lines.map(
            (l) =>
              `${l.occurredAt}  ${l.kind.padEnd(12)} ${String(l.points).padStart(7)}  → ${l.balanceAfter}${l.provisional ? '  provisional' : ''}${l.reason ? `  ${l.reason}` : ''}`,
          ),
        );
      case 'earn': {
        if (!values.invoice) throw loyaltyErrors.invoiceRequired();
        const event = earnPoints(store, {
          customerId: customer(),
          invoiceNo: values.invoice,
          amount: numberOf(values.amount) ?? NaN,
          line: numberOf(values.line),
          purchasedAt: values.at,
        });
        return print(ctx, { event }, ({ event: e }) => [
          e ? `earned ${e.points} points  [${e.id}]` : 'no points: no programme rule in force, or below the minimum purchase',
        ]);
      }
      case 'adjust': {
        const manager = managerSession(store, values.manager, values.password);
        const event = adjustPoints(store, manager, { customerId: customer(), points: numberOf(values.points), reason: values.reason });
        return print(ctx, event, (e) => [`adjusted ${e.points > 0 ? '+' : ''}${e.points} points  [${e.id}]`]);
      }
      case 'expire': {
        // A day after today would end lots still valid; an unreadable one sorted after every day and ended them all.
        const onDay = dayOf(values.on, 'on');
        const today = deviceToday(store);
        if (onDay !== undefined && onDay > today)
          throw new AkrabError({ code: 'validation', field: 'on', messageKey: 'error.loyalty.expire_day_future', params: { today } });
        return print(ctx, expirePoints(store, onDay), (r) => [
          `expired ${r.points} points in ${r.events} events for ${r.customers} customers`,
        ]);
      }
      case 'verify': {
        const result = { ...verifyBalances(store), flagged: flaggedBalances(store) };
        print(ctx, result, (r) => [
          `${r.customers} balances checked, ${r.mismatches.length} disagree with the ledger; ${r.flagged.length} flagged (negative)`,
        ]);
        return result.mismatches.length === 0 ? 0 : 1;
      }
      default: {
        const manager = managerSession(store, values.manager, values.password);
        // What the command does not say stays as the version before it has it (the programme screen starts from it
        // too): before, a new version without --offline-limit set the offline limit to 0, and dropped the multipliers.
        const before = listRules(store)
          .filter((r) => r.kind === 'base' && values.from !== undefined && r.validFrom < values.from)
          .at(-1);
        const rule = setRule(store, manager, {
          validFrom: values.from,
          validTo: values.to,
          rupiahPerPoint: numberOf(values['rupiah-per-point']) ?? before?.rupiahPerPoint,
          pointValue: numberOf(values['point-value']) ?? before?.pointValue,
          validityMonths: numberOf(values['validity-months']) ?? before?.validityMonths,
          minPurchase: numberOf(values['min-purchase']) ?? before?.minPurchase,
          rounding: values.rounding ?? before?.rounding,
          offlineRedeemLimit: numberOf(values['offline-limit']) ?? before?.offlineRedeemLimit,
          earnAndRedeemSameSale: values['no-earn-and-redeem'] ? false : (values['earn-and-redeem'] ?? before?.earnAndRedeemSameSale),
          multipliers: before?.multipliers,
        });
        return print(ctx, rule, (r) => [
          `rule ${r.id} from ${r.validFrom}: 1 point per Rp ${r.rupiahPerPoint}, worth Rp ${r.pointValue}, valid ${r.validityMonths} months`,
        ]);
      }
    }
  });
};

export function customerOf(store: Store, query: string): string {
  // A blocked or lost card earns and redeems nothing: its error says why and names the replacement.
  const card = store.sqlite.prepare('SELECT status FROM cards WHERE card_no = ? AND deleted_at IS NULL').pluck().get(normalizeCardNo(query));
  if (card !== undefined && card !== 'active') requireActiveCard(store, query);
  try {
    return resolveCustomer(store, query);
  } catch (error) {
    if (error instanceof AkrabError && error.code === 'not_found') throw loyaltyErrors.unknownCustomer();
    throw error;
  }
}

/** A manager signs in with their password: the writes that follow are signed with it, as the server requires. */
export function managerSession(store: Store, staffId: string | undefined, password: string | undefined): Session {
  if (!staffId || !password) throw loyaltyErrors.managerRequired();
  return staffSession(store, staffId, password);
}

/** A staff member signs in with their password; what follows is signed with it (a server balance read, a write). */
function staffSession(store: Store, staffId: string, password: string): Session {
  const session = signIn(store, staffId, { password });
  store.authority = { staffId, kind: 'password', key: deriveAuthorityKey(password, staffId, 'password') };
  store.staff = session.name;
  return session;
}

/**
 * `akrab points redeem`, as the counter redeems (`redeemChecked`): on an enrolled device, one sync round and the
 * server's balance, read for the signed-in staff member, bound the redemption; out of reach, not enrolled or with
 * nobody signed in, it is the offline redemption, provisional and within the offline limit.
 */
async function redeem(ctx: CliContext, query: string, values: { points?: string; key?: string; invoice?: string; staff?: string; password?: string }): Promise<number> {
  // The staff member and their password go together (the balance read is signed with the password).
  if (values.staff && !values.password) throw validationError('password', 'error.pin_or_password');
  if (values.password && !values.staff) throw validationError('staff', 'error.sign_in_required');
  const store = openCliStore(ctx);
  try {
    const customerId = customerOf(store, query);
    if (values.staff && values.password) staffSession(store, values.staff, values.password);
    const engine = new SyncEngine(store, { timeoutMs: 15_000 });
    // The desktop app seals the device's token with the OS keystore, which a command cannot open: say why the
    // redemption is then the offline one.
    if (engine.tokenSealedElsewhere)
      ctx.err("This device's sync token is sealed by the desktop app's OS keystore: the redemption is the offline one (redeem in the Akrab app to check it with the server).");
    const { event, serverBalance, repeated } = await redeemChecked(store, engine.enrolled ? engine : null, {
      customerId,
      points: numberOf(values.points) ?? NaN,
      key: values.key,
      invoiceNo: values.invoice,
    });
    return print(ctx, { ...event, serverBalance, ...(repeated && { repeated }) }, (e) => [
      `${repeated ? 'already redeemed under this key' : 'redeemed'} ${-e.points} points${
        e.provisional ? ' (provisional: offline)' : serverBalance !== null ? `, checked against the server's balance of ${serverBalance}` : ''
      }  [${e.id}]`,
    ]);
  } catch (error) {
    // The server answered but refused (not permitted, revoked device, a stale signature): say so, as akrab sync does.
    if (!(error instanceof SyncError)) throw error;
    if (ctx.json) ctx.out(JSON.stringify({ error: { code: error.code, messageKey: error.messageKey } }));
    ctx.err(`the server refused the balance read: ${error.message}`);
    return 1;
  } finally {
    closeStore(store);
  }
}

/** A `--on`/`--from` day as the core takes it (YYYY-MM-DD, a day of the calendar), or undefined when not given. */
export function dayOf(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  if (!isoDate.safeParse(text.trim()).success) throw validationError(field, 'error.day_invalid', { value: text });
  return text.trim();
}

function limitOf(text: string | undefined): number | undefined {
  const limit = numberOf(text);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) throw validationError('limit', 'error.limit_invalid', { value: text ?? '' });
  return limit;
}

export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return text.trim() === '' ? NaN : value;
}

export function print<T>(ctx: CliContext, value: T, lines: (value: T) => string[]): number {
  if (ctx.json) ctx.out(JSON.stringify(value));
  else for (const line of lines(value)) ctx.out(line);
  return 0;
}

export async function withStore(ctx: CliContext, work: (store: Store) => number): Promise<number> {
  const store = openCliStore(ctx);
  try {
    return work(store);
  } finally {
    closeStore(store);
  }
}

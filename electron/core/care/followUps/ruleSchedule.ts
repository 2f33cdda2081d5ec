import type { RulePassReport } from '../../../../shared/care';
import type { Store } from '../../store/store';
import { refreshRecurringCampaigns } from '../../campaigns/recurring';
import { runLoyaltyDailyPassOffThread } from '../../loyalty/dailyPass';
import { runFollowUpRulesInSteps } from './rules';
import { learnDailyOffThread } from '../../learning/learnOffThread';

/** Long enough for the window (or the harness) to be up and answering before a pass takes the store. */
export const RULE_PASS_FIRST_DELAY_MS = 30_000;
export const RULE_PASS_INTERVAL_MS = 60 * 60_000;

export interface RuleScheduleLog {
  info: (message: string) => void;
  error: (message: string, error: unknown) => void;
}

export interface RuleScheduleOptions {
  firstDelayMs?: number;
  intervalMs?: number;
  /** The pass itself; the whole store's rules by default. Tests pass their own. */
  run?: (store: Store) => RulePassReport | Promise<RulePassReport>;
  log?: RuleScheduleLog;
}

export interface RuleSchedule {
  /** Runs a pass now unless one is running (then resolves to null); the next timed pass stays as planned. */
  runNow: () => Promise<RulePassReport | null>;
  /** Whether a pass is running at this moment. */
  running: () => boolean;
  lastReport: () => RulePassReport | null;
  stop: () => void;
}

const schedules = new WeakMap<Store, RuleSchedule>();

const consoleLog: RuleScheduleLog = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

/** The pass as the device itself, not as whoever is signed in: escalation events carry no staff name. */
async function systemPass(store: Store): Promise<RulePassReport> {
  // Steps of the pass interleave with calls, which set store.staff to their caller: each write step runs as
  // the device, through a view of the store whose staff is always nobody.
  const asDevice = Object.create(store, { staff: { value: null } }) as Store;
  const report = await runFollowUpRulesInSteps(asDevice);
  // Next best offers and the forecast (issue 19): the co-purchase rules are relearnt once they are a day old and
  // the forecast's slow part (repeat purchases, past months) once a WIB day, reading on a thread of their own.
  const { offerRules } = await learnDailyOffThread(asDevice);
  // Loyalty (issue 17): points expiry and the tier recompute ride on the same schedule, once a day, on a thread of
  // their own (the tier recompute alone takes 20-50 s at a million customers).
  const loyalty = await runLoyaltyDailyPassOffThread(asDevice);
  // Segments and campaigns (issue 18): recurring campaigns add the day's new matches for this outlet, once a day.
  const campaigns = refreshRecurringCampaigns(asDevice);
  return {
    ...report,
    ...(offerRules ? { offerRules } : {}),
    ...(loyalty ? { loyalty: { expiredPoints: loyalty.expired.points, tierChanges: loyalty.tiers.changed } } : {}),
    ...(campaigns ? { campaigns: { refreshed: campaigns.campaigns, added: campaigns.added, failed: campaigns.failed.length } } : {}),
  };
}

function summary(report: RulePassReport): string {
  const created = Object.values(report.created).reduce((a, b) => a + b, 0);
  const offers = report.offerRules ? `; offer rules relearnt: ${report.offerRules.rules} in ${report.offerRules.ms} ms` : '';
  const loyalty = report.loyalty
    ? `; loyalty: ${report.loyalty.expiredPoints} points expired, ${report.loyalty.tierChanges} tier changes`
    : '';
  const campaigns = report.campaigns
    ? `; recurring campaigns: ${report.campaigns.refreshed} refreshed, ${report.campaigns.added} targets added${report.campaigns.failed ? `, ${report.campaigns.failed} failed` : ''}`
    : '';
  return `[akrab] follow-up rules: ${created} created, ${report.skippedExisting} already there, ${report.escalated} escalated${offers}${loyalty}${campaigns}`;
}

/**
 * Runs the follow-up rule pass by itself: once shortly after start, then every interval, for the Electron main
 * process and the web harness alike (plain Node: no electron import). A pass never overlaps another one (the
 * next is timed from the end of the last), and a failing pass is logged and retried at the next interval: it
 * never takes the app down. One schedule per store; starting it again returns the running one.
 */
export function startRuleSchedule(store: Store, options: RuleScheduleOptions = {}): RuleSchedule {
  const existing = schedules.get(store);
  if (existing) return existing;
  const firstDelay = options.firstDelayMs ?? RULE_PASS_FIRST_DELAY_MS;
  const interval = options.intervalMs ?? RULE_PASS_INTERVAL_MS;
  const run = options.run ?? systemPass;
  const log = options.log ?? consoleLog;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let active = false;
  let stopped = false;
  let last: RulePassReport | null = null;

  const pass = async (): Promise<RulePassReport | null> => {
    if (active || stopped) return null;
    active = true;
    try {
      last = await run(store);
      log.info(summary(last));
      return last;
    } catch (error) {
      log.error('[akrab] follow-up rule pass failed; trying again at the next interval', error);
      return null;
    } finally {
      active = false;
    }
  };

  const plan = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      // pass() catches the rule pass's own errors; only a throwing logger lands in the second branch.
      void pass().then(
        () => plan(interval),
        () => plan(interval),
      );
    }, delay);
    // A pending pass must not keep a process alive that is otherwise done (the CLI, a test).
    timer.unref?.();
  };

  const schedule: RuleSchedule = {
    runNow: pass,
    running: () => active,
    lastReport: () => last,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      schedules.delete(store);
    },
  };
  schedules.set(store, schedule);
  plan(firstDelay);
  return schedule;
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RulePassReport } from '../../shared/care';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { listFollowUps } from '../../electron/core/care/followUps/followUps';
import { startRuleSchedule, type RuleSchedule, type RuleScheduleLog } from '../../electron/core/care/followUps/ruleSchedule';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { RulePass, runFollowUpRules, runFollowUpRulesInSteps } from '../../electron/core/care/followUps/rules';
import { ruleTriggers } from '../../electron/core/care/followUps/ruleTriggers';
import { aCustomer } from '../support/builders';
import { careStore, HOUR } from './support';
import { transact } from '../../electron/core/store/writer';
import { followUps } from '../../db/schema/care';

const MIN = 60_000;

function quietLog(): RuleScheduleLog & { infos: string[]; errors: unknown[] } {
  const infos: string[] = [];
  const errors: unknown[] = [];
  return { infos, errors, info: (m) => void infos.push(m), error: (_m, e) => void errors.push(e) };
}

const emptyReport = (): RulePassReport => ({
  date: '2026-11-23',
  created: { manual: 0, birthday: 0, after_purchase: 0, neglected: 0, complaint_check: 0, escalation: 0 },
  skippedExisting: 0,
  escalated: 0,
});

describe('the rule pass runs by itself', () => {
  let schedule: RuleSchedule | null = null;
  beforeEach(() => {
    // The pass itself hands the event loop back between its steps with setImmediate, which stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  /** Lets a pass that a timer started run its steps to the end. */
  const passDone = async () => {
    while (schedule?.running()) await new Promise((resolve) => setImmediate(resolve));
  };
  afterEach(() => {
    schedule?.stop();
    schedule = null;
    vi.useRealTimers();
  });

  it('runs the real pass shortly after start and then every interval, creating each follow-up once', async () => {
    const { store, setNow } = careStore('2026-11-23T03:00:00.000Z');
    const siti = registerCustomer(store, { ...aCustomer().named('Siti Rahayu').build(), birthDate: '1990-11-26', consentMarketing: true });
    const log = quietLog();
    schedule = startRuleSchedule(store, { firstDelayMs: 30_000, intervalMs: 60 * MIN, log });
    expect(startRuleSchedule(store)).toBe(schedule); // one schedule per store

    await vi.advanceTimersByTimeAsync(29_000);

    await passDone();
    expect(listFollowUps(store)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    await passDone();
    expect(listFollowUps(store).map((f) => [f.kind, f.customerId, f.dueDate])).toEqual([['birthday', siti.id, '2026-11-26']]);
    expect(schedule.lastReport()?.created.birthday).toBe(1);
    expect(log.infos).toHaveLength(1);

    // An hour later: a complaint past its response time is escalated; the birthday is not created twice.
    const c = openComplaint(store, { customerId: siti.id, category: 'billing', severity: 'high', description: 'Tagihan ganda' });
    setNow('2026-11-23T07:00:00.000Z');
    await vi.advanceTimersByTimeAsync(60 * MIN);
    await passDone();
    expect(log.infos).toHaveLength(2);
    expect(schedule.lastReport()).toMatchObject({ escalated: 1, skippedExisting: 1 });
    expect(
      listFollowUps(store)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['birthday', 'escalation']);
    expect(log.errors).toEqual([]);
    expect(c.id).toBeTruthy();
  });

  it('never runs two passes at once: a slow pass delays the next, and runNow while one runs does nothing', async () => {
    const { store } = careStore();
    let finish: (() => void) | null = null;
    const run = vi.fn(
      () =>
        new Promise<RulePassReport>((resolve) => {
          finish = () => resolve(emptyReport());
        }),
    );
    schedule = startRuleSchedule(store, { firstDelayMs: 1_000, intervalMs: 10_000, run, log: quietLog() });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(schedule.running()).toBe(true);
    // The pass takes far longer than the interval: no second one starts meanwhile.
    await vi.advanceTimersByTimeAsync(35_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(await schedule.runNow()).toBeNull();
    expect(run).toHaveBeenCalledTimes(1);
    finish!();
    await vi.advanceTimersByTimeAsync(0);
    expect(schedule.running()).toBe(false);
    // The next one is an interval after the end of the last.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('logs a failing pass and tries again at the next interval; stop ends it', async () => {
    const { store } = careStore();
    const log = quietLog();
    const run = vi
      .fn<() => RulePassReport>()
      .mockImplementationOnce(() => {
        throw new Error('database is locked');
      })
      .mockImplementation(emptyReport);
    schedule = startRuleSchedule(store, { firstDelayMs: 0, intervalMs: HOUR, run, log });
    await vi.advanceTimersByTimeAsync(0);
    expect(log.errors).toHaveLength(1);
    expect((log.errors[0] as Error).message).toBe('database is locked');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(run).toHaveBeenCalledTimes(2);
    expect(log.infos).toHaveLength(1);
    schedule.stop();
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(run).toHaveBeenCalledTimes(2);
    // A stopped store can be scheduled again.
    schedule = startRuleSchedule(store, { firstDelayMs: 0, intervalMs: HOUR, run, log });
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('runs the pass as the device, not as whoever is signed in, and leaves the signed-in name as it was', async () => {
    const { store, setNow } = careStore();
    const c = openComplaint(store, {
      customerId: registerCustomer(store, aCustomer().build()).id,
      category: 'billing',
      severity: 'high',
      description: 'x',
    });
    setNow('2026-11-23T07:00:00.000Z');
    store.staff = 'Rina';
    schedule = startRuleSchedule(store, { firstDelayMs: 0, log: quietLog() });
    await vi.advanceTimersByTimeAsync(0);
    await passDone();
    const escalated = store.sqlite.prepare(`SELECT staff FROM complaint_events WHERE complaint_id = ? AND kind = 'escalated'`).all(c.id);
    expect(escalated).toEqual([{ staff: null }]);
    expect(store.staff).toBe('Rina');
  });
});

describe('the stepped rule pass', () => {
  it('hands the event loop back between its steps and makes the same follow-ups as the one-go pass', async () => {
    const make = () => {
      const { store } = careStore('2026-11-23T03:00:00.000Z');
      registerCustomer(store, { ...aCustomer().named('Siti Rahayu').build(), birthDate: '1990-11-26', consentMarketing: true });
      return store;
    };
    const stepped = make();
    let finished = false;
    let interleaved = 0;
    const tick = () => {
      if (finished) return;
      interleaved++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const report = await runFollowUpRulesInSteps(stepped).finally(() => (finished = true));
    expect(interleaved).toBeGreaterThan(3);
    const oneGo = runFollowUpRules(make());
    expect(report).toEqual(oneGo);
    expect(listFollowUps(stepped).map((f) => [f.kind, f.dueDate])).toEqual([['birthday', '2026-11-26']]);
  });
});

describe('a rule pass meets a sync between its reading and its writing', () => {
  it('skips a follow-up that arrived (same id) after the rules read, instead of failing on the duplicate', async () => {
    const { store } = careStore('2026-11-23T03:00:00.000Z');
    registerCustomer(store, { ...aCustomer().named('Siti Rahayu').build(), birthDate: '1990-11-26', consentMarketing: true });
    const pass = new RulePass(store);
    const found = [...ruleTriggers(store.sqlite, pass.outlets, pass.nowIso)];
    const proposed = found.flatMap((b) => b.followUps);
    expect(proposed.map((f) => f.kind)).toEqual(['birthday']);
    // Before the pass writes, the same follow-up arrives as another device's write would.
    transact(store, (w) => w.insert(followUps, proposed[0]!));
    const report = await pass.write(found);
    expect(report.created.birthday).toBe(0);
    expect(listFollowUps(store)).toHaveLength(1);
  });
});

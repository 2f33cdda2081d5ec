import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RulePass, runFollowUpRules, runFollowUpRulesInSteps } from '../../electron/core/care/followUps/rules';
import { inPieces, ruleTriggers, type Escalation, type ProposedFollowUp } from '../../electron/core/care/followUps/ruleTriggers';
import { ruleTriggersOffThread, useRuleReaderEntry } from '../../electron/core/care/followUps/readRuleTriggers';
import type { Store } from '../../electron/core/store/store';
import { bundledAsShipped } from '../support/electronBundle';
import { tempDir } from '../support/tempStore';
import { handStore } from './handStore';

afterEach(() => {
  useRuleReaderEntry();
  vi.restoreAllMocks();
});

/** The follow-ups and complaint events a pass left, without the ids (two stores name their customers differently). */
function rowsOf(store: Store) {
  const pick = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    followUps: pick(`SELECT kind, owner, reason, due_date, created_by_staff FROM follow_ups ORDER BY kind`),
    escalations: pick(`SELECT note, staff FROM complaint_events WHERE kind = 'escalated'`),
  };
}

describe("the rule pass's reading thread", () => {
  it('finds, on its own connection, exactly what the rules find in this thread', async () => {
    const { store } = handStore();
    const pass = new RulePass(store);
    const input = { file: store.sqlite.name, outlets: pass.outlets, nowIso: pass.nowIso };
    const here = [...ruleTriggers(store.sqlite, input.outlets, input.nowIso)];
    const offThread = [];
    for await (const batch of ruleTriggersOffThread(input, () => {
      throw new Error('the fallback must not run');
    }))
      offThread.push(batch);
    expect(offThread).toEqual(here);
    expect(here.flatMap((b) => b.followUps.map((f) => f.kind)).sort()).toEqual(['after_purchase', 'birthday', 'complaint_check', 'escalation', 'neglected']);
  });

  it('posts big findings in pieces, escalations with the last, nothing lost or repeated', () => {
    const followUps = Array.from({ length: 25 }, (_, i) => ({ id: `F${String(i).padStart(2, '0')}` }) as ProposedFollowUp);
    const escalations = [{ eventId: 'E1' }, { eventId: 'E2' }] as Escalation[];
    const pieces = [...inPieces({ followUps, escalations, skippedExisting: 7 }, 10)];
    expect(pieces.map((p) => [p.followUps.length, p.escalations.length, p.skippedExisting])).toEqual([
      [10, 0, 7],
      [10, 0, 0],
      [5, 2, 0],
    ]);
    expect(pieces.flatMap((p) => p.followUps)).toEqual(followUps);
    expect([...inPieces({ followUps: [], escalations, skippedExisting: 1 }, 10)]).toEqual([{ followUps: [], escalations, skippedExisting: 1 }]);
    expect([...inPieces({ followUps: followUps.slice(0, 10), escalations, skippedExisting: 0 }, 10)]).toHaveLength(1);
  });

  it("the app's pass writes the same rows and report as the one-go pass in this thread", async () => {
    const warn = vi.spyOn(console, 'warn');
    const stepped = handStore().store;
    const oneGo = handStore().store;
    const report = await runFollowUpRulesInSteps(stepped);
    expect(report).toEqual(runFollowUpRules(oneGo));
    expect(rowsOf(stepped)).toEqual(rowsOf(oneGo));
    expect(rowsOf(stepped).followUps).toHaveLength(5);
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs as the compiled file the Electron build ships (build/buildElectron.mjs)', async () => {
    useRuleReaderEntry(await bundledAsShipped('electron/core/care/followUps/ruleReaderThread.ts', 'ruleReader.cjs'));
    const warn = vi.spyOn(console, 'warn');
    const { store } = handStore();
    const report = await runFollowUpRulesInSteps(store);
    expect(report.created).toEqual({ manual: 0, birthday: 1, after_purchase: 1, neglected: 1, complaint_check: 1, escalation: 1 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('when its thread cannot start, the pass reads in this thread instead, and says so', async () => {
    useRuleReaderEntry(path.join(tempDir(), 'missing.cjs'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { store } = handStore();
    const report = await runFollowUpRulesInSteps(store);
    expect(report.created).toEqual({ manual: 0, birthday: 1, after_purchase: 1, neglected: 1, complaint_check: 1, escalation: 1 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('their own thread failed'), expect.any(Error));
  });

  it('a second pass through the thread creates nothing', async () => {
    const { store } = handStore();
    await runFollowUpRulesInSteps(store);
    const again = await runFollowUpRulesInSteps(store);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);
    expect(again.skippedExisting).toBe(4);
  });
});

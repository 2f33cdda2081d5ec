import { describe, expect, it } from 'vitest';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { customerKnowledge } from '../../electron/core/knowledge/profile';
import { offersFor } from '../../electron/core/offers/offerRules';
import { pipelineBoard } from '../../electron/core/opportunities/opportunities';
import { salesForecast } from '../../electron/core/opportunities/forecast';
import { tempStore } from '../support/tempStore';

describe('the demo store shows customer knowledge and the pipeline', () => {
  it('has profiles with family, offers from rules, potential sales in every stage and a forecast with history', () => {
    const store = tempStore();
    seedDemoStore(store);
    const profiled = store.sqlite.prepare('SELECT DISTINCT customer_id FROM customer_facts').pluck().all() as string[];
    expect(profiled.length).toBeGreaterThanOrEqual(30);
    const k = customerKnowledge(store, profiled[0]!);
    expect(k.facts.occupation).toBeTruthy();
    expect(k.family.length).toBeGreaterThan(0);
    expect(k.interests.length).toBeGreaterThan(0);
    expect(offersFor(store, profiled[0]!).some((o) => o.kind === 'rule')).toBe(true);
    const board = pipelineBoard(store, store.outletId!);
    for (const column of board) expect(column.count, column.stage).toBeGreaterThan(0);
    const forecast = salesForecast(store, { outletId: store.outletId });
    expect(forecast.months.some((m) => m.opportunities > 0)).toBe(true);
    expect(forecast.winRates.find((r) => r.stage === 'interested' && r.category === null)!.closed).toBeGreaterThan(20);
    const followUps = store.sqlite.prepare(`SELECT count(*) FROM follow_ups WHERE reason LIKE 'Tindak lanjut calon%'`).pluck().get() as number;
    expect(followUps).toBeGreaterThan(10);
  });
});

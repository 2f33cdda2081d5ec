import { describe, expect, it } from 'vitest';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { flaggedBalances, listRules, listTierProgrammes, verifyBalances } from '../../electron/core/loyalty';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { tempStore } from '../support/tempStore';

describe('the demo store shows loyalty', () => {
  it('has a programme, tiers, balances, one flagged balance, a replaced and a blocked card', () => {
    const store = tempStore();
    seedDemoStore(store);
    expect(listRules(store)).toHaveLength(1);
    expect(listTierProgrammes(store)[0]!.levels.map((l) => l.code)).toEqual(['silver', 'gold', 'platinum']);
    const withPoints = store.sqlite.prepare('SELECT count(*) FROM points_balances WHERE balance > 0').pluck().get() as number;
    expect(withPoints).toBeGreaterThan(100);
    const tiers = Object.fromEntries(
      store.sqlite.prepare('SELECT tier_code, count(*) FROM customer_tiers WHERE tier_code IS NOT NULL GROUP BY tier_code').raw().all() as [string, number][],
    );
    expect(Object.keys(tiers).length).toBeGreaterThanOrEqual(2);
    expect(flaggedBalances(store)).toEqual([expect.objectContaining({ balance: -15 })]);
    expect(verifyBalances(store).mismatches).toEqual([]);
    const states = store.sqlite.prepare(`SELECT card_no, status FROM cards WHERE status <> 'active'`).all() as { card_no: string; status: string }[];
    expect(states.map((s) => s.status).sort()).toEqual(['blocked', 'lost']);
    const lost = states.find((s) => s.status === 'lost')!;
    expect(lookupCustomer(store, lost.card_no)!.card).toMatchObject({ status: 'lost', reason: 'hilang', replacedBy: `${lost.card_no.slice(0, 24)}R` });
  });
});

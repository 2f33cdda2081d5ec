import { describe, expect, it } from 'vitest';
import {
  createOpportunity,
  getOpportunity,
  listOpportunities,
  pipelineBoard,
  updateOpportunity,
} from '../../electron/core/opportunities/opportunities';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { getFollowUp } from '../../electron/core/care/followUps/followUps';
import { opportunityStages, type OpportunityStage } from '../../shared/knowledge';
import { careStore, purchase } from '../care/support';
import { akrabErrorOf } from '../support/akrabError';

// careStore's clock: 2026-11-23 10:00 WIB.
const draft = (customerId: string) => ({
  customerId,
  product: 'Kasur Springbed 160',
  category: 'Kasur',
  budget: 4_500_000,
  expectedDecisionDate: '2026-12-05',
  reasonNotBought: 'comparing' as const,
});

const changesOf = (store: ReturnType<typeof careStore>['store']) =>
  store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get() as number;

/** Every (from, to) pair and whether it is legal. */
const legal: Record<OpportunityStage, OpportunityStage[]> = {
  interested: ['quoted', 'negotiating', 'won', 'lost'],
  quoted: ['interested', 'negotiating', 'won', 'lost'],
  negotiating: ['quoted', 'won', 'lost'],
  won: [],
  lost: [],
};
const pairs = opportunityStages.flatMap((from) =>
  opportunityStages.filter((to) => to !== from).map((to) => [from, to, legal[from].includes(to)] as const),
);

describe('opportunities (potential sales)', () => {
  it('records a potential sale with its reason and a follow-up on "my day"', () => {
    const { store, customer, setNow } = careStore();
    const siti = customer();
    const o = createOpportunity(store, draft(siti.id));
    expect(o).toMatchObject({
      stage: 'interested',
      owner: 'Rina',
      budget: 4_500_000,
      reasonNotBought: 'comparing',
      next: legal.interested,
    });
    const f = getFollowUp(store, o.followUpId!);
    expect(f).toMatchObject({ dueDate: '2026-11-26', owner: 'Rina', status: 'open', customerId: siti.id });
    setNow('2026-11-26T03:00:00.000Z');
    expect(myDay(store).dueToday.map((d) => d.id)).toEqual([o.followUpId]);
  });

  it.each([
    [{ budget: 0 }, 'budget', 'error.knowledge.budget_not_positive_rupiah'],
    [{ budget: -5000 }, 'budget', 'error.knowledge.budget_not_positive_rupiah'],
    [{ budget: 1500.5 }, 'budget', 'error.knowledge.budget_not_positive_rupiah'],
    [{ budget: '4500000' }, 'budget', 'error.knowledge.budget_not_positive_rupiah'],
    [{ stage: 'hot' }, 'stage', 'error.knowledge.stage_unknown'],
    [{ stage: 'won' }, 'stage', 'error.knowledge.stage_unknown'],
    [{ reasonNotBought: 'weather' }, 'reasonNotBought', 'error.knowledge.reason_unknown'],
    [{ expectedDecisionDate: '2026-02-30' }, 'expectedDecisionDate', 'error.date_invalid'],
  ])('refuses %j with a specific error, writing nothing', (patch, field, messageKey) => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = changesOf(store);
    const error = akrabErrorOf(() => createOpportunity(store, { ...draft(siti.id), ...patch }));
    expect(error.issues?.[0] ?? error).toMatchObject({ field, messageKey });
    expect(changesOf(store)).toBe(before);
  });

  it('refuses a decision date in the past for a new opportunity', () => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = changesOf(store);
    expect(akrabErrorOf(() => createOpportunity(store, { ...draft(siti.id), expectedDecisionDate: '2026-11-22' }))).toMatchObject({
      field: 'expectedDecisionDate',
      messageKey: 'error.knowledge.decision_date_past',
    });
    expect(changesOf(store)).toBe(before);
    // Today is not in the past.
    expect(createOpportunity(store, { ...draft(siti.id), expectedDecisionDate: '2026-11-23' }).expectedDecisionDate).toBe('2026-11-23');
  });

  it.each(pairs)('stage %s → %s legal: %s', (from, to, ok) => {
    const { store, customer } = careStore();
    const siti = customer();
    purchase(store, siti.id, { invoiceNo: 'INV-1', purchasedAt: '2026-11-23T02:00:00.000Z', amount: 4_200_000 });
    const o = createOpportunity(store, draft(siti.id));
    // Walk to `from` by a legal path.
    const path: Record<OpportunityStage, OpportunityStage[]> = {
      interested: [],
      quoted: ['quoted'],
      negotiating: ['negotiating'],
      won: ['won'],
      lost: ['lost'],
    };
    const close = (stage: OpportunityStage) => ({ opportunityId: o.id, stage, invoiceNo: 'INV-1', lostReason: 'price' as const });
    for (const stage of path[from]) updateOpportunity(store, close(stage));
    const before = changesOf(store);
    if (ok) expect(updateOpportunity(store, close(to)).stage).toBe(to);
    else {
      expect(akrabErrorOf(() => updateOpportunity(store, close(to)))).toMatchObject({
        code: 'conflict',
        field: 'stage',
        messageKey: 'error.knowledge.stage_change_illegal',
        params: { from, to },
      });
      expect(changesOf(store)).toBe(before);
    }
  });

  it('won needs an invoice of this customer and links the purchase; its follow-up is done', () => {
    const { store, customer } = careStore();
    const siti = customer();
    const other = customer();
    purchase(store, other.id, { invoiceNo: 'INV-9', purchasedAt: '2026-11-23T02:00:00.000Z', amount: 1_000_000 });
    purchase(store, siti.id, { invoiceNo: 'INV-7', purchasedAt: '2026-11-23T02:30:00.000Z', amount: 4_200_000 });
    const o = createOpportunity(store, draft(siti.id));
    expect(akrabErrorOf(() => updateOpportunity(store, { opportunityId: o.id, stage: 'won' }))).toMatchObject({
      messageKey: 'error.knowledge.won_needs_invoice',
    });
    expect(akrabErrorOf(() => updateOpportunity(store, { opportunityId: o.id, stage: 'won', invoiceNo: 'INV-9' }))).toMatchObject({
      messageKey: 'error.knowledge.invoice_not_of_customer',
    });
    const won = updateOpportunity(store, { opportunityId: o.id, stage: 'won', invoiceNo: 'INV-7' });
    expect(won).toMatchObject({ stage: 'won', invoiceNo: 'INV-7', wonAmount: 4_200_000, next: [] });
    expect(getFollowUp(store, o.followUpId!).status).toBe('done');
    expect(akrabErrorOf(() => updateOpportunity(store, { opportunityId: o.id, budget: 5_000_000 }))).toMatchObject({
      messageKey: 'error.knowledge.opportunity_closed',
    });
  });

  it('lost records why; its follow-up is cancelled; the board totals rupiah per stage', () => {
    const { store, customer, outlet } = careStore();
    const siti = customer();
    const a = createOpportunity(store, draft(siti.id));
    const b = createOpportunity(store, { ...draft(siti.id), product: 'Sofa L', category: 'Sofa', budget: 7_000_000, stage: 'quoted' });
    createOpportunity(store, { ...draft(siti.id), budget: 3_000_000 });
    expect(akrabErrorOf(() => updateOpportunity(store, { opportunityId: a.id, stage: 'lost' }))).toMatchObject({
      messageKey: 'error.knowledge.lost_needs_reason',
    });
    expect(
      updateOpportunity(store, { opportunityId: a.id, stage: 'lost', lostReason: 'competitor', lostNote: 'Beli di toko sebelah' }),
    ).toMatchObject({
      stage: 'lost',
      lostReason: 'competitor',
      lostNote: 'Beli di toko sebelah',
    });
    expect(getFollowUp(store, a.followUpId!).status).toBe('cancelled');
    const board = pipelineBoard(store, outlet.id);
    expect(board.map((c) => [c.stage, c.count, c.total])).toEqual([
      ['interested', 1, 3_000_000],
      ['quoted', 1, 7_000_000],
      ['negotiating', 0, 0],
      ['won', 0, 0],
      ['lost', 1, 4_500_000],
    ]);
    expect(
      listOpportunities(store, { open: true })
        .map((o) => o.id)
        .sort(),
    ).toEqual([b.id, listOpportunities(store, { stage: 'interested' })[0]!.id].sort());
  });

  it('a long column shows a page of cards; asking for more of that column shows every card, the count and total over all', () => {
    const { store, outlet, customer } = careStore();
    const siti = customer();
    for (let i = 0; i < 7; i++) createOpportunity(store, { ...draft(siti.id), budget: 1_000_000 * (i + 1) });
    createOpportunity(store, { ...draft(siti.id), stage: 'quoted', budget: 9_000_000 });
    const page = pipelineBoard(store, outlet.id, 3);
    expect(page.map((c) => [c.stage, c.count, c.total, c.opportunities.length])).toEqual([
      ['interested', 7, 28_000_000, 3],
      ['quoted', 1, 9_000_000, 1],
      ['negotiating', 0, 0, 0],
      ['won', 0, 0, 0],
      ['lost', 0, 0, 0],
    ]);
    const more = pipelineBoard(store, outlet.id, 3, { interested: 6 });
    expect(more[0]!.opportunities.map((o) => o.id)).toEqual(expect.arrayContaining(page[0]!.opportunities.map((o) => o.id)));
    expect(more[0]!.opportunities).toHaveLength(6);
    const all = pipelineBoard(store, outlet.id, 3, { interested: 9 });
    expect(all[0]!.opportunities.map((o) => o.budget).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => n * 1_000_000));
    expect(all[0]).toMatchObject({ count: 7, total: 28_000_000 });
  });

  it('a new follow-up date moves the next step: the old one is cancelled, the new one is on "my day" that day', () => {
    const { store, customer, setNow } = careStore();
    const siti = customer();
    const o = createOpportunity(store, draft(siti.id));
    const moved = updateOpportunity(store, { opportunityId: o.id, stage: 'quoted', budget: 4_000_000, followUpDate: '2026-11-30' });
    expect(moved.followUpId).not.toBe(o.followUpId);
    expect(getFollowUp(store, o.followUpId!).status).toBe('cancelled');
    setNow('2026-11-30T03:00:00.000Z');
    expect(myDay(store).dueToday.map((f) => f.id)).toEqual([moved.followUpId]);
    expect(getOpportunity(store, o.id)).toMatchObject({ stage: 'quoted', budget: 4_000_000 });
  });
});

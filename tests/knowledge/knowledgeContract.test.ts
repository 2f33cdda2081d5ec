import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { signedInCore } from '../support/signedIn';
import { careStore, purchase } from '../care/support';

/** The calls of issue 19 as the renderer makes them: the contract's validation, the permissions, the handlers. */
describe('knowledge, opportunity and offer contract calls', () => {
  it('a clerk edits the profile, records and moves a potential sale, sees offers and the board; managers curate and forecast', () => {
    const { store, customer } = careStore();
    const siti = customer().id;
    const budi = customer().id;
    purchase(store, siti, {
      invoiceNo: 'INV-9',
      purchasedAt: '2026-11-20T03:00:00.000Z',
      amount: 4_200_000,
      mainProduct: 'Kasur Springbed',
    });
    const clerk = signedInCore(store, 'clerk', { name: 'Rina' });
    const manager = signedInCore(store, 'manager', { name: 'Bu Manajer' });
    const call = (core: ReturnType<typeof signedInCore>, name: string, input: unknown) => {
      const result = dispatch(core, name, input);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as Record<string, unknown> & { id: string };
    };

    call(clerk, 'knowledge.setFacts', { customerId: siti, facts: { occupation: 'Guru SD', preferred_channel: 'whatsapp' } });
    call(clerk, 'knowledge.addFamily', { customerId: siti, name: 'Budi', relation: 'spouse', memberCustomerId: budi });
    expect(
      dispatch(clerk, 'knowledge.addFamily', { customerId: siti, name: 'Siti', relation: 'other', memberCustomerId: siti }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation', messageKey: 'error.knowledge.family_self_link' },
    });
    expect(dispatch(clerk, 'knowledge.curateTag', { label: 'Memasak' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const tag = call(manager, 'knowledge.curateTag', { label: 'Memasak' });
    const k = call(clerk, 'knowledge.setInterest', { customerId: siti, tagId: tag.id, on: true });
    expect(k).toMatchObject({
      facts: { occupation: 'Guru SD', preferred_channel: 'whatsapp' },
      interests: [{ label: 'Memasak' }],
      family: [{ name: 'Budi' }],
    });

    const o = call(clerk, 'opportunities.create', {
      customerId: siti,
      product: 'Kasur Springbed 160',
      category: 'Kasur',
      budget: 4_500_000,
      expectedDecisionDate: '2026-12-01',
      reasonNotBought: 'financing',
    });
    expect(call(clerk, 'care.myDay', {}).counts).toMatchObject({ dueToday: 0 });
    const board = call(clerk, 'opportunities.board', {}) as unknown as { stage: string; count: number; total: number }[];
    expect(board[0]).toMatchObject({ stage: 'interested', count: 1, total: 4_500_000 });
    expect(call(clerk, 'opportunities.update', { opportunityId: o.id, stage: 'won', invoiceNo: 'INV-9' })).toMatchObject({
      stage: 'won',
      wonAmount: 4_200_000,
    });
    expect(dispatch(clerk, 'opportunities.forecast', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call(manager, 'opportunities.forecast', {})).toHaveProperty('months');
    expect(dispatch(clerk, 'offers.forCustomer', { customerId: siti })).toMatchObject({ ok: true });
    expect(dispatch(clerk, 'offers.saveSettings', { settings: { minLift: 2 } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call(manager, 'offers.saveSettings', { settings: { minLift: 2 } })).toMatchObject({ minLift: 2, windowDays: 90 });
  });
});

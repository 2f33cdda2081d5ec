// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { listRules, listTierProgrammes, redeemPoints, reversePurchasePoints, setRule } from '../../electron/core/loyalty';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';
import { outletDay } from '../support/outletDay';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const today = outletDay();
const dayFirst = (iso: string) => iso.split('-').reverse().join('/');
const ledgerRows = (store: ReturnType<typeof tempStore>) => store.sqlite.prepare('SELECT count(*) FROM loyalty_rules').pluck().get();

describe('loyalty programme settings (manager)', () => {
  it('lists the versions, refuses bad input with its message and writes nothing, saves a version with a multiplier and a promotion', async () => {
    const store = tempStore();
    setRule(store, manager, aLoyaltyRule(today).build());
    const { user } = renderApp(store, { screen: { name: 'loyaltySettings' }, language: 'en', as: 'manager' });
    const versions = await screen.findByTestId('rule-versions');
    expect(versions).toHaveTextContent('in force');
    expect(versions).toHaveTextContent('Rp 10.000');

    const form = screen.getByTestId('rule-form');
    const perPoint = within(form).getByLabelText(/Rupiah per point/);
    await user.clear(perPoint);
    await user.type(perPoint, '0');
    await user.click(within(form).getByRole('button', { name: 'Save new version' }));
    expect(await within(form).findByRole('alert')).toBeInTheDocument();
    expect(ledgerRows(store)).toBe(1);

    // Today's version already started today: a second one on the same day overlaps it.
    await user.clear(perPoint);
    await user.type(perPoint, '5000');
    await user.click(within(form).getByRole('button', { name: 'Add product multiplier' }));
    await user.type(within(form).getByLabelText(/Product/), 'Kulkas');
    await user.click(within(form).getByRole('button', { name: 'Add promotion' }));
    await user.type(within(form).getByLabelText('Promotion'), 'Harbolnas');
    await user.click(within(form).getByRole('button', { name: 'Save new version' }));
    expect(
      await within(form).findByText(`This period overlaps the version of the points rules in force from ${dayFirst(today)}, with no end date.`),
    ).toBeInTheDocument();
    expect(ledgerRows(store)).toBe(1);

    const tomorrow = outletDay(Date.now() + 86_400_000);
    const from = within(form).getByLabelText(/^Starts on/);
    await user.clear(from);
    await user.type(from, dayFirst(tomorrow));
    // The promotion was added with the old start day, before the version: its own message.
    await user.click(within(form).getByRole('button', { name: 'Save new version' }));
    expect(await within(form).findByText('A promotion must fall within the period of its programme version.')).toBeInTheDocument();
    const promoFrom = within(form).getByLabelText(/^From/);
    const promoUntil = within(form).getByLabelText(/^Until/);
    await user.clear(promoFrom);
    await user.type(promoFrom, dayFirst(tomorrow));
    await user.clear(promoUntil);
    await user.type(promoUntil, dayFirst(tomorrow));
    await user.click(within(form).getByRole('button', { name: 'Save new version' }));
    await waitFor(() => expect(screen.getByTestId('rule-status')).toHaveTextContent('Saved: the new version applies from'));
    const rules = listRules(store);
    expect(rules).toHaveLength(2);
    expect(rules[0]!.validTo).toBe(tomorrow);
    expect(rules[1]).toMatchObject({ validFrom: tomorrow, rupiahPerPoint: 5000, multipliers: [{ product: 'Kulkas', factor: 2 }] });
    expect(rules[1]!.promotions).toEqual([{ name: 'Harbolnas', from: tomorrow, until: tomorrow, outletCode: null, factor: 2 }]);
    await waitFor(() => expect(screen.getByTestId('rule-versions')).toHaveTextContent('Kulkas ×2'));
  });

  it('saves a tier version in Indonesian', async () => {
    const store = tempStore();
    const { user } = renderApp(store, { screen: { name: 'loyaltySettings', section: 'tiers' }, as: 'manager' });
    const form = await screen.findByTestId('tier-form');
    await user.click(within(form).getByRole('button', { name: 'Simpan tingkat' }));
    await waitFor(() => expect(screen.getByTestId('tiers-status')).toHaveTextContent('Tersimpan'));
    expect(listTierProgrammes(store)[0]!.levels.map((l) => l.code)).toEqual(['silver', 'gold', 'platinum']);
  });

  it('lists flagged balances by name with the offline redemptions behind them', async () => {
    const store = tempStore();
    setRule(store, manager, aLoyaltyRule(today).offlineLimit(500).build());
    const c = registerCustomer(store, aCustomer().named('Rina Minus').withCard('VIP8801').build());
    addPurchase(store, { customerId: c.id, invoiceNo: 'INV-F1', purchasedAt: new Date().toISOString(), amount: 1_000_000 });
    redeemPoints(store, { customerId: c.id, points: 80 });
    reversePurchasePoints(store, { invoiceNo: 'INV-F1', reason: 'returned' });
    renderApp(store, { screen: { name: 'loyaltySettings', section: 'flagged' }, language: 'en', as: 'manager' });
    const table = await screen.findByTestId('flagged-table');
    const row = within(table).getByRole('row', { name: /Rina Minus/ });
    expect(row).toHaveTextContent('VIP8801');
    expect(row).toHaveTextContent('-80');
  });

  it('is not offered to a clerk', async () => {
    const store = tempStore();
    renderApp(store, { as: 'clerk', language: 'en' });
    await screen.findByRole('navigation');
    expect(screen.queryByRole('button', { name: 'Loyalty' })).toBeNull();
  });
});

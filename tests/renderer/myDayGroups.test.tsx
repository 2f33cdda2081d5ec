// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { runFollowUpRules } from '../../electron/core/care/followUps/rules';
import { createFollowUp, outletToday } from '../../electron/core/care/followUps/followUps';
import { GROUP_PAGE } from '../../renderer/features/care/MyDayPanel';
import { renderApp } from './support/renderApp';

/** A fresh demo store after its first rule pass: about a hundred open follow-ups for the outlet. */
function demoStore() {
  const store = tempStore();
  seedDemoStore(store);
  runFollowUpRules(store);
  return store;
}

const openRows = (region: HTMLElement) => within(region).queryAllByRole('button', { name: /^Selesai: / });

describe('"Hari ini" on a fresh demo store (issue 16, point 9)', () => {
  it('groups the follow-ups by kind, a short page each, and pages on request', async () => {
    const store = demoStore();
    const open = store.sqlite.prepare(`SELECT count(*) FROM follow_ups f LEFT JOIN follow_up_outcomes o ON o.id = f.id WHERE o.id IS NULL`).pluck().get() as number;
    expect(open).toBeGreaterThan(60);
    const { user } = renderApp(store, { as: 'clerk', method: 'pin', name: 'Sari' });
    const day = await screen.findByRole('region', { name: /^Hari ini/ }, { timeout: 5000 });
    // The overdue follow-ups after a purchase (the list is named by its group and its kind).
    const overdue = (await within(day).findAllByRole('list', { name: /Terlambat.*Setelah pembelian/ }, { timeout: 5000 }))[0]!;
    const groups = within(day).getAllByRole('heading', { level: 4 });
    expect(groups.length).toBeGreaterThan(1);
    // Never the whole hundred at once: a page per kind.
    expect(openRows(day).length).toBeLessThanOrEqual(groups.length * GROUP_PAGE);
    expect(within(overdue).getAllByRole('listitem')).toHaveLength(GROUP_PAGE);
    await user.click(within(overdue.parentElement!).getByRole('button', { name: /^Tampilkan 10 lagi/ }));
    expect(within(overdue).getAllByRole('listitem')).toHaveLength(GROUP_PAGE + 10);
  }, 30_000);

  it('"Milik saya" shows only the follow-ups assigned to the signed-in staff member', async () => {
    const store = demoStore();
    const customerId = store.sqlite.prepare('SELECT id FROM customers LIMIT 1').pluck().get() as string;
    createFollowUp(store, { customerId, reason: 'Antar brosur kulkas', dueDate: outletToday(store, store.outletId!), owner: 'Sari' });
    const { user } = renderApp(store, { as: 'clerk', method: 'pin', name: 'Sari' });
    const day = await screen.findByRole('region', { name: /^Hari ini/ }, { timeout: 5000 });
    await waitFor(() => expect(openRows(day).length).toBeGreaterThan(5));
    await user.click(within(day).getByRole('button', { name: 'Milik saya' }));
    await waitFor(() => expect(openRows(day).map((b) => b.getAttribute('aria-label'))).toEqual(['Selesai: Antar brosur kulkas']));
    expect(within(day).getByRole('button', { name: 'Milik saya' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(day).getByRole('button', { name: 'Seluruh outlet' }));
    await waitFor(() => expect(openRows(day).length).toBeGreaterThan(5));
  }, 30_000);
});

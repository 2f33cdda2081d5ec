// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { ensureOutlet, useOutlet as serveOutlet } from '../../electron/core/outlets/outlets';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';

const dayFirst = (iso: string) => iso.split('-').reverse().join('/');

async function reportsScreen(language: 'id' | 'en') {
  const store = tempStore();
  serveOutlet(store, ensureOutlet(store, 'BDG01'));
  const app = renderApp(store, { screen: { name: 'reports' }, language });
  const period = (await app.api['reports.run']({ name: 'registrations', filters: { outlets: [] }, language })).period;
  return { ...app, period };
}

// The browser's <input type="date"> draws the date in the browser's locale (mm/dd/yyyy in an English Chromium)
// whatever the app's language; the period's fields are typed and shown day first, as both languages write dates.
describe('the report period’s date fields', () => {
  it.each(['id', 'en'] as const)('show the period day first in %s and take a typed day-first date', async (language) => {
    const { user, period } = await reportsScreen(language);
    const from = (await screen.findByRole('textbox', { name: language === 'id' ? 'Dari tanggal' : /^From/ })) as HTMLInputElement;
    const to = screen.getByRole('textbox', { name: language === 'id' ? 'Sampai tanggal' : /^To/ }) as HTMLInputElement;
    await waitFor(() => expect(to.value).toBe(dayFirst(period.to)));
    expect(from.value).toBe(dayFirst(period.from!));
    expect(from.placeholder).toBe(language === 'id' ? 'HH/BB/TTTT' : 'DD/MM/YYYY');

    await user.clear(from);
    await user.type(from, '01/03/2026');
    await user.click(screen.getByRole('button', { name: language === 'id' ? 'Tampilkan' : /^(Show|Run)/ }));
    await waitFor(() => expect(screen.getByText(language === 'id' ? /1 Maret 2026 –/ : /1 March 2026 –/)).toBeInTheDocument());
  });

  it('says so when the typed date does not exist, and keeps the period it had', async () => {
    const { user, period } = await reportsScreen('id');
    const from = (await screen.findByRole('textbox', { name: 'Dari tanggal' })) as HTMLInputElement;
    await waitFor(() => expect(from.value).toBe(dayFirst(period.from!)));
    await user.clear(from);
    await user.type(from, '31/02/2026');
    expect(screen.getByRole('alert')).toHaveTextContent('Tanggal tidak valid. Gunakan HH/BB/TTTT.');
    expect(from).toHaveAttribute('aria-invalid', 'true');
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { listAudit } from '../../electron/core/auth/auditLog';
import { useNavigation } from '../../renderer/stores/navigation';
import { renderApp } from './support/renderApp';

const field = (label: RegExp) => screen.getByLabelText(label);
/** Every call the core refused this booth worker: the UI offered something her role may not do. */
const refusals = (store: ReturnType<typeof tempStore>) => listAudit(store, { action: 'access.denied' }).map((a) => a.call);

/** Signs in as `role` on the registration screen and saves one new customer. */
async function registerAs(store: ReturnType<typeof tempStore>, role: 'booth' | 'clerk') {
  const view = renderApp(store, { as: role, method: 'pin', screen: { name: 'register' } });
  await view.user.type(field(/^nama lengkap/i), 'Dewi Lestari');
  await view.user.type(field(/^nomor hp/i), '0812 1111 2222');
  await view.user.type(field(/^nomor kartu/i), 'VIP77001');
  await view.user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
  return view;
}

describe('a booth worker is offered only what her role may do (issue 16, point 5)', () => {
  it('after a save there is no "Buka profil", and nothing the core refuses is called', async () => {
    const store = tempStore();
    await registerAs(store, 'booth');
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Tersimpan: Dewi Lestari — kartu VIP77001');
    expect(within(screen.getByTestId('confirmation')).queryByRole('button', { name: 'Buka profil' })).toBeNull();
    expect(refusals(store)).toEqual([]);
  });

  it('a clerk still gets "Buka profil" after a save', async () => {
    const store = tempStore();
    const { user } = await registerAs(store, 'clerk');
    await user.click(await within(await screen.findByTestId('confirmation')).findByRole('button', { name: 'Buka profil' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Dewi Lestari' })).toBeInTheDocument();
  });

  it('search results show whether a customer is registered but do not open a profile she may not see', async () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().named('Rina Wati').withPhone('0812-5555-6666').withCard('VIP10001').build());
    const { user } = renderApp(store, { as: 'booth', method: 'pin' });
    const search = await screen.findByRole('combobox', { name: /cari/i });
    await user.type(search, 'Rina');
    const results = await screen.findByRole('list', { name: 'Hasil pencarian' });
    const row = await within(results).findByText('Rina Wati');
    expect(screen.getByText(/Sudah terdaftar: pelanggan di bawah ini sudah punya kartu/)).toBeInTheDocument();
    expect(within(results).queryAllByRole('option')).toHaveLength(0);
    await user.click(row);
    await user.keyboard('{ArrowDown}{Enter}');
    // A scanned card and Enter: still on the search, no refused call.
    await user.clear(search);
    await user.type(search, 'VIP10001{Enter}');
    await within(results).findByText('Rina Wati');
    expect(useNavigation.getState().screen.name).toBe('lookup');
    expect(screen.queryByText('Peran Anda tidak mengizinkan tindakan ini.')).toBeNull();
    await waitFor(() => expect(refusals(store)).toEqual([]));
  });

  it('"same person → add card" with the purchase that came with it saves both, in one call her role may make', async () => {
    const store = tempStore();
    const existing = registerCustomer(store, aCustomer().named('Rina Wati').withPhone('0812-5555-6666').withCard('VIP10001').build());
    const { user } = renderApp(store, { as: 'booth', method: 'pin', screen: { name: 'register' } });
    await user.type(field(/^nama lengkap/i), 'Rina');
    await user.type(field(/^nomor hp/i), '0812 5555 6666');
    await user.type(field(/^nomor kartu/i), 'VIP10002');
    await user.type(field(/^nomor faktur/i), 'INV-9');
    await user.type(field(/^nilai belanja/i), '1.250.000');
    const prompt = await screen.findByTestId('duplicate-prompt');
    await user.click(within(prompt).getByRole('button', { name: /orang yang sama/i }));
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Kartu VIP10002 ditambahkan ke Rina Wati');
    const after = getCustomer(store, existing.id);
    expect(after.cards.map((c) => c.cardNo)).toEqual(['VIP10001', 'VIP10002']);
    expect(after.purchaseSummary.total).toBe(1_250_000);
    expect(refusals(store)).toEqual([]);
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { renderApp } from './support/renderApp';

function storeWithCustomers() {
  const store = tempStore();
  const siti = registerCustomer(store, aCustomer().named('Siti Rahayu').withPhone('0812-3456-7890').withCard('8800112233').livingAt('Jl. Merdeka 1', 'Bandung').build());
  registerCustomer(store, aCustomer().named('Budi Santoso').withPhone('0813 9999 1111').withCard('8800445566').livingAt('Jl. Asia Afrika 5', 'Bandung').build());
  registerCustomer(store, aCustomer().named('Sitompul Nasution').withPhone('0857 2222 3333').withCard('8800778899').build());
  return { store, siti };
}

const searchBox = () => screen.getByRole('combobox', { name: /cari: nomor kartu, telepon, atau nama/i });
const options = () => within(screen.getByRole('listbox')).queryAllByRole('option');

describe('lookup (search box keyboard flow)', () => {
  it('has focus on start and shows ranked results as you type a name', async () => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    expect(searchBox()).toHaveFocus();
    await user.keyboard('sit');
    await waitFor(() => expect(options()).toHaveLength(2));
    expect(options()[0]).toHaveTextContent('Siti Rahayu');
    // Masked phone, card, city.
    expect(options()[0]).toHaveTextContent('0812-••••-7890');
    expect(options()[0]).toHaveTextContent('8800112233');
    expect(options()[0]).toHaveTextContent('Bandung');
    expect(options()[0]).not.toHaveTextContent('3456');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('moves with the arrow keys, opens with Enter and comes back with Esc', async () => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    await user.keyboard('sit');
    await waitFor(() => expect(options()).toHaveLength(2));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(options()[1]).toHaveAttribute('aria-selected', 'true');
    expect(searchBox()).toHaveAttribute('aria-activedescendant', 'hit-1');
    await user.keyboard('{ArrowUp}');
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Siti Rahayu' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(searchBox()).toHaveFocus());
    expect(searchBox()).toHaveValue('sit');
  });

  it('Esc clears the box and the list', async () => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    await user.keyboard('budi');
    await waitFor(() => expect(options()).toHaveLength(1));
    await user.keyboard('{Escape}');
    expect(searchBox()).toHaveValue('');
    await waitFor(() => expect(options()).toHaveLength(0));
  });

  it('a scanned card number followed by Enter opens that customer directly', async () => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    // A scanner types fast and presses Enter before any result list settles.
    await user.keyboard('8800445566{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Budi Santoso' })).toBeInTheDocument();
  });

  it.each([['0812-3456-7890'], ['+62 812 3456 7890'], ['6281234567890'], ['(0812) 34567890'], ['7890']])('finds a customer by phone written as %s', async (typed) => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    await user.type(searchBox(), typed);
    await waitFor(() => expect(options()[0]).toHaveTextContent('Siti Rahayu'));
  });

  it('a full phone + Enter opens the customer; an unknown card offers registration with the card filled in', async () => {
    const { store } = storeWithCustomers();
    const { user } = renderApp(store);
    await user.keyboard('081234567890{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Siti Rahayu' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(searchBox()).toHaveFocus());
    await user.keyboard('9900000001{Enter}');
    const button = await screen.findByRole('button', { name: /daftarkan pelanggan baru/i });
    await user.click(button);
    expect(await screen.findByLabelText(/nomor kartu/i)).toHaveValue('9900000001');
  });

  it('offers a demo store on an empty store and shows its customers', async () => {
    const store = tempStore();
    const { user } = renderApp(store);
    const seed = await screen.findByRole('button', { name: 'Buat toko demo' });
    await user.click(seed);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Buat toko demo' })).toBeNull(), { timeout: 20000 });
    await waitFor(() => expect(screen.getByTestId('pending-changes')).not.toHaveTextContent(/^0 /));
    expect(screen.getByText(/DEMO/)).toBeInTheDocument();
    await user.click(searchBox());
    await user.keyboard('a');
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
  }, 30000);
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { getCustomer } from '../../electron/core/customers/editCustomer';
import { consentState } from '../../electron/core/privacy/consents';
import { renderApp } from './support/renderApp';

const field = (label: RegExp) => screen.getByLabelText(label);

function openRegistration(store = tempStore()) {
  const view = renderApp(store, { screen: { name: 'register' } });
  return { store, ...view };
}

describe('booth registration form', () => {
  it('starts focused on the name and reports every missing required field from the core', async () => {
    const { user } = openRegistration();
    await waitFor(() => expect(field(/^nama lengkap/i)).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Nama wajib diisi.')).toBeInTheDocument();
    expect(screen.getByText('Nomor HP wajib diisi.')).toBeInTheDocument();
    expect(screen.getByText('Nomor kartu wajib diisi.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Periksa 3 isian yang ditandai.');
    expect(field(/^nama lengkap/i)).toHaveAttribute('aria-invalid', 'true');
    expect(field(/^nama lengkap/i)).toHaveFocus();
  });

  it('shows the core messages for an invalid phone and a NIK that contradicts the birth date, focusing the first', async () => {
    const { user } = openRegistration();
    await user.type(field(/^nama lengkap/i), 'Dewi Lestari');
    await user.type(field(/^nomor hp/i), '12345');
    await user.type(field(/^nomor kartu/i), 'VIP77001');
    await user.type(field(/^tanggal lahir/i), '05/03/1990');
    await user.type(field(/^nik/i), '3273014503910001');
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    expect(await screen.findByText(/Nomor HP tidak valid/)).toBeInTheDocument();
    expect(screen.getByText('Tanggal lahir tidak cocok dengan NIK.')).toBeInTheDocument();
    expect(field(/^nomor hp/i)).toHaveFocus();
    // Fixing the field clears its message.
    await user.clear(field(/^nomor hp/i));
    await user.type(field(/^nomor hp/i), '0812 1111 2222');
    expect(screen.queryByText(/Nomor HP tidak valid/)).toBeNull();
  });

  it('a scanner Enter in the card field moves on instead of saving', async () => {
    const { user } = openRegistration();
    await user.click(field(/^nomor kartu/i));
    await user.keyboard('8812345678{Enter}');
    expect(field(/^tanggal lahir/i)).toHaveFocus();
    expect(screen.queryByText('Nama wajib diisi.')).toBeNull();
  });

  it('saves, confirms, resets the form for the next person and counts today’s registrations', async () => {
    const { user, store } = openRegistration();
    await waitFor(() => expect(screen.getByTestId('today-count')).toHaveTextContent('Hari ini di booth ini: 0 pendaftaran'));
    await user.type(field(/^nama lengkap/i), 'Dewi Lestari');
    await user.type(field(/^nomor hp/i), '0812 1111 2222');
    await user.type(field(/^nomor kartu/i), 'VIP77001{Enter}');
    await user.keyboard('05/03/1990');
    await user.selectOptions(field(/^jenis kelamin/i), 'F');
    await user.type(field(/^produk utama/i), 'Kulkas 2 pintu');
    await user.type(field(/^nomor faktur/i), 'INV-001');
    await user.type(field(/^nilai belanja/i), '4.500.000');
    await user.click(screen.getByRole('checkbox', { name: 'WhatsApp' }));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Tersimpan: Dewi Lestari — kartu VIP77001');
    expect(field(/^nama lengkap/i)).toHaveValue('');
    expect(field(/^nomor kartu/i)).toHaveValue('');
    expect(field(/^nama lengkap/i)).toHaveFocus();
    await waitFor(() => expect(screen.getByTestId('today-count')).toHaveTextContent('1 pendaftaran'));
    const saved = store.sqlite.prepare(`SELECT id FROM customers WHERE full_name = 'Dewi Lestari'`).pluck().get() as string;
    const detail = getCustomer(store, saved);
    expect(detail.birthDate).toBe('1990-03-05');
    expect(detail.consentMarketing).toBe(true);
    expect(detail.purchaseSummary.total).toBe(4_500_000);
  });

  it('shows the existing customer with the same phone while typing, and "same person" adds the card to them', async () => {
    const store = tempStore();
    const existing = registerCustomer(store, aCustomer().named('Rina Wati').withPhone('0812-5555-6666').withCard('VIP10001').livingAt('Jl. Kenanga 3', 'Bogor').build());
    const { user } = openRegistration(store);
    await user.type(field(/^nama lengkap/i), 'Rina');
    await user.type(field(/^nomor hp/i), '+62 812 5555 6666');
    const prompt = await screen.findByTestId('duplicate-prompt');
    expect(prompt).toHaveTextContent('Rina Wati');
    expect(prompt).toHaveTextContent('0812-••••-6666');
    expect(prompt).toHaveTextContent('telepon sama');
    const same = within(prompt).getByRole('button', { name: /orang yang sama/i });
    expect(same).toBeDisabled();
    await user.type(field(/^nomor kartu/i), 'VIP10002');
    await user.click(same);
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Kartu VIP10002 ditambahkan ke Rina Wati');
    expect(getCustomer(store, existing.id).cards.map((c) => c.cardNo)).toEqual(['VIP10001', 'VIP10002']);
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
  });

  it('saving past a possible duplicate stops at the prompt; "different person" registers them', async () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().named('Agus').withPhone('0813-1234-0000').withCard('VIP20001').build());
    const { user } = openRegistration(store);
    await user.type(field(/^nama lengkap/i), 'Agus Salim');
    await user.type(field(/^nomor hp/i), '081312340000');
    // Enter right away, before the as-you-type check has had time to answer.
    await user.type(field(/^nomor kartu/i), 'VIP20002');
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    const heading = await screen.findByRole('heading', { name: /mungkin sudah terdaftar/i });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
    await user.click(screen.getByRole('button', { name: /orang berbeda/i }));
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Tersimpan: Agus Salim');
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(2);
    expect(screen.queryByTestId('duplicate-prompt')).toBeNull();
  });

  it('a card already issued comes back as the core’s card_taken message on the card field', async () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().withCard('VIP30001').build());
    const { user } = openRegistration(store);
    await user.type(field(/^nama lengkap/i), 'Yohana');
    await user.type(field(/^nomor hp/i), '0819 8765 4321');
    await user.type(field(/^nomor kartu/i), 'vip-30001');
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    expect(await screen.findByText('Kartu VIP30001 sudah dipakai pelanggan lain.')).toBeInTheDocument();
    expect(field(/^nomor kartu/i)).toHaveFocus();
  });

  it('shows every field’s error at once: an unreadable amount and an empty name hide nothing (issue 16, point 6)', async () => {
    const { user, store } = openRegistration();
    await user.type(field(/^nomor hp/i), '12345');
    await user.type(field(/^nomor kartu/i), '!!');
    await user.type(field(/^email \(opsional\)/i), 'bukan-email');
    await user.type(field(/^nik/i), '123');
    await user.type(field(/^nilai belanja/i), '12,5 juta');
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    expect(await screen.findByText('Nama wajib diisi.')).toBeInTheDocument();
    for (const name of [/^nama lengkap/i, /^nomor hp/i, /^nomor kartu/i, /^email \(opsional\)/i, /^nik/i, /^nilai belanja/i]) expect(field(name)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Periksa 6 isian yang ditandai.');
    expect(field(/^nama lengkap/i)).toHaveFocus();
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
  });

  it('warns (without refusing) about a one-letter or digits-only name and a landline or foreign number in "Nomor HP"', async () => {
    const { user, store } = openRegistration();
    await user.type(field(/^nama lengkap/i), 'A');
    await user.type(field(/^nomor hp/i), '(021) 555-0123');
    await user.tab();
    expect(await screen.findByTestId('warning-fullName')).toHaveTextContent('Nama hanya satu huruf');
    expect(screen.getByTestId('warning-phone')).toHaveTextContent('bukan nomor HP');
    expect(field(/^nomor hp/i)).toHaveAccessibleDescription(expect.stringContaining('bukan nomor HP'));
    await user.clear(field(/^nomor hp/i));
    await user.type(field(/^nomor hp/i), '+65 9123 4567');
    expect(screen.getByTestId('warning-phone')).toHaveTextContent('nomor luar negeri (SG)');
    await user.clear(field(/^nomor hp/i));
    await user.type(field(/^nomor hp/i), '0812 1111 2222');
    expect(screen.queryByTestId('warning-phone')).toBeNull();
    await user.clear(field(/^nomor hp/i));
    await user.type(field(/^nomor hp/i), '(022) 420-1234');
    // A warning is not a refusal: the registration goes through.
    await user.type(field(/^nomor kartu/i), 'VIP55001');
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Tersimpan: A — kartu VIP55001');
    expect(store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
  });

  it('takes an email and asks consent purpose by purpose, recording each answer at registration (issue 16, point 7)', async () => {
    const { user, store } = openRegistration();
    await user.type(field(/^nama lengkap/i), 'Dewi Lestari');
    await user.type(field(/^nomor hp/i), '0812 1111 2222');
    await user.type(field(/^nomor kartu/i), 'VIP77002');
    await user.type(field(/^email \(opsional\)/i), 'dewi@contoh.co.id');
    const consent = screen.getByRole('group', { name: /setuju menerima promosi/i });
    expect(within(consent).getAllByRole('checkbox')).toHaveLength(4);
    await user.click(within(consent).getByRole('checkbox', { name: 'WhatsApp' }));
    await user.click(within(consent).getByRole('checkbox', { name: 'Email' }));
    await user.click(screen.getByRole('button', { name: /simpan pendaftaran/i }));
    expect(await screen.findByTestId('confirmation')).toHaveTextContent('Tersimpan: Dewi Lestari');
    const id = store.sqlite.prepare(`SELECT id FROM customers WHERE full_name = 'Dewi Lestari'`).pluck().get() as string;
    expect(getCustomer(store, id).email).toBe('dewi@contoh.co.id');
    const state = consentState(store, id);
    expect(Object.fromEntries(Object.entries(state.current).map(([k, v]) => [k, v?.granted]))).toEqual({
      marketing_whatsapp: true,
      marketing_sms: false,
      marketing_email: true,
      marketing_phone: false,
    });
    expect(new Set(state.history.map((h) => h.source))).toEqual(new Set(['registration']));
    expect(screen.getByRole('checkbox', { name: 'WhatsApp' })).not.toBeChecked();
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { curateInterestTag, setInterest, setProfileFacts } from '../../electron/core/knowledge/profile';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { renderApp } from './support/renderApp';

const manager = { staffId: 'm', name: 'M', role: 'manager' as const, outletId: null };

describe('the segment builder offers the deeper profile (issue 19 point 1)', () => {
  it('counts customers by a curated interest and by preferred channel, in the manager’s language', async () => {
    const store = tempStore();
    const ani = registerCustomer(store, aCustomer().build()).id;
    const budi = registerCustomer(store, aCustomer().build()).id;
    const cooking = curateInterestTag(store, manager, { label: 'Memasak' }).id;
    curateInterestTag(store, manager, { label: 'Olahraga' });
    setInterest(store, ani, cooking, true);
    setProfileFacts(store, budi, { preferred_channel: 'whatsapp' });
    const { user } = renderApp(store, { screen: { name: 'campaigns' }, language: 'id', as: 'manager' });

    const builder = await screen.findByRole('group', { name: 'Susun segmen' });
    await user.selectOptions(within(builder).getByLabelText('Kolom 1'), 'interest');
    const tag = within(builder).getByLabelText('Nilai 1');
    await within(tag).findByRole('option', { name: 'Olahraga' });
    await user.selectOptions(tag, 'Memasak');
    expect(await within(builder).findByText('1 pelanggan cocok')).toBeInTheDocument();

    await user.selectOptions(within(builder).getByLabelText('Kolom 1'), 'preferredChannel');
    expect(within(within(builder).getByLabelText('Kolom 1')).getByRole('option', { name: 'Dihubungi lewat' })).toBeInTheDocument();
    await user.selectOptions(within(builder).getByLabelText('Nilai 1'), 'whatsapp');
    expect(await within(builder).findByText('1 pelanggan cocok')).toBeInTheDocument();
    await user.selectOptions(within(builder).getByLabelText('Nilai 1'), 'email');
    expect(await within(builder).findByText('0 pelanggan cocok')).toBeInTheDocument();
  });
});

import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { aCustomer } from '../support/builders';
import { careStore, purchase } from './support';

/**
 * A store small enough to compute by hand. Today is Monday 2026-11-23 (WIB); the defaults apply:
 * birthday within 7 days (with consent), a satisfaction call 3 days after a purchase of Rp 5.000.000 or more,
 * neglected = Rp 10.000.000 or more in total and no contact or purchase for 90 days, a check 3 days after a
 * complaint is resolved, and escalation of complaints past their service level.
 */
export function handStore() {
  const care = careStore('2026-11-20T03:00:00.000Z'); // start on Friday the 20th to lay down history
  const { store, setNow } = care;
  const reg = (name: string, birthDate: string | null, consent = true) =>
    registerCustomer(store, { ...aCustomer().named(name).build(), birthDate, consentMarketing: consent });
  const siti = reg('Siti Rahayu', '1990-11-26'); // birthday Thursday: greeting due 2026-11-26
  const budi = reg('Budi Santoso', '1985-12-05'); // 12 days away: nothing
  const dewi = reg('Dewi Lestari', '1992-11-25', false); // no marketing consent: nothing
  const wayan = reg('Wayan Sudarsana', '1970-03-01'); // big spender, silent since June: neglected
  const made = reg('Made Wirawan', '1971-04-02'); // big spender, but called this month
  purchase(store, budi.id, { invoiceNo: 'INV-B1', purchasedAt: '2026-11-21T04:00:00.000Z', amount: 6_000_000, mainProduct: 'Kulkas' }); // call due 11-24
  purchase(store, budi.id, { invoiceNo: 'INV-B2', purchasedAt: '2026-11-21T05:00:00.000Z', amount: 1_000_000 }); // too small
  purchase(store, dewi.id, { invoiceNo: 'INV-D1', purchasedAt: '2026-10-01T05:00:00.000Z', amount: 8_000_000 }); // due 10-04: too old
  purchase(store, wayan.id, { invoiceNo: 'INV-W1', purchasedAt: '2026-06-01T05:00:00.000Z', amount: 15_000_000 });
  purchase(store, made.id, { invoiceNo: 'INV-M1', purchasedAt: '2026-06-01T05:00:00.000Z', amount: 20_000_000 });
  logInteraction(store, { customerId: made.id, channel: 'phone', outcome: 'reached', at: '2026-11-02T05:00:00.000Z' });
  const resolved = openComplaint(store, { customerId: dewi.id, category: 'service', description: 'Kasir tidak ramah' });
  transitionComplaint(store, { complaintId: resolved.id, status: 'resolved' }); // Friday 20th: check due Monday 23rd
  setNow('2026-11-23T03:00:00.000Z'); // Monday 10:00 WIB
  const late = openComplaint(store, { customerId: siti.id, category: 'billing', severity: 'high', description: 'Tagihan ganda' });
  setNow('2026-11-23T07:00:00.000Z'); // 14:00: two business hours to respond have passed
  return { ...care, siti, budi, dewi, wayan, made, resolved, late };
}


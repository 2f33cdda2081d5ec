import { customers } from '../../db/schema';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { transact } from '../../electron/core/store/writer';
import { aCustomer } from '../support/builders';
import { careStore, purchase } from '../care/support';

/**
 * Four live customers and one merged away, small enough to compute every condition by hand.
 * Today is Monday 2026-11-23 (WIB). Outlets JKT01 (this device) and BDG01.
 *
 * | name  | gender | born       | city     | home  | registered | purchases                                   | care                                |
 * | Siti  | F      | 1990-03-15 | Bandung  | JKT01 | 2026-01-05 | Kulkas 5.000.000 2026-06-01, AC 2.000.000 2025-01-10 | —                                   |
 * | Budi  | M      | 1985-11-30 | Jakarta  | BDG01 | 2026-11-20 | TV 1.000.000 2026-11-01                     | —                                   |
 * | Dewi  | F      | 2000-11-02 | Bandung  | JKT01 | 2026-11-23 | —                                           | no consent; an open complaint       |
 * | Wayan | —      | —          | Surabaya | JKT01 | 2025-06-01 | —                                           | contact 2026-11-10; closed, score 2 |
 * | Made  | M      | 1970-03-01 | Bandung  | JKT01 | 2026-01-05 | Kulkas 9.000.000 2026-11-01 (counts for Siti) | merged into Siti: never selected  |
 */
export function segmentStore() {
  const care = careStore('2026-11-23T03:00:00.000Z');
  const { store, outlet, setNow } = care;
  const bdg = ensureOutlet(store, 'BDG01', { name: 'Akrab Bandung' });
  const reg = (build: ReturnType<typeof aCustomer>, registeredAt: string, outletId = outlet.id, consent = true) =>
    registerCustomer(store, { ...build.build(), consentMarketing: consent }, { registeredAt, outletId }).id;
  const siti = reg(aCustomer().named('Siti Rahayu').withGender('F').bornOn('1990-03-15').livingAt('Jl. Dago 1', 'Bandung'), '2026-01-05T03:00:00.000Z');
  const budi = reg(aCustomer().named('Budi Santoso').withGender('M').bornOn('1985-11-30').livingAt('Jl. Sudirman 2', 'Jakarta'), '2026-11-20T03:00:00.000Z', bdg.id);
  const dewi = reg(aCustomer().named('Dewi Lestari').withGender('F').bornOn('2000-11-02').livingAt('Jl. Riau 3', 'Bandung'), '2026-11-23T03:00:00.000Z', outlet.id, false);
  const wayan = reg(aCustomer().named('Wayan Sudarsana').livingAt('Jl. Tunjungan 4', 'Surabaya'), '2025-06-01T03:00:00.000Z');
  const made = reg(aCustomer().named('Made Wirawan').withGender('M').bornOn('1970-03-01').livingAt('Jl. Braga 5', 'Bandung'), '2026-01-05T03:00:00.000Z');
  transact(store, (w) => w.update(customers, made, { mergedInto: siti }));
  purchase(store, siti, { invoiceNo: 'S1', purchasedAt: '2026-06-01T05:00:00.000Z', amount: 5_000_000, mainProduct: 'Kulkas 2 Pintu' });
  purchase(store, siti, { invoiceNo: 'S2', purchasedAt: '2025-01-10T05:00:00.000Z', amount: 2_000_000, mainProduct: 'AC Split' });
  purchase(store, budi, { invoiceNo: 'B1', purchasedAt: '2026-11-01T05:00:00.000Z', amount: 1_000_000, mainProduct: 'TV LED' });
  purchase(store, made, { invoiceNo: 'M1', purchasedAt: '2026-11-01T05:00:00.000Z', amount: 9_000_000, mainProduct: 'Kulkas' });
  openComplaint(store, { customerId: dewi, category: 'service', description: 'Kasir tidak ramah' });
  setNow('2026-11-10T03:00:00.000Z');
  logInteraction(store, { customerId: wayan, channel: 'phone', outcome: 'reached' });
  const closed = openComplaint(store, { customerId: wayan, category: 'delivery', description: 'Terlambat' });
  transitionComplaint(store, { complaintId: closed.id, status: 'resolved' });
  transitionComplaint(store, { complaintId: closed.id, status: 'closed', satisfaction: 2 });
  setNow('2026-11-23T03:00:00.000Z');
  return { ...care, bdg, siti, budi, dewi, wayan, made };
}

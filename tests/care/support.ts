import { purchases } from '../../db/schema';
import { newId } from '../../electron/core/ids';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';

/** A store whose clock the test moves, serving outlet JKT01 (WIB, default hours), with staff "Rina". */
export function careStore(start = '2026-11-23T03:00:00.000Z') {
  let now = new Date(start);
  const store = tempStore({ now: () => now, staff: 'Rina' });
  const outlet = ensureOutlet(store, 'JKT01', { name: 'Akrab Elektronik Kelapa Gading' });
  useOutlet(store, outlet);
  return {
    store,
    outlet,
    setNow: (iso: string) => void (now = new Date(iso)),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
    customer: (build = aCustomer()) => registerCustomer(store, build.build()),
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A purchase written straight through the write funnel (the customers module's addPurchase is not under test here). */
export function purchase(
  store: Store,
  customerId: string,
  p: { invoiceNo: string; purchasedAt: string; amount: number; mainProduct?: string },
): void {
  transact(store, (w) =>
    w.insert(purchases, {
      id: newId(),
      customerId,
      invoiceNo: p.invoiceNo,
      outletId: store.outletId,
      purchasedAt: p.purchasedAt,
      amount: p.amount,
      mainProduct: p.mainProduct ?? null,
    }),
  );
}

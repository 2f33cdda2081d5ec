import { cards, customers, phones, purchases } from '../../../db/schema';
import { AkrabError, validationError } from '../../../shared/errors';
import { isValidCardNo, normalizeCardNo } from '../../../shared/card';
import { normalizePhone, reverseDigits } from '../../../shared/phone';
import { parseNik, nikConflicts } from '../../../shared/nik';
import { customerPatchSchema, purchaseInputSchema, type CustomerPatch, type PurchaseInput } from '../../../shared/schemas';
import { searchableName } from '../../../shared/text';
import type { CustomerDetail, Purchase } from '../../../shared/types';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { customerQueries, purchasesOf, readCustomerDetail } from './readModel';
import { cardTaken } from './registerCustomer';
import { fieldIssues, validationFailure } from './validateDraft';
import { resolveMerged } from '../dedup/merge';
import { earnForPurchase } from '../loyalty/earn';

function requireCustomer(store: Store, customerId: string): CustomerDetail {
  const customer = readCustomerDetail(store, customerId, 0);
  if (!customer) throw new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
  return customer;
}

/** A new card for a known customer, and the purchase it was issued with when there is one (both or neither). */
export function addCard(store: Store, customerId: string, rawCardNo: string, purchase?: Pick<PurchaseInput, 'invoiceNo' | 'amount' | 'mainProduct'>): CustomerDetail {
  requireCustomer(store, customerId);
  const cardNo = normalizeCardNo(rawCardNo);
  if (!isValidCardNo(cardNo)) throw validationError('cardNo', 'error.card_invalid');
  transact(store, (w) => {
    if (customerQueries(store).cardNumberUsed.get(cardNo)) throw cardTaken(store, cardNo);
    const now = w.nowIso;
    w.insert(cards, { id: newId(), customerId, cardNo, status: 'active', issuedAt: now, issuedOutletId: store.outletId, issuedByStaff: store.staff });
    if (purchase && (purchase.invoiceNo || purchase.amount))
      w.insert(purchases, { id: newId(), customerId, invoiceNo: purchase.invoiceNo, outletId: store.outletId, purchasedAt: now, amount: purchase.amount, mainProduct: purchase.mainProduct });
  });
  return readCustomerDetail(store, customerId)!;
}

export function addPhone(store: Store, customerId: string, rawPhone: string): CustomerDetail {
  const customer = requireCustomer(store, customerId);
  const phone = normalizePhone(rawPhone);
  if (!phone) throw validationError('phone', 'error.phone_invalid');
  if (customer.phones.some((p) => p.e164 === phone.e164)) throw new AkrabError({ code: 'conflict', field: 'phone', messageKey: 'error.phone_already_on_customer' });
  transact(store, (w) => w.insert(phones, { id: newId(), customerId, e164: phone.e164, digitsReversed: reverseDigits(phone.national) }));
  return readCustomerDetail(store, customerId)!;
}

export function addPurchase(store: Store, input: unknown): Purchase {
  const parsed = purchaseInputSchema.safeParse(input);
  if (!parsed.success) throw validationFailure(fieldIssues(parsed.error));
  const p = parsed.data;
  requireCustomer(store, p.customerId);
  if (Number.isNaN(Date.parse(p.purchasedAt))) throw validationError('purchasedAt', 'error.date_invalid');
  const id = newId();
  transact(store, (w) => {
    w.insert(purchases, { id, customerId: p.customerId, invoiceNo: p.invoiceNo, outletId: store.outletId, purchasedAt: p.purchasedAt, amount: p.amount, mainProduct: p.mainProduct });
    // The device that records a purchase earns its points; the ledger event syncs with it.
    earnForPurchase(store, w, { id, customerId: p.customerId, invoiceNo: p.invoiceNo ?? null, outletId: store.outletId, purchasedAt: p.purchasedAt, amount: p.amount, product: p.mainProduct ?? null });
  });
  return purchasesOf(store, p.customerId, 1000).find((x) => x.id === id)!;
}

/** Changes profile fields; only the fields given are written (and only those travel to other devices). */
export function updateCustomer(store: Store, customerId: string, rawPatch: unknown): CustomerDetail {
  const current = requireCustomer(store, customerId);
  const parsed = customerPatchSchema.safeParse(rawPatch);
  if (!parsed.success) throw validationFailure(fieldIssues(parsed.error));
  const patch: CustomerPatch = parsed.data;
  const nik = patch.nik !== undefined ? (patch.nik?.replace(/[\s.-]+/g, '') ?? null) : current.nik;
  const birthDate = patch.birthDate !== undefined ? patch.birthDate : current.birthDate;
  const gender = patch.gender !== undefined ? patch.gender : current.gender;
  if (nik && (patch.nik !== undefined || patch.birthDate !== undefined || patch.gender !== undefined)) {
    const result = parseNik(nik);
    if (!result.ok) throw validationError('nik', `error.nik_${result.problem}`);
    const conflict = nikConflicts(result.facts, birthDate, gender)[0];
    if (conflict) throw validationError(conflict === 'gender' ? 'gender' : 'birthDate', `error.nik_${conflict}_mismatch`);
  }
  const changed = Object.fromEntries(Object.entries({ ...patch, ...(patch.nik !== undefined && { nik }) }).filter(([, v]) => v !== undefined));
  if (Object.keys(changed).length === 0) return readCustomerDetail(store, customerId)!;
  transact(store, (w) => {
    const extra: Record<string, unknown> = {};
    if (patch.fullName) extra.nameSearch = searchableName(patch.fullName);
    if (patch.consentMarketing !== undefined && patch.consentMarketing !== current.consentMarketing) {
      extra.consentAt = w.nowIso;
      extra.consentBy = store.staff;
    }
    w.update(customers, customerId, { ...changed, ...extra });
  });
  return readCustomerDetail(store, customerId)!;
}

export function getCustomer(store: Store, customerId: string): CustomerDetail {
  // A customer merged away (dedup) opens as the survivor they were merged into.
  const customer = readCustomerDetail(store, resolveMerged(store, customerId));
  if (!customer) throw new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
  return customer;
}

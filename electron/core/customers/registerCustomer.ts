import { cards, customers, phones, purchases } from '../../../db/schema';
import { AkrabError } from '../../../shared/errors';
import type { CustomerDraftInput } from '../../../shared/schemas';
import { reverseDigits } from '../../../shared/phone';
import { searchableName } from '../../../shared/text';
import type { CustomerDetail } from '../../../shared/types';
import { newId } from '../ids';
import { earnForPurchaseRow } from '../loyalty/earn';
import type { Store } from '../store/store';
import { transact, type NewRow, type Writer } from '../store/writer';
import { validateDraft, type ValidDraft } from './validateDraft';
import { customerQueries, readCustomerDetail } from './readModel';

export interface RegisterOptions {
  /** When the customer registered (legacy imports carry the original date); defaults to now. */
  registeredAt?: string;
  /** The outlet that issued the card; defaults to the device's outlet. */
  outletId?: string | null;
}

export function cardTaken(store: Store, cardNo: string): AkrabError {
  return new AkrabError({ code: 'conflict', field: 'cardNo', messageKey: 'error.card_taken', params: { cardNo } });
}

/** Registers a new customer with their first card and phone (and the purchase that came with it, when given). */
export function registerCustomer(store: Store, input: CustomerDraftInput, options: RegisterOptions = {}): CustomerDetail {
  const draft = validateDraft(input, store.now().toISOString().slice(0, 10));
  const id = transact(store, (writer) => insertCustomer(store, writer, draft, options));
  return readCustomerDetail(store, id)!;
}

/** The writes of a registration, for callers that already hold a transaction. */
export function insertCustomer(store: Store, writer: Writer, draft: ValidDraft, options: RegisterOptions = {}): string {
  if (customerQueries(store).cardNumberUsed.get(draft.cardNo)) throw cardTaken(store, draft.cardNo);
  const rows = newCustomerRows(store, draft, options, writer.nowIso);
  writeCustomerRows(writer, rows);
  if (rows.purchase) earnForPurchaseRow(store, writer, rows.purchase);
  return rows.customer.id;
}

/** Writes one registration's rows, in the order their foreign keys need. */
export function writeCustomerRows(writer: Writer, rows: NewCustomerRows): void {
  writer.insert(customers, rows.customer);
  writer.insert(cards, rows.card);
  writer.insert(phones, rows.phone);
  for (const phone of rows.otherPhones ?? []) writer.insert(phones, phone);
  if (rows.purchase) writer.insert(purchases, rows.purchase);
}

export interface NewCustomerRows {
  customer: NewRow<typeof customers>;
  card: NewRow<typeof cards>;
  phone: NewRow<typeof phones>;
  /** Further numbers an imported row carried. */
  otherPhones?: NewRow<typeof phones>[];
  purchase?: NewRow<typeof purchases>;
}

/** The rows a registration writes, built but not written: the importer writes many at once. */
export function newCustomerRows(store: Store, draft: ValidDraft, options: RegisterOptions, nowIso: string): NewCustomerRows {
  const id = newId();
  const createdAt = options.registeredAt ?? nowIso;
  const outletId = options.outletId === undefined ? store.outletId : options.outletId;
  const rows: NewCustomerRows = {
    customer: {
      id,
      createdAt,
      fullName: draft.fullName,
      nameSearch: searchableName(draft.fullName),
      gender: draft.gender ?? null,
      birthDate: draft.birthDate ?? null,
      nik: draft.nik,
      email: draft.email,
      address: draft.address,
      city: draft.city,
      notes: draft.notes,
      consentMarketing: draft.consentMarketing,
      consentAt: draft.consentMarketing ? nowIso : null,
      consentBy: draft.consentMarketing ? store.staff : null,
      registeredOutletId: outletId,
    },
    card: { id: newId(), createdAt, customerId: id, cardNo: draft.cardNo, status: 'active', issuedAt: createdAt, issuedOutletId: outletId, issuedByStaff: store.staff },
    phone: { id: newId(), createdAt, customerId: id, e164: draft.normalizedPhone.e164, digitsReversed: reverseDigits(draft.normalizedPhone.national) },
  };
  if (draft.invoiceNo || draft.amount) {
    rows.purchase = {
      id: newId(),
      createdAt,
      customerId: id,
      invoiceNo: draft.invoiceNo,
      outletId,
      purchasedAt: createdAt,
      amount: draft.amount ?? 0,
      mainProduct: draft.mainProduct,
    };
  }
  return rows;
}

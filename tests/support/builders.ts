import type { CustomerDraftInput } from '../../shared/schemas';

let counter = 0;

/** A valid registration draft with unique card and phone; refine it with the with… methods. */
export function aCustomer() {
  counter++;
  const draft: CustomerDraftInput & { phone: string; cardNo: string } = {
    fullName: 'Siti Rahayu',
    phone: `0812${String(10000000 + counter * 37).slice(-8)}`,
    cardNo: `VIP${String(100000 + counter)}`,
    consentMarketing: true,
  };
  const builder = {
    named: (fullName: string) => ((draft.fullName = fullName), builder),
    withPhone: (phone: string) => ((draft.phone = phone), builder),
    withCard: (cardNo: string) => ((draft.cardNo = cardNo), builder),
    withNik: (nik: string) => ((draft.nik = nik), builder),
    bornOn: (birthDate: string) => ((draft.birthDate = birthDate), builder),
    withGender: (gender: 'M' | 'F') => ((draft.gender = gender), builder),
    livingAt: (address: string, city = 'Bandung') => ((draft.address = address), (draft.city = city), builder),
    withEmail: (email: string) => ((draft.email = email), builder),
    withPurchase: (invoiceNo: string, amount: number, mainProduct = 'Kulkas') => ((draft.invoiceNo = invoiceNo), (draft.amount = amount), (draft.mainProduct = mainProduct), builder),
    build: () => ({ ...draft }),
  };
  return builder;
}

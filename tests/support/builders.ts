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

/** Programme rules as a manager sets them: 1 point per Rp 10.000, a point worth Rp 100, valid 12 months. */
export function aLoyaltyRule(validFrom: string) {
  const rule = {
    validFrom,
    validTo: null as string | null,
    rupiahPerPoint: 10_000,
    minPurchase: 0,
    rounding: 'floor' as 'floor' | 'round' | 'ceil',
    pointValue: 100,
    validityMonths: 12,
    offlineRedeemLimit: 50,
    earnAndRedeemSameSale: false,
  };
  const builder = {
    until: (validTo: string) => ((rule.validTo = validTo), builder),
    perPoint: (rupiah: number) => ((rule.rupiahPerPoint = rupiah), builder),
    minimum: (rupiah: number) => ((rule.minPurchase = rupiah), builder),
    rounded: (mode: 'floor' | 'round' | 'ceil') => ((rule.rounding = mode), builder),
    validFor: (months: number) => ((rule.validityMonths = months), builder),
    offlineLimit: (points: number) => ((rule.offlineRedeemLimit = points), builder),
    earnAndRedeemInOneSale: () => ((rule.earnAndRedeemSameSale = true), builder),
    build: () => ({ ...rule }),
  };
  return builder;
}

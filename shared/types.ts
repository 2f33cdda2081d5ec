export type Gender = 'M' | 'F';
export type CardStatus = 'active' | 'lost' | 'blocked';

export interface Card {
  id: string;
  cardNo: string;
  status: CardStatus;
  issuedAt: string;
  issuedOutletCode: string | null;
  issuedByStaff: string | null;
}

export interface Phone {
  id: string;
  e164: string;
}

export interface Purchase {
  id: string;
  invoiceNo: string | null;
  outletCode: string | null;
  purchasedAt: string;
  amount: number;
  mainProduct: string | null;
}

/** The inputs of recency/frequency/monetary scoring. */
export interface PurchaseSummary {
  count: number;
  total: number;
  firstAt: string | null;
  lastAt: string | null;
}

export interface Customer {
  id: string;
  fullName: string;
  gender: Gender | null;
  birthDate: string | null;
  nik: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  notes: string | null;
  consentMarketing: boolean;
  consentAt: string | null;
  registeredOutletCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerDetail extends Customer {
  cards: Card[];
  phones: Phone[];
  purchaseSummary: PurchaseSummary;
  /** Newest first, at most the number asked for. */
  recentPurchases: Purchase[];
}

export type MatchReason = 'card' | 'card_prefix' | 'phone' | 'phone_suffix' | 'name_prefix' | 'name_substring';

export interface SearchHit {
  customerId: string;
  fullName: string;
  city: string | null;
  phones: string[];
  cardNos: string[];
  lastVisit: string | null;
  reason: MatchReason;
}

export type DuplicateEvidence = 'phone' | 'nik' | 'email' | 'name' | 'birth_date' | 'address' | 'card';

export interface DuplicateCandidate {
  customerId: string;
  fullName: string;
  city: string | null;
  phones: string[];
  cardNos: string[];
  score: number;
  evidence: DuplicateEvidence[];
}

export interface AppStatus {
  deviceId: string;
  outletCode: string | null;
  outletName: string | null;
  staffName: string | null;
  customerCount: number;
  pendingChanges: number;
  serverReachable: boolean | null;
  lastSyncAt: string | null;
}

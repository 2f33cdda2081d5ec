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
  /** Customer care (issue 9): the latest contact (not a note, not an unanswered call), the latest in-store visit or purchase. */
  lastContact: string | null;
  lastVisit: string | null;
  openComplaints: number;
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
  /** Loyalty at the counter (issue 17 point 9): cached balance and the tier of the last pass; absent without either. */
  loyalty?: HitLoyalty;
  /** The typed or scanned card is not active (issue 17 point 6): the counter says so before anything else. */
  scannedCard?: { cardNo: string; status: Exclude<CardStatus, 'active'> };
}

export interface HitLoyalty {
  points: number;
  flagged: boolean;
  tierCode: string | null;
  tierName: string | null;
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
  /** IANA zone of the outlet (Asia/Jakarta, Asia/Makassar, Asia/Jayapura): instants are shown in it. */
  outletTimeZone: string;
  staffName: string | null;
  customerCount: number;
  pendingChanges: number;
  /** True when there are at least this many: counting stops there. */
  pendingChangesCapped: boolean;
  /** Changes of this device the central server refused (each is in the audit trail, action sync.refused). */
  refusedChanges: number;
  /** The server refused this device's stamps as ahead of its clock: the PC's clock must be set right. */
  clockAhead: boolean;
  serverReachable: boolean | null;
  lastSyncAt: string | null;
}

// ---- identity resolution (dedup) -----------------------------------------------------------------------

export type DedupClusterKind = 'person' | 'farming' | 'household';
/**
 * `registration`: how close in time two cards were registered; `outlet`: at the same outlet or not; `visit`:
 * whether each card was registered in one visit with further cards sharing the other's phone or home.
 */
export type DedupEvidenceKind =
  | 'phone'
  | 'nik'
  | 'email'
  | 'name'
  | 'birth_date'
  | 'address'
  | 'city'
  | 'postcode'
  | 'gender'
  | 'card'
  | 'registration'
  | 'outlet'
  | 'visit'
  | 'season';

export interface DedupEvidence {
  kind: DedupEvidenceKind;
  /** `blank`: the field is empty on one or both cards, which the scan learned to be evidence too. */
  level: 'same' | 'similar' | 'different' | 'blank';
  /** log2 likelihood ratio: > 0 supports "same person". */
  weight: number;
  similarity?: number;
}

export interface DedupScanSummary {
  runId: string;
  records: number;
  clusters: number;
  farmingClusters: number;
  households: number;
  estimatedPeople: number;
  /** How sure the estimate is: a range from the match probabilities (absent for scans made before it existed). */
  estimatedRange?: { low: number; high: number } | null;
  /** Card farmers' extra cards sharing no contact with them, estimated (already taken off estimatedPeople). */
  unseenFarmCards?: number | null;
  clusteredCards: number;
  millis: Record<string, number>;
  /** Candidate pairs the model was learned from (absent for scans saved before it was kept). */
  learnedPairs?: number | null;
  /**
   * Said beside the counts when the model was learned from too few pairs to be this store's own
   * (`warning.dedup_few_pairs` with `pairs`, `records`, `enough`); null when the model rests on enough.
   */
  warning?: DedupScanWarning | null;
}

export interface DedupScanWarning {
  messageKey: 'warning.dedup_few_pairs';
  params: { pairs: number; records: number; enough: number };
}

export interface DedupClusterSummary {
  id: string;
  kind: DedupClusterKind;
  confidence: number;
  size: number;
  cardCount: number;
  status: 'open' | 'merged' | 'rejected' | 'cards_blocked';
  /** The first few member names. */
  names: string[];
}

export interface DedupMember {
  id: string;
  fullName: string;
  birthDate: string | null;
  gender: Gender | null;
  nik: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  notes: string | null;
  registeredAt: string;
  registeredOutletCode: string | null;
  /** IANA zone of the registering outlet (its registration time reads in that zone). */
  registeredOutletTimeZone: string | null;
  phones: string[];
  cardNos: string[];
  mergedInto: string | null;
}

export interface DedupClusterDetail extends DedupClusterSummary {
  members: DedupMember[];
  pairs: { a: string; b: string; score: number; evidence: DedupEvidence[] }[];
  facts: Record<string, unknown> | null;
}

export interface DedupMergeSummary {
  mergeId: string;
  survivorId: string;
  mergedIds: string[];
  movedRows: number;
  createdAt: string;
  createdByStaff: string | null;
  undoneAt: string | null;
  /** Names as they were at the merge (the history lists them): customer id → name. */
  names?: Record<string, string>;
}

/** One customer's RFM as the RFM report defines it: its default period (365 days), its quintiles, its segment. */
export interface CustomerRfm {
  periodFrom: string;
  periodTo: string;
  /** Null when the customer bought nothing in the period (the report does not score them). */
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  scores: { recency: number; frequency: number; monetary: number } | null;
  segment: import('./reports').RfmSegment | null;
  /** The population's quintiles are being computed (off the app's thread): ask again shortly for the scores. */
  pending?: boolean;
}

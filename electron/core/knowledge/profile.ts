import { competitorProducts, customerFacts, customerInterests, familyMembers, interestTags } from '../../../db/schema/knowledge';
import {
  competitorProductInputSchema,
  familyMemberInputSchema,
  profileFactKeys,
  profileFactsPatchSchema,
  type CompetitorProduct,
  type CompetitorProductInput,
  type CustomerKnowledge,
  type FamilyMember,
  type FamilyMemberInput,
  type InterestTag,
  type ProfileFactKey,
  type ProfileFactsPatch,
} from '../../../shared/knowledge';
import { validationError } from '../../../shared/errors';
import { roleRank, type Session } from '../auth/roles';
import { deterministicId } from '../care/deterministicId';
import { prepared, requireCustomerRow } from '../care/careReads';
import { parseOrThrow } from '../care/settings/careSettings';
import { resolveMerged } from '../dedup/merge';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { knowledgeErrors } from './errors';

/** Ids derived from what the row stands for carry no time: one per (customer, fact) whenever it is written. */
const factId = (customerId: string, key: ProfileFactKey) => deterministicId(0, 'fact', customerId, key);
const interestId = (customerId: string, tagId: string) => deterministicId(0, 'interest', customerId, tagId);
const foldLabel = (label: string) => label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('id');
export const tagId = (label: string) => deterministicId(0, 'tag', foldLabel(label));

/**
 * Sets or clears profile facts; only the facts named in the patch are written, each its own row, so two outlets
 * editing different facts offline both keep theirs and the same fact is last-writer-wins.
 */
export function setProfileFacts(store: Store, customerId: string, patch: ProfileFactsPatch | unknown): CustomerKnowledge {
  const facts = parseOrThrow(profileFactsPatchSchema, patch);
  requireCustomerRow(store, customerId);
  transact(store, (w) => {
    for (const key of profileFactKeys) {
      if (!(key in facts)) continue;
      const raw = facts[key];
      const value = raw === undefined || raw === null || raw === '' ? null : raw;
      const id = factId(customerId, key);
      const existing = prepared(store, 'SELECT value FROM customer_facts WHERE id = ?').get(id) as { value: string | null } | undefined;
      if (!existing) {
        if (value !== null) w.insert(customerFacts, { id, customerId, key, value });
      } else if (existing.value !== value) w.update(customerFacts, id, { value });
    }
  });
  return customerKnowledge(store, customerId);
}

/** Adds a family member; a member who is a customer is linked (never the customer themselves). */
export function addFamilyMember(store: Store, input: FamilyMemberInput | unknown): FamilyMember {
  const m = parseOrThrow(familyMemberInputSchema, input);
  requireCustomerRow(store, m.customerId);
  const memberCustomerId = linkableMember(store, m.customerId, m.memberCustomerId);
  const id = newId();
  transact(store, (w) =>
    w.insert(familyMembers, { id, customerId: m.customerId, name: m.name, relation: m.relation, birthDate: m.birthDate, memberCustomerId }),
  );
  return familyOf(store, m.customerId).find((f) => f.id === id)!;
}

/** Changes a family member: only the fields given are written. */
export function updateFamilyMember(
  store: Store,
  familyMemberId: string,
  input: Partial<Omit<FamilyMemberInput, 'customerId'>> | unknown,
): FamilyMember {
  const row = prepared(store, 'SELECT customer_id FROM family_members WHERE id = ? AND deleted_at IS NULL').get(familyMemberId) as
    { customer_id: string } | undefined;
  if (!row) throw knowledgeErrors.familyMemberNotFound();
  const m = parseOrThrow(familyMemberInputSchema.omit({ customerId: true }).partial(), input);
  const patch: Record<string, unknown> = {};
  for (const key of ['name', 'relation', 'birthDate'] as const) if (m[key] !== undefined) patch[key] = m[key];
  if (input && typeof input === 'object' && 'memberCustomerId' in input)
    patch.memberCustomerId = linkableMember(store, row.customer_id, m.memberCustomerId ?? null);
  transact(store, (w) => w.update(familyMembers, familyMemberId, patch));
  return familyOf(store, row.customer_id).find((f) => f.id === familyMemberId)!;
}

export function removeFamilyMember(store: Store, familyMemberId: string): void {
  if (!prepared(store, 'SELECT 1 FROM family_members WHERE id = ? AND deleted_at IS NULL').get(familyMemberId))
    throw knowledgeErrors.familyMemberNotFound();
  transact(store, (w) => w.remove(familyMembers, familyMemberId));
}

/** A linked member must be another existing customer: merged records count as the person they were merged into. */
function linkableMember(store: Store, customerId: string, memberCustomerId: string | null | undefined): string | null {
  if (!memberCustomerId) return null;
  if (memberCustomerId === customerId || resolveMerged(store, memberCustomerId) === resolveMerged(store, customerId))
    throw knowledgeErrors.familySelfLink();
  if (!prepared(store, 'SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL').get(memberCustomerId))
    throw knowledgeErrors.linkedCustomerNotFound();
  return memberCustomerId;
}

/** A manager adds (or renames, or retires) an interest tag of the store's list. */
export function curateInterestTag(store: Store, actor: Session | null, input: { label: string; active?: boolean }): InterestTag {
  if (!actor || roleRank[actor.role] < roleRank.manager) throw knowledgeErrors.managerRequired();
  const label = typeof input.label === 'string' ? input.label.normalize('NFKC').trim().replace(/\s+/g, ' ') : '';
  if (!label) throw validationError('label', 'error.text_required');
  if (label.length > 60) throw validationError('label', 'error.too_long');
  const id = tagId(label);
  const active = input.active ?? true;
  transact(store, (w) => {
    if (prepared(store, 'SELECT 1 FROM interest_tags WHERE id = ?').get(id)) w.update(interestTags, id, { label, active });
    else w.insert(interestTags, { id, label, active });
  });
  return { id, label, active };
}

export function interestTagList(store: Store, includeRetired = false): InterestTag[] {
  const rows = prepared(
    store,
    'SELECT id, label, active FROM interest_tags WHERE deleted_at IS NULL ORDER BY label COLLATE NOCASE',
  ).all() as {
    id: string;
    label: string;
    active: number;
  }[];
  return rows.filter((r) => includeRetired || r.active).map((r) => ({ id: r.id, label: r.label, active: !!r.active }));
}

/** Tags or untags a customer with one of the curated interests. */
export function setInterest(store: Store, customerId: string, tag: string, on: boolean): CustomerKnowledge {
  requireCustomerRow(store, customerId);
  if (!prepared(store, 'SELECT 1 FROM interest_tags WHERE id = ? AND active = 1 AND deleted_at IS NULL').get(tag))
    throw knowledgeErrors.tagNotFound();
  const id = interestId(customerId, tag);
  transact(store, (w) => {
    const existing = prepared(store, 'SELECT active FROM customer_interests WHERE id = ?').pluck().get(id) as number | undefined;
    if (existing === undefined) {
      if (on) w.insert(customerInterests, { id, customerId, tagId: tag, active: true });
    } else if (!!existing !== on) w.update(customerInterests, id, { active: on });
  });
  return customerKnowledge(store, customerId);
}

export function addCompetitorProduct(store: Store, input: CompetitorProductInput | unknown): CompetitorProduct {
  const c = parseOrThrow(competitorProductInputSchema, input);
  requireCustomerRow(store, c.customerId);
  const id = newId();
  transact(store, (w) =>
    w.insert(competitorProducts, { id, customerId: c.customerId, brand: c.brand, product: c.product, since: c.since }),
  );
  return { id, brand: c.brand, product: c.product, since: c.since };
}

export function removeCompetitorProduct(store: Store, id: string): void {
  if (!prepared(store, 'SELECT 1 FROM competitor_products WHERE id = ? AND deleted_at IS NULL').get(id))
    throw knowledgeErrors.competitorProductNotFound();
  transact(store, (w) => w.remove(competitorProducts, id));
}

function familyOf(store: Store, customerId: string): FamilyMember[] {
  const rows = prepared(
    store,
    `SELECT f.id, f.name, f.relation, f.birth_date, f.member_customer_id, c.full_name AS member_name
     FROM family_members f LEFT JOIN customers c ON c.id = f.member_customer_id
     WHERE f.customer_id = ? AND f.deleted_at IS NULL ORDER BY f.created_at, f.id`,
  ).all(customerId) as {
    id: string;
    name: string;
    relation: FamilyMember['relation'];
    birth_date: string | null;
    member_customer_id: string | null;
    member_name: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    relation: r.relation,
    birthDate: r.birth_date,
    memberCustomerId: r.member_customer_id,
    memberCustomerName: r.member_name,
  }));
}

/** Everything the customer page shows of the deeper profile, with the households the duplicate scan offers. */
export function customerKnowledge(store: Store, customerId: string): CustomerKnowledge {
  requireCustomerRow(store, customerId);
  const facts: CustomerKnowledge['facts'] = {};
  for (const r of prepared(store, 'SELECT key, value FROM customer_facts WHERE customer_id = ? AND deleted_at IS NULL').all(customerId) as {
    key: ProfileFactKey;
    value: string | null;
  }[])
    if (r.value !== null) facts[r.key] = r.value;
  const family = familyOf(store, customerId);
  const interests = (
    prepared(
      store,
      `SELECT t.id, t.label, t.active FROM customer_interests i JOIN interest_tags t ON t.id = i.tag_id
       WHERE i.customer_id = ? AND i.active = 1 AND i.deleted_at IS NULL ORDER BY t.label`,
    ).all(customerId) as { id: string; label: string; active: number }[]
  ).map((t) => ({ id: t.id, label: t.label, active: !!t.active }));
  const competitor = prepared(
    store,
    'SELECT id, brand, product, since FROM competitor_products WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at, id',
  ).all(customerId) as CompetitorProduct[];
  return {
    customerId,
    facts,
    family,
    interests,
    competitorProducts: competitor,
    householdSuggestions: householdSuggestions(store, customerId, family),
  };
}

/** Members of the household clusters of the latest duplicate scan that hold this customer, not yet linked as family. */
function householdSuggestions(store: Store, customerId: string, family: FamilyMember[]): { customerId: string; fullName: string }[] {
  if (!prepared(store, `SELECT 1 FROM sqlite_master WHERE name = 'dedup_cluster_members'`).get()) return [];
  const linked = new Set(family.map((f) => f.memberCustomerId).filter(Boolean));
  const rows = prepared(
    store,
    `SELECT DISTINCT other.customer_id AS id, c.full_name AS name
     FROM dedup_cluster_members me
     JOIN dedup_clusters k ON k.id = me.cluster_id AND k.kind = 'household'
       AND k.run_id = (SELECT id FROM dedup_runs ORDER BY started_at DESC LIMIT 1)
     JOIN dedup_cluster_members other ON other.cluster_id = me.cluster_id AND other.customer_id != me.customer_id
     JOIN customers c ON c.id = other.customer_id AND c.deleted_at IS NULL AND c.merged_into IS NULL
     WHERE me.customer_id = ? ORDER BY c.full_name`,
  ).all(customerId) as { id: string; name: string }[];
  return rows.filter((r) => !linked.has(r.id)).map((r) => ({ customerId: r.id, fullName: r.name }));
}

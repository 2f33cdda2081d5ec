import { describe, expect, it } from 'vitest';
import {
  addCompetitorProduct,
  addFamilyMember,
  curateInterestTag,
  customerKnowledge,
  interestTagList,
  setInterest,
  setProfileFacts,
  updateFamilyMember,
} from '../../electron/core/knowledge/profile';
import { eraseCustomer, exportCustomerData } from '../../electron/core/privacy/erasure';
import { careStore } from '../care/support';
import { aCustomer } from '../support/builders';
import { akrabErrorOf } from '../support/akrabError';

const manager = { staffId: 'm1', name: 'Bu Manajer', role: 'manager' as const, outletId: null };
const clerk = { staffId: 'c1', name: 'Rina', role: 'clerk' as const, outletId: null };

const changesOf = (store: ReturnType<typeof careStore>['store']) =>
  store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get() as number;

describe('the deeper profile', () => {
  it('keeps occupation, contact preferences, likes and dislikes as separate facts; clearing one leaves the others', () => {
    const { store, customer } = careStore();
    const siti = customer(aCustomer().named('Siti Rahayu'));
    setProfileFacts(store, siti.id, {
      occupation: 'Guru SD',
      preferred_channel: 'whatsapp',
      preferred_time: 'evening',
      likes: 'Warna putih',
    });
    const k = setProfileFacts(store, siti.id, { likes: '', dislikes: 'Ditelepon pagi' });
    expect(k.facts).toEqual({
      occupation: 'Guru SD',
      preferred_channel: 'whatsapp',
      preferred_time: 'evening',
      dislikes: 'Ditelepon pagi',
    });
    // Only the facts named in an edit are written.
    const rows = store.sqlite
      .prepare(`SELECT table_name, data FROM changes WHERE table_name = 'customer_facts' ORDER BY seq DESC LIMIT 2`)
      .all() as { data: string }[];
    expect(rows.map((r) => Object.keys(JSON.parse(r.data) as object).filter((c) => c === 'value' || c === 'key'))).toEqual([
      ['key', 'value'],
      ['value'],
    ]);
  });

  it('refuses an unknown channel or contact time, writing nothing', () => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = changesOf(store);
    expect(akrabErrorOf(() => setProfileFacts(store, siti.id, { occupation: 'Petani', preferred_channel: 'telegram' }))).toMatchObject({
      code: 'validation',
    });
    expect(akrabErrorOf(() => setProfileFacts(store, siti.id, { preferred_time: 'midnight' })).issues?.[0]).toMatchObject({
      field: 'preferred_time',
      messageKey: 'error.knowledge.contact_time_unknown',
    });
    expect(changesOf(store)).toBe(before);
  });

  it('links a family member who is a customer, and refuses a customer linked to themselves', () => {
    const { store, customer } = careStore();
    const siti = customer(aCustomer().named('Siti Rahayu'));
    const budi = customer(aCustomer().named('Budi Santoso'));
    const member = addFamilyMember(store, {
      customerId: siti.id,
      name: 'Budi',
      relation: 'spouse',
      birthDate: '1980-02-03',
      memberCustomerId: budi.id,
    });
    expect(member).toMatchObject({ relation: 'spouse', memberCustomerId: budi.id, memberCustomerName: 'Budi Santoso' });
    addFamilyMember(store, { customerId: siti.id, name: 'Ayu', relation: 'child', birthDate: '2012-07-09' });
    const before = changesOf(store);
    expect(
      akrabErrorOf(() => addFamilyMember(store, { customerId: siti.id, name: 'Siti', relation: 'other', memberCustomerId: siti.id })),
    ).toMatchObject({
      code: 'validation',
      field: 'memberCustomerId',
      messageKey: 'error.knowledge.family_self_link',
    });
    expect(akrabErrorOf(() => updateFamilyMember(store, member.id, { memberCustomerId: siti.id }))).toMatchObject({
      messageKey: 'error.knowledge.family_self_link',
    });
    expect(akrabErrorOf(() => addFamilyMember(store, { customerId: siti.id, name: 'X', relation: 'cousin' })).issues?.[0]).toMatchObject({
      field: 'relation',
      messageKey: 'error.knowledge.relation_unknown',
    });
    expect(changesOf(store)).toBe(before);
    expect(customerKnowledge(store, siti.id).family.map((f) => [f.name, f.relation, f.birthDate])).toEqual([
      ['Budi', 'spouse', '1980-02-03'],
      ['Ayu', 'child', '2012-07-09'],
    ]);
  });

  it('offers the household members the duplicate scan found, until they are linked as family', () => {
    const { store, customer } = careStore();
    const a = customer(aCustomer().named('Siti Rahayu').withPhone('081234567890').livingAt('Jl. Melati No. 5 RT 003/RW 005', 'Bandung'));
    const b = customer(aCustomer().named('Agus Pratama').withPhone('081234567890').livingAt('Jl. Melati No. 5 RT 003/RW 005', 'Bandung'));
    // What a duplicate scan leaves when it finds a household (the scan itself is tested in tests/dedup).
    store.sqlite
      .prepare(
        `INSERT INTO dedup_runs (id, started_at, finished_at, records, clusters, farming_clusters, households, estimated_people, stats) VALUES ('r1', '2026-11-23T00:00:00Z', '2026-11-23T00:01:00Z', 2, 0, 0, 1, 2, '{}')`,
      )
      .run();
    store.sqlite
      .prepare(
        `INSERT INTO dedup_clusters (id, run_id, kind, confidence, score, size, card_count) VALUES ('r1-h0', 'r1', 'household', 0.9, 5, 2, 2)`,
      )
      .run();
    for (const id of [a.id, b.id])
      store.sqlite.prepare(`INSERT INTO dedup_cluster_members (cluster_id, customer_id) VALUES ('r1-h0', ?)`).run(id);
    const offered = customerKnowledge(store, a.id).householdSuggestions;
    expect(offered).toEqual([{ customerId: b.id, fullName: 'Agus Pratama' }]);
    addFamilyMember(store, { customerId: a.id, name: 'Agus', relation: 'spouse', memberCustomerId: b.id });
    expect(customerKnowledge(store, a.id).householdSuggestions).toEqual([]);
  });

  it('interest tags are curated by managers only; clerks tag customers with them', () => {
    const { store, customer } = careStore();
    const siti = customer();
    expect(akrabErrorOf(() => curateInterestTag(store, clerk, { label: 'Memasak' }))).toMatchObject({ code: 'forbidden' });
    const cooking = curateInterestTag(store, manager, { label: ' Memasak ' });
    // The same tag typed again by another manager is the same tag.
    expect(curateInterestTag(store, manager, { label: 'memasak' }).id).toBe(cooking.id);
    curateInterestTag(store, manager, { label: 'Sepak bola' });
    expect(interestTagList(store).map((t) => t.label)).toEqual(['memasak', 'Sepak bola']);
    setInterest(store, siti.id, cooking.id, true);
    expect(customerKnowledge(store, siti.id).interests.map((t) => t.id)).toEqual([cooking.id]);
    setInterest(store, siti.id, cooking.id, false);
    expect(customerKnowledge(store, siti.id).interests).toEqual([]);
    expect(akrabErrorOf(() => setInterest(store, siti.id, 'nope', true))).toMatchObject({
      messageKey: 'error.knowledge.interest_tag_not_found',
    });
  });

  it('records competitor products; a bad "since" is refused', () => {
    const { store, customer } = careStore();
    const siti = customer();
    addCompetitorProduct(store, { customerId: siti.id, brand: 'Polytron', product: 'Kulkas 2 pintu', since: '2019-04' });
    expect(
      akrabErrorOf(() => addCompetitorProduct(store, { customerId: siti.id, brand: 'LG', product: 'TV', since: '04/2019' })).issues?.[0],
    ).toMatchObject({
      messageKey: 'error.knowledge.since_invalid',
    });
    expect(customerKnowledge(store, siti.id).competitorProducts).toMatchObject([
      { brand: 'Polytron', product: 'Kulkas 2 pintu', since: '2019-04' },
    ]);
  });

  it('is in the access export and is erased with the customer', () => {
    const { store, customer } = careStore();
    const siti = customer(aCustomer().named('Siti Rahayu'));
    const budi = customer(aCustomer().named('Budi Santoso'));
    setProfileFacts(store, siti.id, { occupation: 'Guru SD', likes: 'Warna putih', dislikes: 'Suara bising' });
    addFamilyMember(store, { customerId: siti.id, name: 'Ayu Lestari', relation: 'child', birthDate: '2012-07-09' });
    // Budi lists Siti as his wife: that row names her too.
    addFamilyMember(store, { customerId: budi.id, name: 'Siti Rahayu', relation: 'spouse', memberCustomerId: siti.id });
    addCompetitorProduct(store, { customerId: siti.id, brand: 'Polytron', product: 'Kulkas', since: '2019' });
    const cooking = curateInterestTag(store, manager, { label: 'Memasak' });
    setInterest(store, siti.id, cooking.id, true);

    const exported = exportCustomerData(store, manager, siti.id);
    expect(exported.tables.customer_facts?.map((r) => r.value).sort()).toEqual(['Guru SD', 'Suara bising', 'Warna putih']);
    expect(exported.tables.family_members?.map((r) => r.name).sort()).toEqual(['Ayu Lestari', 'Siti Rahayu']);
    expect(exported.tables.competitor_products).toHaveLength(1);
    expect(exported.tables.customer_interests).toHaveLength(1);

    eraseCustomer(store, manager, { customerId: siti.id, confirmName: 'Siti Rahayu' });
    const k = customerKnowledge(store, siti.id);
    expect(k.facts).toEqual({});
    expect(k.family).toEqual([]);
    expect(k.competitorProducts).toEqual([]);
    expect(k.interests).toEqual([]);
    // Budi keeps a spouse, but no longer Siti's name or link.
    expect(customerKnowledge(store, budi.id).family).toMatchObject([{ name: '[dihapus]', memberCustomerId: null }]);
    // Nor does the change log still tell the old values.
    const log = store.sqlite
      .prepare(`SELECT data FROM changes WHERE table_name IN ('customer_facts', 'family_members', 'competitor_products')`)
      .pluck()
      .all() as string[];
    for (const secret of ['Guru SD', 'Warna putih', 'Ayu Lestari', '2012-07-09', 'Polytron']) expect(log.join('\n')).not.toContain(secret);
  });
});

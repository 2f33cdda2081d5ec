import { describe, expect, it } from 'vitest';
import { addCompetitorProduct, addFamilyMember, curateInterestTag, removeCompetitorProduct, setInterest, setProfileFacts } from '../../electron/core/knowledge/profile';
import { countSegment } from '../../electron/core/segments/segments';
import type { SegmentNodeInput } from '../../shared/segments';
import { careStore } from '../care/support';
import { akrabErrorOf } from '../support/akrabError';

const manager = { staffId: 'm', name: 'M', role: 'manager' as const, outletId: null };

/**
 *   ani   occupation "Guru SD", WhatsApp, interests Memasak + Olahraga, owns a Samsung Kulkas, a child
 *   budi  occupation "guru",    phone,    interest Olahraga,              owned an LG TV (removed), a spouse
 *   cici  occupation "Dokter",  no channel, interest Memasak (untagged again), no competitor product, no family
 *   dedi  nothing recorded
 */
function people() {
  const s = careStore();
  const [ani, budi, cici, dedi] = ['ani', 'budi', 'cici', 'dedi'].map(() => s.customer().id) as [string, string, string, string];
  const names = new Map([
    [ani, 'ani'],
    [budi, 'budi'],
    [cici, 'cici'],
    [dedi, 'dedi'],
  ]);
  const cooking = curateInterestTag(s.store, manager, { label: 'Memasak' }).id;
  const sport = curateInterestTag(s.store, manager, { label: 'Olahraga' }).id;
  curateInterestTag(s.store, manager, { label: 'Berkebun' });
  setProfileFacts(s.store, ani, { occupation: 'Guru SD', preferred_channel: 'whatsapp' });
  setProfileFacts(s.store, budi, { occupation: 'guru', preferred_channel: 'phone' });
  setProfileFacts(s.store, cici, { occupation: 'Dokter' });
  setInterest(s.store, ani, cooking, true);
  setInterest(s.store, ani, sport, true);
  setInterest(s.store, budi, sport, true);
  setInterest(s.store, cici, cooking, true);
  setInterest(s.store, cici, cooking, false);
  addCompetitorProduct(s.store, { customerId: ani, brand: 'Samsung', product: 'Kulkas 2 pintu' });
  removeCompetitorProduct(s.store, addCompetitorProduct(s.store, { customerId: budi, brand: 'LG', product: 'TV 43"' }).id);
  addFamilyMember(s.store, { customerId: ani, name: 'Raka', relation: 'child', birthDate: '2015-04-01' });
  addFamilyMember(s.store, { customerId: budi, name: 'Sari', relation: 'spouse' });
  const who = (where: SegmentNodeInput) =>
    countSegment(s.store, { where, preview: 10 })
      .preview.map((p) => names.get(p.customerId))
      .sort();
  return { ...s, who };
}

describe('segment conditions on the deeper profile (issue 19 point 1)', () => {
  it('selects by interest, occupation, preferred channel, competitor product and family, as the customer page records them', () => {
    const { who } = people();
    expect(who({ field: 'interest', op: 'has', value: ['Memasak'] })).toEqual(['ani']);
    expect(who({ field: 'interest', op: 'has', value: ['  memasak ', 'OLAHRAGA'] })).toEqual(['ani', 'budi']);
    expect(who({ field: 'interest', op: 'has_not', value: ['Olahraga'] })).toEqual(['cici', 'dedi']);
    expect(who({ field: 'interest', op: 'has', value: ['Berkebun'] })).toEqual([]);
    expect(who({ field: 'occupation', op: 'is', value: 'GURU' })).toEqual(['budi']);
    expect(who({ field: 'occupation', op: 'contains', value: 'guru' })).toEqual(['ani', 'budi']);
    expect(who({ field: 'occupation', op: 'contains', value: '%' })).toEqual([]);
    expect(who({ field: 'preferredChannel', op: 'is', value: 'whatsapp' })).toEqual(['ani']);
    expect(who({ field: 'competitorProduct', op: 'owns', value: 'samsung' })).toEqual(['ani']);
    expect(who({ field: 'competitorProduct', op: 'owns', value: 'kulkas' })).toEqual(['ani']);
    expect(who({ field: 'competitorProduct', op: 'owns', value: 'LG' })).toEqual([]);
    expect(who({ field: 'familyMember', op: 'has', value: 'child' })).toEqual(['ani']);
    expect(who({ field: 'familyMember', op: 'has', value: 'spouse' })).toEqual(['budi']);
    expect(
      who({ or: [{ field: 'familyMember', op: 'has', value: 'spouse' }, { and: [{ field: 'interest', op: 'has', value: ['Memasak'] }, { field: 'preferredChannel', op: 'is', value: 'whatsapp' }] }] }),
    ).toEqual(['ani', 'budi']);
  });

  it('refuses an interest not on the list by name, an unknown channel or relation, and an operator the field does not take', () => {
    const { store } = people();
    const error = (where: unknown) => akrabErrorOf(() => countSegment(store, { where: where as SegmentNodeInput, preview: 0 }));
    expect(error({ field: 'interest', op: 'has', value: ['Memancing'] })).toMatchObject({ messageKey: 'error.segment_interest_unknown', params: { label: 'Memancing' } });
    expect(error({ field: 'preferredChannel', op: 'is', value: 'telegram' })).toMatchObject({ messageKey: 'error.segment_value_invalid' });
    expect(error({ field: 'familyMember', op: 'has', value: 'cousin' })).toMatchObject({ messageKey: 'error.segment_value_invalid' });
    expect(error({ field: 'occupation', op: 'gte', value: 'guru' })).toMatchObject({ messageKey: 'error.segment_operator_unknown' });
  });
});

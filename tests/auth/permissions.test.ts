import { describe, expect, it } from 'vitest';
import { callNames } from '../../shared/callNames';
import { callRules, checkAccess } from '../../electron/core/auth/permissions';
import { roles } from '../../db/schema/staff';
import type { Role } from '../../electron/core/auth/roles';

/**
 * What each role may do, written out call by call. A new contract call without a rule in callRules fails
 * the first test; a rule that differs from this table fails the second.
 */
const expected: Record<string, Role | 'anyone'> = {
  'app.status': 'anyone',
  'app.seedDemo': 'anyone',
  'customers.register': 'booth',
  'customers.addCard': 'booth',
  'customers.rfm': 'clerk',
  'customers.lookup': 'booth',
  'customers.search': 'booth',
  'customers.findDuplicates': 'booth',
  'registrations.today': 'booth',
  'customers.get': 'clerk',
  'customers.purchases': 'clerk',
  'customers.update': 'clerk',
  'customers.addPurchase': 'clerk',
  'care.timeline': 'clerk',
  'care.summary': 'clerk',
  'care.logInteraction': 'clerk',
  'care.contactLinks': 'clerk',
  'care.myDay': 'clerk',
  'care.followUps.create': 'clerk',
  'care.followUps.complete': 'clerk',
  'care.followUps.cancel': 'clerk',
  'care.followUps.list': 'clerk',
  'care.followUps.runRules': 'clerk',
  'care.complaints.open': 'clerk',
  'care.complaints.transition': 'clerk',
  'care.complaints.get': 'clerk',
  'care.complaints.list': 'clerk',
  'care.templates.list': 'clerk',
  'care.rules.get': 'clerk',
  'care.hours.get': 'clerk',
  'care.serviceLevels.get': 'clerk',
  'care.holidays.list': 'clerk',
  'care.templates.save': 'manager',
  'care.rules.save': 'manager',
  'care.hours.save': 'manager',
  'care.serviceLevels.save': 'manager',
  'care.holidays.save': 'manager',
  'dedup.scan': 'manager',
  'dedup.lastScan': 'manager',
  'dedup.clusters': 'manager',
  'dedup.cluster': 'manager',
  'dedup.merge': 'manager',
  'dedup.unmerge': 'manager',
  'dedup.rejectCluster': 'manager',
  'dedup.bulkMerge': 'manager',
  'dedup.merges': 'manager',
  'reports.run': 'manager',
  'reports.export': 'manager',
  'reports.exportStatus': 'manager',
  'reports.exportLog': 'manager',
  'auth.session': 'anyone',
  'auth.staff': 'anyone',
  'auth.signIn': 'anyone',
  'auth.signOut': 'anyone',
  'auth.lock': 'anyone',
  'auth.setupAdmin': 'anyone',
  'auth.changeOwnSecret': 'booth',
  'auth.createStaff': 'manager',
  'auth.changeRole': 'manager',
  'auth.staffList': 'manager',
  'auth.setStaffActive': 'manager',
  'auth.resetPin': 'manager',
  'auth.setAutoLock': 'manager',
  'audit.list': 'manager',
  'privacy.consents': 'clerk',
  'privacy.consent': 'clerk',
  'privacy.marketingList': 'manager',
  'privacy.exportCustomer': 'manager',
  'privacy.eraseCustomer': 'manager',
  // Segments and campaigns (issue 18).
  'segments.count': 'manager',
  'segments.save': 'manager',
  'segments.list': 'manager',
  'segments.tiers': 'manager',
  'segments.export': 'manager',
  'campaigns.create': 'manager',
  'campaigns.launch': 'manager',
  'campaigns.list': 'manager',
  'campaigns.results': 'manager',
  'campaigns.export': 'manager',
  'campaigns.myDay': 'clerk',
  'campaigns.contact': 'clerk',
  // Knowing each customer (issue 19): the counter's; curating interests, offer minimums and the forecast are a manager's.
  'knowledge.get': 'clerk',
  'knowledge.setFacts': 'clerk',
  'knowledge.addFamily': 'clerk',
  'knowledge.updateFamily': 'clerk',
  'knowledge.removeFamily': 'clerk',
  'knowledge.setInterest': 'clerk',
  'knowledge.tags': 'clerk',
  'knowledge.curateTag': 'manager',
  'knowledge.addCompetitorProduct': 'clerk',
  'knowledge.removeCompetitorProduct': 'clerk',
  'opportunities.create': 'clerk',
  'opportunities.update': 'clerk',
  'opportunities.list': 'clerk',
  'opportunities.board': 'clerk',
  'opportunities.forecast': 'manager',
  'offers.forCustomer': 'clerk',
  'offers.startOpportunity': 'clerk',
  'offers.followUp': 'clerk',
  'offers.settings': 'clerk',
  'offers.saveSettings': 'manager',
  'loyalty.summary': 'booth',
  'loyalty.statement': 'clerk',
  'loyalty.redeem': 'clerk',
  'loyalty.cardStatus': 'booth',
  'loyalty.flagged': 'manager',
  'loyalty.replaceCard': 'manager',
  'loyalty.rules': 'manager',
  'loyalty.setRule': 'manager',
  'loyalty.tierProgrammes': 'manager',
  'loyalty.setTiers': 'manager',
  'loyalty.today': 'manager',
};

describe('role rules', () => {
  it('every contract call has a rule', () => {
    expect(Object.keys(callRules).sort()).toEqual([...callNames].sort());
  });

  it('every rule is the one this table expects', () => {
    expect(callRules).toEqual(expected);
  });

  const order: Role[] = ['booth', 'clerk', 'manager', 'admin'];
  const cases = callNames.flatMap((name) => roles.map((role) => [name, role] as const));
  it.each(cases)('%s as %s', (name, role) => {
    const rule = expected[name]!;
    const allowed = rule === 'anyone' || order.indexOf(role) >= order.indexOf(rule);
    expect(checkAccess(name, { staffId: 's', name: 'x', role, outletId: null }).allowed).toBe(allowed);
  });

  it.each(callNames.filter((n) => expected[n] !== 'anyone'))('%s is refused when signed out', (name) => {
    expect(checkAccess(name, null)).toEqual({ allowed: false, reason: 'signed_out' });
  });
});

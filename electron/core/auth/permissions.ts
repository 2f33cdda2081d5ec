import type { CallName } from '../../../shared/callNames';
import { roleRank, type Role, type Session } from './roles';

/**
 * Who may make each contract call: the lowest role allowed (higher roles inherit), or 'anyone' for the calls
 * a signed-out counter needs (status, the staff list for quick switch, signing in). Every call must have a rule:
 * tests/auth/permissions.test.ts fails when a call is added without one.
 */
export const callRules: Record<CallName, Role | 'anyone'> = {
  'app.status': 'anyone',
  'app.seedDemo': 'anyone',
  'customers.register': 'booth',
  'customers.addCard': 'booth',
  'customers.lookup': 'booth',
  'customers.search': 'booth',
  'customers.findDuplicates': 'booth',
  'registrations.today': 'booth',
  'customers.get': 'clerk',
  'customers.purchases': 'clerk',
  'customers.rfm': 'clerk',
  'customers.update': 'clerk',
  'customers.addPurchase': 'clerk',
  // Customer care (issue 9): the counter's daily routine; the outlet's settings are a manager's.
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
  // Identity resolution: the review queue is the managers'.
  'dedup.scan': 'manager',
  'dedup.lastScan': 'manager',
  'dedup.clusters': 'manager',
  'dedup.cluster': 'manager',
  'dedup.merge': 'manager',
  'dedup.unmerge': 'manager',
  'dedup.rejectCluster': 'manager',
  'dedup.bulkMerge': 'manager',
  'dedup.merges': 'manager',
  // Reports and their exports (issue 6) are the branch managers'.
  'reports.run': 'manager',
  'reports.export': 'manager',
  'reports.exportStatus': 'manager',
  'reports.exportLog': 'manager',
  // Signing in and the quick-switch list are for a signed-out counter; everyone changes their own PIN or
  // password. Managing staff is checked again inside (staffAuthority.ts): a manager manages the clerks and booth
  // staff of their own outlet and gives no one a role at manager or above; admins manage everyone.
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
  // UU PDP: the counter records consent; access requests, erasure and marketing lists are the managers'.
  'privacy.consents': 'clerk',
  'privacy.consent': 'clerk',
  'privacy.marketingList': 'manager',
  'privacy.exportCustomer': 'manager',
  'privacy.eraseCustomer': 'manager',
  // Segments and campaigns (issue 18): managers build and launch them; the counter works the contacts.
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
  // Loyalty (issue 17): the counter sees and redeems points and scans cards; flagged balances and card
  // replacement are the managers'.
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

export type Access = { allowed: true } | { allowed: false; reason: 'signed_out' | 'role' };

export function checkAccess(name: CallName, session: Session | null): Access {
  const rule = callRules[name];
  if (rule === 'anyone') return { allowed: true };
  if (!session) return { allowed: false, reason: 'signed_out' };
  return roleRank[session.role] >= roleRank[rule] ? { allowed: true } : { allowed: false, reason: 'role' };
}

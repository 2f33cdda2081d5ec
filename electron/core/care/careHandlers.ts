import type { Handlers } from '../api/handlers';
import type { Store } from '../store/store';
import { customerTimeline, careSummary } from './interactions/timeline';
import { logInteraction } from './interactions/interactions';
import { contactLinks, listTemplates, saveTemplate } from './templates/templates';
import { myDay } from './followUps/myDay';
import { closeFollowUp, createFollowUp, listFollowUps } from './followUps/followUps';
import { runFollowUpRules } from './followUps/rules';
import { getComplaint, listComplaints, openComplaint, transitionComplaint } from './complaints/complaints';
import {
  followUpRules,
  listClosedDays,
  openingHours,
  requireOutlet,
  saveClosedDays,
  saveFollowUpRules,
  saveOpeningHours,
  saveServiceLevels,
  serviceLevels,
} from './settings/careSettings';

type CareCall = Extract<keyof Handlers, `care.${string}`>;

/** The care calls of the contract, bound to one store; settings are the device's outlet's. */
export function createCareHandlers(store: Store): Pick<Handlers, CareCall> {
  const outletId = () => requireOutlet(store, store.outletId).id;
  return {
    'care.timeline': ({ customerId, before, limit }) => customerTimeline(store, customerId, { before, limit }),
    'care.summary': ({ customerId }) => careSummary(store, customerId),
    'care.logInteraction': (input) => logInteraction(store, input),
    'care.contactLinks': (input) => contactLinks(store, input),
    'care.myDay': ({ staff, mine }) => myDay(store, { staff, mine }),
    'care.followUps.create': (input) => createFollowUp(store, input),
    'care.followUps.complete': (input) => closeFollowUp(store, 'done', input),
    'care.followUps.cancel': (input) => closeFollowUp(store, 'cancelled', input),
    'care.followUps.list': ({ customerId, status, dueBy, limit }) =>
      listFollowUps(store, { outletId: customerId ? undefined : (store.outletId ?? undefined), customerId, status, dueBy, limit }),
    'care.followUps.runRules': () => runFollowUpRules(store),
    'care.complaints.open': (input) => openComplaint(store, input),
    'care.complaints.transition': (input) => transitionComplaint(store, input),
    'care.complaints.get': ({ complaintId }) => getComplaint(store, complaintId),
    'care.complaints.list': ({ status, overdue, customerId, limit }) => listComplaints(store, { status, overdue, customerId, limit }),
    'care.templates.list': () => listTemplates(store, store.outletId),
    'care.templates.save': ({ key, body }) => saveTemplate(store, store.outletId, key, body),
    'care.rules.get': () => followUpRules(store, outletId()),
    'care.rules.save': ({ rules }) => saveFollowUpRules(store, outletId(), rules),
    'care.hours.get': () => openingHours(store, outletId()),
    'care.hours.save': ({ hours }) => saveOpeningHours(store, outletId(), hours),
    'care.serviceLevels.get': () => serviceLevels(store, outletId()),
    'care.serviceLevels.save': ({ levels }) => saveServiceLevels(store, outletId(), levels),
    'care.holidays.list': ({ includeInactive }) => listClosedDays(store, outletId(), { includeInactive }),
    'care.holidays.save': ({ days }) => saveClosedDays(store, outletId(), days),
  };
}

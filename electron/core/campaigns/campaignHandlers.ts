import type { Handlers } from '../api/handlers';
import type { CallOutput, ParsedInput } from '../../../shared/contract';
import type { DeviceSession } from '../auth/deviceSession';
import { reportView } from '../reports/view';
import { startSegmentExport } from '../segments/segmentExport';
import { countSegment, listSegments, saveSegment, segmentTierOptions } from '../segments/segments';
import type { Store } from '../store/store';
import { createCampaign, listCampaigns } from './campaigns';
import { campaignContactsFor, recordCampaignContact } from './contacts';
import { launchCampaign } from './launch';
import { campaignResults } from './results';
import { campaignResultsReport, startCampaignExport } from './resultsReport';


type Calls = Extract<keyof Handlers, `segments.${string}` | `campaigns.${string}`>;

/** The segment and campaign calls of the contract, bound to one store and one transport connection's session. */
export function createCampaignHandlers(store: Store, session: DeviceSession): { [K in Calls]: (input: ParsedInput<K>) => CallOutput<K> } {
  return {
    'segments.count': (input) => countSegment(store, input),
    'segments.save': (input) => saveSegment(store, input),
    'segments.list': () => listSegments(store),
    'segments.tiers': () => segmentTierOptions(store),
    'segments.export': ({ segment, where, ...rest }) => startSegmentExport(store, { ...(segment !== undefined ? { segment } : { where: where! }), ...rest }),
    'campaigns.create': (input) => createCampaign(store, input),
    'campaigns.launch': ({ campaignId }) => launchCampaign(store, campaignId),
    'campaigns.list': () => listCampaigns(store),
    'campaigns.results': ({ campaignId, language }) => {
      const results = campaignResults(store, campaignId);
      return {
        campaignId,
        name: results.campaign.name,
        lift: results.lift,
        treated: results.treated,
        control: results.control,
        report: reportView(campaignResultsReport(store, results, language)),
      };
    },
    'campaigns.export': (input) => startCampaignExport(store, input),
    'campaigns.myDay': () => campaignContactsFor(store),
    'campaigns.contact': (input) => recordCampaignContact(store, session.current(), input),
  };
}

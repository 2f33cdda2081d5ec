import { DEFAULT_ZONE, localDay } from '../../electron/core/loyalty/ledgerDays';

/**
 * The outlets' calendar day (WIB) at an instant, as the core reads "today" for a rule or a tier version. The UTC
 * date is yesterday there from 17:00 UTC on, and a rule "valid from today" in UTC was refused as backdated.
 */
export function outletDay(ms: number = Date.now()): string {
  return localDay(new Date(ms).toISOString(), DEFAULT_ZONE);
}

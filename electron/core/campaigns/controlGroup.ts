import { sha256 } from '../care/deterministicId';

/**
 * Whether a customer is held out of a campaign as control. A hash of (campaign, customer) read as a uniform number
 * in [0, 100): random across customers, the same on every device and every re-evaluation, independent between campaigns.
 */
export function inControlGroup(campaignId: string, customerId: string, percent: number): boolean {
  if (percent <= 0) return false;
  const digest = sha256(`${campaignId}\u0000${customerId}`);
  return (digest.readUInt32BE(0) / 2 ** 32) * 100 < percent;
}

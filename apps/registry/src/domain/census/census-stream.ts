export const CENSUS_CATEGORY = 'census';

export function censusStream(campaignId: string): string {
  if (typeof campaignId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(campaignId)) {
    throw new RangeError(`not a campaign id: ${JSON.stringify(campaignId)}`);
  }
  return `${CENSUS_CATEGORY}-${campaignId}`;
}

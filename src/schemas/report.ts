/** Report shapes: one campaign's report and the workspace overview (API answers the UI reads too). */
import { z } from 'zod';

const Counts = z.record(z.string(), z.number().int());

export const LinkRow = z.object({
  linkId: z.string(),
  url: z.string(),
  position: z.number().int(),
  clicks: z.number().int(),
  /** People who clicked this link (per-recipient links only; null for multicast). */
  uniqueClickers: z.number().int().nullable(),
});

/** LINE's own numbers for the campaign's aggregation unit; null under LINE's 20-user floor, shown as "< 20". */
export const LineStats = z.object({
  unit: z.string(),
  uniqueImpressions: z.number().int().nullable(),
  uniqueClicks: z.number().int().nullable(),
  display: z.object({ uniqueImpressions: z.string(), uniqueClicks: z.string() }),
  fromDate: z.string(),
  toDate: z.string(),
  fetchedAt: z.string(),
  lastError: z.string().nullable(),
});

export const CampaignReport = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  state: z.string(),
  launchedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  generatedAt: z.string(),
  /** Every delivery row of the campaign (test sends excluded), including excluded profiles. */
  audience: z.number().int(),
  excluded: z.object({ total: z.number().int(), byReason: Counts }),
  accepted: z.number().int(),
  failed: z.object({ total: z.number().int(), byReason: Counts }),
  /** Not yet final: pending or in flight. */
  pending: z.number().int(),
  canceled: z.number().int(),
  clicks: z.object({
    total: z.number().int(),
    /** Distinct recipients who clicked (per-recipient links); null when the campaign multicast. */
    unique: z.number().int().nullable(),
    /** unique / accepted. */
    clickRate: z.number().nullable(),
    /** Hits from bots and link-preview fetchers: recorded, not counted. */
    bots: z.number().int(),
  }),
  links: z.array(LinkRow),
  blocks: z.object({ count: z.number().int(), rate: z.number().nullable(), windowHours: z.number() }),
  line: LineStats.nullable(),
  timelines: z.object({
    sends: z.array(z.object({ minute: z.string(), accepted: z.number().int() })),
    clicks: z.array(z.object({ minute: z.string(), clicks: z.number().int() })),
  }),
  /** The workspace's time zone: the series below is bucketed in it, and a UI shows times in it. */
  timeZone: z.string(),
  /** Sends and clicks per minute, hour or day (?bucket=, default by the campaign's span), starting at local times. */
  series: z.object({
    bucket: z.enum(['minute', 'hour', 'day']),
    points: z.array(z.object({ start: z.string(), accepted: z.number().int(), clicks: z.number().int() })),
  }),
});
export type CampaignReport = z.infer<typeof CampaignReport>;

export const OverviewItem = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  state: z.string(),
  launchedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  audience: z.number().int(),
  accepted: z.number().int(),
  failed: z.number().int(),
  uniqueClicks: z.number().int().nullable(),
  clickRate: z.number().nullable(),
  blocks: z.number().int(),
  blockRate: z.number().nullable(),
});
export const Overview = z.object({ items: z.array(OverviewItem) });

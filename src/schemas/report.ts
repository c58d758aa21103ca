/** Report shapes: one campaign's report and the workspace overview (API answers the UI reads too). */
import { z } from 'zod';

const Counts = z.record(z.string(), z.number().int());

export const LinkRow = z.object({
  linkId: z.string(),
  url: z.string(),
  position: z.number().int(),
  /** Where the link sits: message index (0-4), carousel bubble (null outside carousels) and the JSON path in the
   * message (`text`, `actions[1].linkUri`, `contents.contents[2].footer.contents[0].action.uri`…). All null for
   * links recorded before places were (the same URL at several places was then one link). */
  message: z.number().int().nullable(),
  bubble: z.number().int().nullable(),
  path: z.string().nullable(),
  clicks: z.number().int(),
  /** People who clicked this link (per-recipient links only; null for multicast). */
  uniqueClickers: z.number().int().nullable(),
});

/** Clicks per destination URL, every place it sits added up (a recipient who clicked it twice counts once). */
export const UrlClicks = z.object({
  url: z.string(),
  /** How many places (links) carry this URL. */
  links: z.number().int(),
  clicks: z.number().int(),
  uniqueClickers: z.number().int().nullable(),
});

/** Clicks per message and carousel bubble. */
export const PlaceClicks = z.object({
  message: z.number().int().nullable(),
  bubble: z.number().int().nullable(),
  links: z.number().int(),
  clicks: z.number().int(),
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
  /** One row per link: a URL at one place (message, bubble, path). */
  links: z.array(LinkRow),
  clicksByUrl: z.array(UrlClicks),
  clicksByPlace: z.array(PlaceClicks),
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

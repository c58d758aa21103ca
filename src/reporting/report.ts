import { campaignHeadline, type CampaignHeadline } from '../campaigns/repo.ts';
import type { Queryable } from '../db/types.ts';
import { blockWindowHours } from '../tracking/blocks.ts';
import { campaignClickFigures } from '../tracking/figures.ts';
import { deliveryAggregates } from './deliveries.ts';
import type { CampaignReport } from './schema.ts';
import { timeSeries, type Bucket } from './series.ts';

type CampaignRow = CampaignHeadline;

/** The campaign a report is about, read through the campaigns module. */
export const findCampaign = (q: Queryable, workspaceId: string, campaignId: string): Promise<CampaignRow | null> =>
  campaignHeadline(q, workspaceId, campaignId);

const rate = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10_000) / 10_000 : null);
const floor20 = (v: number | null) => (v === null ? '< 20' : String(v));

/**
 * One campaign's report. Delivery counts come from deliveryAggregates (cached per state); clicks, unique
 * clickers, blocks and LINE's numbers from the small rollup tables the click recorder, the webhook and the
 * statistics importer keep, so no query here scans clicks or a million deliveries on the hot path.
 */
export async function campaignReport(
  q: Queryable,
  campaign: CampaignRow,
  now = new Date(),
  opts: { timeZone?: string; bucket?: Bucket | 'auto' } = {},
): Promise<CampaignReport> {
  const timeZone = opts.timeZone ?? 'UTC';
  const id = campaign.id;
  const agg = await deliveryAggregates(q, { id, state: campaign.state, finishedAt: campaign.finished_at }, now);
  const f = await campaignClickFigures(q, id);
  const s = agg.byStatus;
  const accepted = s.accepted ?? 0;
  const excludedTotal = s.excluded ?? 0;
  const failedTotal = s.failed ?? 0;
  const canceled = s.canceled ?? 0;
  const audience = Object.values(s).reduce((a, b) => a + b, 0);
  const pending = audience - accepted - excludedTotal - failedTotal - canceled;
  const totalClicks = f.minutes.reduce((a, r) => a + r.n, 0);
  // Multicast campaigns hand out per-campaign tokens only: no one can be told apart, so no unique count.
  const multicastOnly = f.perRecipientTokens > 0 && f.uniqueClickers === 0;
  const unique = multicastOnly ? null : f.uniqueClickers;
  const blockCount = f.blocks;
  const l = f.line;
  const clickMinutes = f.minutes.map((r) => ({ minute: r.minute.toISOString(), clicks: r.n }));
  return {
    campaignId: id,
    name: campaign.name,
    state: campaign.state,
    launchedAt: campaign.launched_at?.toISOString() ?? null,
    finishedAt: campaign.finished_at?.toISOString() ?? null,
    generatedAt: now.toISOString(),
    audience,
    excluded: { total: excludedTotal, byReason: agg.excluded },
    accepted,
    failed: { total: failedTotal, byReason: agg.failed },
    pending,
    canceled,
    clicks: { total: totalClicks, unique, clickRate: unique === null ? null : rate(unique, accepted), bots: f.botClicks },
    links: f.links.map((r) => ({
      linkId: r.link_id,
      url: r.url,
      position: r.position,
      message: r.message_index,
      bubble: r.bubble,
      path: r.path,
      clicks: r.clicks,
      uniqueClickers: multicastOnly ? null : r.clickers,
    })),
    clicksByUrl: f.byUrl.map((r) => ({
      url: r.url,
      links: r.links,
      clicks: r.clicks,
      uniqueClickers: multicastOnly ? null : r.clickers,
    })),
    clicksByPlace: f.byPlace.map((r) => ({
      message: r.message_index,
      bubble: r.bubble,
      links: r.links,
      clicks: r.clicks,
      uniqueClickers: multicastOnly ? null : r.clickers,
    })),
    blocks: { count: blockCount, rate: rate(blockCount, accepted), windowHours: blockWindowHours() },
    line: l
      ? {
          unit: l.unit,
          uniqueImpressions: l.ok ? l.unique_impression : null,
          uniqueClicks: l.ok ? l.unique_click : null,
          display: { uniqueImpressions: l.ok ? floor20(l.unique_impression) : '–', uniqueClicks: l.ok ? floor20(l.unique_click) : '–' },
          fromDate: l.from_date,
          toDate: l.to_date,
          fetchedAt: l.fetched_at.toISOString(),
          lastError: l.last_error,
        }
      : null,
    timelines: { sends: agg.sends, clicks: clickMinutes },
    timeZone,
    series: timeSeries(agg.sends, clickMinutes, timeZone, opts.bucket ?? 'auto'),
  };
}

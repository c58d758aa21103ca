import { campaignHeadline, type CampaignHeadline } from '../campaigns/repo.ts';
import type { Queryable } from '../db/types.ts';
import { blockWindowHours } from '../tracking/blocks.ts';
import { deliveryAggregates } from './deliveries.ts';
import { linkClicks, placeClicks, urlClicks } from '../tracking/link-stats.ts';
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
  const [links, byUrl, byPlace, minutes, uniq, bots, blocks, line, perRecipient] = await Promise.all([
    linkClicks(q, id),
    urlClicks(q, id),
    placeClicks(q, id),
    q.query<{ minute: Date; n: number }>(
      'SELECT minute, sum(clicks)::int AS n FROM click_minutes WHERE campaign_id = $1 GROUP BY minute ORDER BY minute',
      [id],
    ),
    q.query<{ n: number }>('SELECT count(DISTINCT delivery_id)::int AS n FROM link_clickers WHERE campaign_id = $1', [id]),
    q.query<{ n: number }>('SELECT count(*)::int AS n FROM clicks WHERE campaign_id = $1 AND is_bot AND NOT is_test', [id]),
    q.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_blocks WHERE campaign_id = $1', [id]),
    q.query<{
      unit: string;
      unique_impression: number | null;
      unique_click: number | null;
      from_date: string;
      to_date: string;
      fetched_at: Date;
      last_error: string | null;
      ok: boolean;
    }>(
      `SELECT unit, unique_impression, unique_click, from_date, to_date, fetched_at, last_error, body <> '{}'::jsonb AS ok
       FROM campaign_line_stats WHERE campaign_id = $1`,
      [id],
    ),
    // Per-recipient links exist when any token of the campaign was signed for a delivery: seen in clicks.
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM link_tokens WHERE campaign_id = $1 AND NOT is_test`, [id]),
  ]);
  const s = agg.byStatus;
  const accepted = s.accepted ?? 0;
  const excludedTotal = s.excluded ?? 0;
  const failedTotal = s.failed ?? 0;
  const canceled = s.canceled ?? 0;
  const audience = Object.values(s).reduce((a, b) => a + b, 0);
  const pending = audience - accepted - excludedTotal - failedTotal - canceled;
  const totalClicks = minutes.rows.reduce((a, r) => a + r.n, 0);
  // Multicast campaigns hand out per-campaign tokens only: no one can be told apart, so no unique count.
  const multicastOnly = perRecipient.rows[0]!.n > 0 && uniq.rows[0]!.n === 0;
  const unique = multicastOnly ? null : uniq.rows[0]!.n;
  const blockCount = blocks.rows[0]!.n;
  const l = line.rows[0];
  const clickMinutes = minutes.rows.map((r) => ({ minute: r.minute.toISOString(), clicks: r.n }));
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
    clicks: { total: totalClicks, unique, clickRate: unique === null ? null : rate(unique, accepted), bots: bots.rows[0]!.n },
    links: links.rows.map((r) => ({
      linkId: r.link_id,
      url: r.url,
      position: r.position,
      message: r.message_index,
      bubble: r.bubble,
      path: r.path,
      clicks: r.clicks,
      uniqueClickers: multicastOnly ? null : r.clickers,
    })),
    clicksByUrl: byUrl.rows.map((r) => ({
      url: r.url,
      links: r.links,
      clicks: r.clicks,
      uniqueClickers: multicastOnly ? null : r.clickers,
    })),
    clicksByPlace: byPlace.rows.map((r) => ({
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

import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/** LINE's own figures for a campaign's aggregation unit, as the statistics import stored them. */
export interface LineStatsRow {
  unit: string;
  unique_impression: number | null;
  unique_click: number | null;
  from_date: string;
  to_date: string;
  fetched_at: Date;
  last_error: string | null;
  /** false when the last fetch failed and nothing was stored. */
  ok: boolean;
}

export interface ClickFigures {
  links: { link_id: string; url: string; position: number; clicks: number; clickers: number }[];
  /** Counted clicks per minute, oldest first. */
  minutes: { minute: Date; n: number }[];
  uniqueClickers: number;
  botClicks: number;
  blocks: number;
  line: LineStatsRow | null;
  /** Tokens signed for a delivery (non-test): the campaign had per-recipient links. */
  perRecipientTokens: number;
}

/**
 * What a report reads of tracking's tables for one campaign: the small rollups the click recorder, the webhook and
 * the statistics import keep (never a scan of clicks).
 */
export async function campaignClickFigures(q: Queryable, campaignId: string): Promise<ClickFigures> {
  const [links, minutes, uniq, bots, blocks, line, perRecipient] = await Promise.all([
    q.query<ClickFigures['links'][number]>(sql.linkFigures, [campaignId]),
    q.query<{ minute: Date; n: number }>(sql.clicksPerMinute, [campaignId]),
    q.query<{ n: number }>(sql.uniqueClickers, [campaignId]),
    q.query<{ n: number }>(sql.botClicks, [campaignId]),
    q.query<{ n: number }>(sql.blockCount, [campaignId]),
    q.query<LineStatsRow>(sql.lineStats, [campaignId]),
    q.query<{ n: number }>(sql.perRecipientTokens, [campaignId]),
  ]);
  return {
    links: links.rows,
    minutes: minutes.rows,
    uniqueClickers: uniq.rows[0]!.n,
    botClicks: bots.rows[0]!.n,
    blocks: blocks.rows[0]!.n,
    line: line.rows[0] ?? null,
    perRecipientTokens: perRecipient.rows[0]!.n,
  };
}

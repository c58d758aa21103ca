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

/**
 * A link is one URL at one place (src/tracking/rewriter.ts), so the same URL in two bubbles has two link rows and
 * one URL row. Place columns are null for links written before places were recorded.
 */
export interface LinkClicksRow {
  link_id: string;
  url: string;
  position: number;
  message_index: number | null;
  bubble: number | null;
  path: string | null;
  clicks: number;
  clickers: number;
}
export interface UrlClicksRow {
  url: string;
  links: number;
  clicks: number;
  clickers: number;
}
export interface PlaceClicksRow {
  message_index: number | null;
  bubble: number | null;
  links: number;
  clicks: number;
  clickers: number;
}

export interface ClickFigures {
  links: LinkClicksRow[];
  /** Per destination URL and per place (message and carousel bubble). */
  byUrl: UrlClicksRow[];
  byPlace: PlaceClicksRow[];
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
  const [links, byUrl, byPlace, minutes, uniq, bots, blocks, line, perRecipient] = await Promise.all([
    q.query<LinkClicksRow>(sql.linkFigures, [campaignId]),
    q.query<UrlClicksRow>(sql.urlFigures, [campaignId]),
    q.query<PlaceClicksRow>(sql.placeFigures, [campaignId]),
    q.query<{ minute: Date; n: number }>(sql.clicksPerMinute, [campaignId]),
    q.query<{ n: number }>(sql.uniqueClickers, [campaignId]),
    q.query<{ n: number }>(sql.botClicks, [campaignId]),
    q.query<{ n: number }>(sql.blockCount, [campaignId]),
    q.query<LineStatsRow>(sql.lineStats, [campaignId]),
    q.query<{ n: number }>(sql.perRecipientTokens, [campaignId]),
  ]);
  return {
    links: links.rows,
    byUrl: byUrl.rows,
    byPlace: byPlace.rows,
    minutes: minutes.rows,
    uniqueClickers: uniq.rows[0]!.n,
    botClicks: bots.rows[0]!.n,
    blocks: blocks.rows[0]!.n,
    line: line.rows[0] ?? null,
    perRecipientTokens: perRecipient.rows[0]!.n,
  };
}

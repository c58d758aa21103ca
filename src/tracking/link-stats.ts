/**
 * The report's read of tracking's tables (src/reporting/report.ts calls these): a campaign's clicks by link, by
 * destination URL and by place (message and carousel bubble). A link is one URL at
 * one place (src/tracking/rewriter.ts), so the same URL in two bubbles has two rows here and one in the URL table.
 * Clicks come from the click_minutes rollup and unique clickers from link_clickers, never from the clicks log.
 */
import type { Queryable } from '../db/types.ts';

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

/** Report tables are capped: a campaign has a handful of links, and a runaway one must not make a huge answer. */
export const LINK_ROWS_MAX = 500;

const LINK_CLICKS = `SELECT link_id, sum(clicks)::int AS clicks FROM click_minutes WHERE campaign_id = $1 GROUP BY link_id`;

export function linkClicks(q: Queryable, campaignId: string) {
  return q.query<LinkClicksRow>(
    `SELECT l.link_id, l.url, l.position, l.message_index, l.bubble, l.path,
       COALESCE((SELECT sum(m.clicks) FROM click_minutes m WHERE m.campaign_id = l.campaign_id AND m.link_id = l.link_id), 0)::int AS clicks,
       (SELECT count(*) FROM link_clickers k WHERE k.campaign_id = l.campaign_id AND k.link_id = l.link_id)::int AS clickers
     FROM campaign_links l WHERE l.campaign_id = $1 ORDER BY l.position LIMIT ${LINK_ROWS_MAX}`,
    [campaignId],
  );
}

/** Per destination URL: every place it sits added up; a recipient who clicked it at two places counts once. */
export function urlClicks(q: Queryable, campaignId: string) {
  return q.query<UrlClicksRow>(
    `WITH c AS (${LINK_CLICKS}),
     u AS (SELECT l.url, count(DISTINCT k.delivery_id)::int AS n
             FROM link_clickers k JOIN campaign_links l ON l.campaign_id = k.campaign_id AND l.link_id = k.link_id
            WHERE k.campaign_id = $1 GROUP BY l.url)
     SELECT l.url, count(*)::int AS links, COALESCE(sum(c.clicks), 0)::int AS clicks, COALESCE(max(u.n), 0)::int AS clickers
       FROM campaign_links l LEFT JOIN c ON c.link_id = l.link_id LEFT JOIN u ON u.url = l.url
      WHERE l.campaign_id = $1
      GROUP BY l.url ORDER BY min(l.position) LIMIT ${LINK_ROWS_MAX}`,
    [campaignId],
  );
}

/** Per message and carousel bubble (bubble null outside carousels; message null for links from before places). */
export function placeClicks(q: Queryable, campaignId: string) {
  return q.query<PlaceClicksRow>(
    `WITH c AS (${LINK_CLICKS}),
     u AS (SELECT l.message_index, l.bubble, count(DISTINCT k.delivery_id)::int AS n
             FROM link_clickers k JOIN campaign_links l ON l.campaign_id = k.campaign_id AND l.link_id = k.link_id
            WHERE k.campaign_id = $1 GROUP BY l.message_index, l.bubble)
     SELECT l.message_index, l.bubble, count(*)::int AS links, COALESCE(sum(c.clicks), 0)::int AS clicks, COALESCE(max(u.n), 0)::int AS clickers
       FROM campaign_links l LEFT JOIN c ON c.link_id = l.link_id
       LEFT JOIN u ON u.message_index IS NOT DISTINCT FROM l.message_index AND u.bubble IS NOT DISTINCT FROM l.bubble
      WHERE l.campaign_id = $1
      GROUP BY l.message_index, l.bubble ORDER BY l.message_index NULLS LAST, l.bubble NULLS FIRST LIMIT ${LINK_ROWS_MAX}`,
    [campaignId],
  );
}

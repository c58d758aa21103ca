/**
 * The SQL text of src/tracking, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// blocks.ts
export const attributeBlock = `INSERT INTO campaign_blocks (follow_event_id, campaign_id, delivery_id, line_user_id, blocked_at)
     SELECT $1, d.campaign_id, d.id, $3, $4
     FROM delivery_campaigns dc
     JOIN profiles p ON p.line_user_id = $3
     JOIN delivery_recipients d ON d.campaign_id = dc.campaign_id AND d.id = p.id AND d.line_user_id = $3 AND d.status = 'pending' AND NOT d.is_test
     CROSS JOIN LATERAL (
       SELECT r.status, r.accepted_at, r.last_id FROM delivery_requests r
       WHERE r.campaign_id = d.campaign_id AND NOT r.is_test AND r.first_id <= d.id AND r.status <> 'superseded'
       ORDER BY r.first_id DESC LIMIT 1
     ) r
     WHERE dc.line_account_id = $2 AND r.last_id >= d.id AND r.status = 'accepted'
       AND r.accepted_at <= $4::timestamptz AND r.accepted_at > $4::timestamptz - make_interval(secs => $5)
     ORDER BY r.accepted_at DESC LIMIT 1
     ON CONFLICT DO NOTHING`;

// click-recorder.ts
export const insertClicks = `INSERT INTO clicks (campaign_id, link_id, token, delivery_id, clicked_at, user_agent, is_bot, is_test)
     SELECT c, l, t, d, a, u, b, x
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[], $7::bool[], $8::bool[])
       AS k(c, l, t, d, a, u, b, x)`;
export const addClickMinutes = `INSERT INTO click_minutes (campaign_id, link_id, minute, clicks)
     SELECT c, l, m, n FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[]) AS k(c, l, m, n)
     ON CONFLICT (campaign_id, link_id, minute) DO UPDATE SET clicks = click_minutes.clicks + EXCLUDED.clicks`;
export const addLinkClickers = `INSERT INTO link_clickers (campaign_id, link_id, delivery_id, first_clicked_at)
     SELECT c, l, d, a FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::timestamptz[]) AS k(c, l, d, a)
     ON CONFLICT DO NOTHING`;

// engagement.ts
// The engagement leaves of segment rules (compileEngagement): conditions over profiles `alias` with campaign
// parameter `c`. They read delivery's log and campaigns inside the segment's one WHERE, by design
// (docs/architecture.md, "Who owns which table": the documented exceptions).
/** Only a campaign of the rule's workspace counts (a constant subquery: evaluated once, not per profile). */
export const engagementCampaignInWorkspace = (c: string, workspaceParam: string) =>
  `EXISTS (SELECT 1 FROM campaigns wc WHERE wc.id = ${c} AND wc.workspace_id = ${workspaceParam}) AND `;
export const engagementReceived = (c: string, alias: string) => `EXISTS (SELECT 1 FROM delivery_recipients d
    WHERE d.campaign_id = ${c} AND d.line_user_id = ${alias}.line_user_id AND d.status = 'pending' AND NOT d.is_test
      AND (SELECT r.status = 'accepted' AND r.last_id >= d.id FROM delivery_requests r
           WHERE r.campaign_id = d.campaign_id AND NOT r.is_test AND r.first_id <= d.id AND r.status <> 'superseded'
           ORDER BY r.first_id DESC LIMIT 1))`;
/** `linkParam`: the parameter naming the one link counted, or null for any link. */
export const engagementClicked = (c: string, alias: string, linkParam: string | null) =>
  `EXISTS (SELECT 1 FROM delivery_recipients d JOIN link_clickers k ON k.campaign_id = d.campaign_id AND k.delivery_id = d.id
    WHERE d.campaign_id = ${c} AND d.line_user_id = ${alias}.line_user_id AND NOT d.is_test${linkParam ? ` AND k.link_id = ${linkParam}` : ''})`;

// keys.ts
export const createCampaignKey = 'INSERT INTO tracked_campaigns (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING';
export const campaignKey = 'SELECT key FROM tracked_campaigns WHERE campaign_id = $1';

// resolve.ts
export const linkByToken = `SELECT t.campaign_id, t.link_id, t.is_test, l.url
       FROM link_tokens t JOIN campaign_links l ON l.campaign_id = t.campaign_id AND l.link_id = t.link_id
       WHERE t.token = $1`;
export const linkByPosition = `SELECT l.campaign_id, l.link_id, l.url FROM tracked_campaigns c
       JOIN campaign_links l ON l.campaign_id = c.campaign_id AND l.position = $2
       WHERE c.key = $1`;

// rewriter.ts
export const campaignLinks = 'SELECT link_id, url, position, message_index, bubble, path FROM campaign_links WHERE campaign_id = $1';
export const campaignTokens = `SELECT DISTINCT ON (link_id) link_id, token FROM link_tokens
     WHERE campaign_id = $1 AND is_test = $2 ORDER BY link_id, created_at`;
export const insertLinks = `INSERT INTO campaign_links (campaign_id, link_id, url, position, message_index, bubble, path)
     SELECT $1, l, u, p, m, b, pa FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[]) AS t(l, u, p, m, b, pa)
     ON CONFLICT DO NOTHING`;
export const linksByIdOrPosition =
  'SELECT link_id, position FROM campaign_links WHERE campaign_id = $1 AND (link_id = ANY($2::text[]) OR position = ANY($3::int[]))';
export const insertTokens = `INSERT INTO link_tokens (token, campaign_id, link_id, is_test)
     SELECT t, $1, l, $4 FROM unnest($2::text[], $3::text[]) AS x(t, l)
     ON CONFLICT (token) DO NOTHING RETURNING token`;
export const tokensByValue = 'SELECT token, campaign_id, link_id FROM link_tokens WHERE token = ANY($1::text[])';

// unit-stats.ts
export const takeBudget = `INSERT INTO line_api_budget (line_account_id, endpoint, window_start, used)
     VALUES ($1, $2, date_trunc('hour', $3::timestamptz), 1)
     ON CONFLICT (line_account_id, endpoint, window_start)
     DO UPDATE SET used = line_api_budget.used + 1 WHERE line_api_budget.used < $4
     RETURNING used`;
export const lastFetched = 'SELECT campaign_id, fetched_at FROM campaign_line_stats WHERE campaign_id = ANY($1::uuid[])';
export const storeLineStats = `INSERT INTO campaign_line_stats (campaign_id, unit, from_date, to_date, unique_impression, unique_click, unique_media_played, body, fetched_at, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
         ON CONFLICT (campaign_id) DO UPDATE SET unit = $2, from_date = $3, to_date = $4, unique_impression = $5, unique_click = $6,
           unique_media_played = $7, body = $8, fetched_at = $9, last_error = NULL`;
export const storeLineStatsFailure = `INSERT INTO campaign_line_stats (campaign_id, unit, from_date, to_date, body, fetched_at, last_error)
         VALUES ($1, $2, $3, $4, '{}'::jsonb, $5, $6)
         ON CONFLICT (campaign_id) DO UPDATE SET fetched_at = $5, last_error = $6`;

// webhook.ts
export const applyWebhookEvents = `INSERT INTO webhook_events (webhook_event_id, line_account_id, type, line_user_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (webhook_event_id) DO NOTHING RETURNING webhook_event_id`;
export const insertFollowEvent = `INSERT INTO follow_events (line_account_id, line_user_id, event, occurred_at, webhook_event_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`;
export const laterFollowEvent = 'SELECT 1 FROM follow_events WHERE line_user_id = $1 AND occurred_at > $2 LIMIT 1';

// figures.ts (what reports read of the click, block and LINE statistics tables)
/** Report tables are capped: a campaign has a handful of links, and a runaway one must not make a huge answer. */
export const LINK_ROWS_MAX = 500;
const linkClickSums = `SELECT link_id, sum(clicks)::int AS clicks FROM click_minutes WHERE campaign_id = $1 GROUP BY link_id`;
export const linkFigures = `SELECT l.link_id, l.url, l.position, l.message_index, l.bubble, l.path,
         COALESCE((SELECT sum(m.clicks) FROM click_minutes m WHERE m.campaign_id = l.campaign_id AND m.link_id = l.link_id), 0)::int AS clicks,
         (SELECT count(*) FROM link_clickers k WHERE k.campaign_id = l.campaign_id AND k.link_id = l.link_id)::int AS clickers
       FROM campaign_links l WHERE l.campaign_id = $1 ORDER BY l.position LIMIT ${LINK_ROWS_MAX}`;
/** Per destination URL: every place it sits added up; a recipient who clicked it at two places counts once. */
export const urlFigures = `WITH c AS (${linkClickSums}),
     u AS (SELECT l.url, count(DISTINCT k.delivery_id)::int AS n
             FROM link_clickers k JOIN campaign_links l ON l.campaign_id = k.campaign_id AND l.link_id = k.link_id
            WHERE k.campaign_id = $1 GROUP BY l.url)
     SELECT l.url, count(*)::int AS links, COALESCE(sum(c.clicks), 0)::int AS clicks, COALESCE(max(u.n), 0)::int AS clickers
       FROM campaign_links l LEFT JOIN c ON c.link_id = l.link_id LEFT JOIN u ON u.url = l.url
      WHERE l.campaign_id = $1
      GROUP BY l.url ORDER BY min(l.position) LIMIT ${LINK_ROWS_MAX}`;
/** Per message and carousel bubble (bubble null outside carousels; message null for links from before places). */
export const placeFigures = `WITH c AS (${linkClickSums}),
     u AS (SELECT l.message_index, l.bubble, count(DISTINCT k.delivery_id)::int AS n
             FROM link_clickers k JOIN campaign_links l ON l.campaign_id = k.campaign_id AND l.link_id = k.link_id
            WHERE k.campaign_id = $1 GROUP BY l.message_index, l.bubble)
     SELECT l.message_index, l.bubble, count(*)::int AS links, COALESCE(sum(c.clicks), 0)::int AS clicks, COALESCE(max(u.n), 0)::int AS clickers
       FROM campaign_links l LEFT JOIN c ON c.link_id = l.link_id
       LEFT JOIN u ON u.message_index IS NOT DISTINCT FROM l.message_index AND u.bubble IS NOT DISTINCT FROM l.bubble
      WHERE l.campaign_id = $1
      GROUP BY l.message_index, l.bubble ORDER BY l.message_index NULLS LAST, l.bubble NULLS FIRST LIMIT ${LINK_ROWS_MAX}`;
export const clicksPerMinute =
  'SELECT minute, sum(clicks)::int AS n FROM click_minutes WHERE campaign_id = $1 GROUP BY minute ORDER BY minute';
export const uniqueClickers = 'SELECT count(DISTINCT delivery_id)::int AS n FROM link_clickers WHERE campaign_id = $1';
export const botClicks = 'SELECT count(*)::int AS n FROM clicks WHERE campaign_id = $1 AND is_bot AND NOT is_test';
export const blockCount = 'SELECT count(*)::int AS n FROM campaign_blocks WHERE campaign_id = $1';
export const lineStats = `SELECT unit, unique_impression, unique_click, from_date, to_date, fetched_at, last_error, body <> '{}'::jsonb AS ok
       FROM campaign_line_stats WHERE campaign_id = $1`;
export const perRecipientTokens = `SELECT count(*)::int AS n FROM link_tokens WHERE campaign_id = $1 AND NOT is_test`;

/**
 * The SQL text of src/reporting, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// csv.ts
export const clicksCsv = `SELECT c.id, c.clicked_at, c.clicked_at::text AS at_text, c.link_id, l.url, c.delivery_id, d.line_user_id, c.is_bot, c.is_test, c.user_agent
         FROM clicks c
         LEFT JOIN campaign_links l ON l.campaign_id = c.campaign_id AND l.link_id = c.link_id
         LEFT JOIN delivery_recipients d ON d.campaign_id = c.campaign_id AND d.id = c.delivery_id
         WHERE c.campaign_id = $1 AND ($2::timestamptz IS NULL OR (c.clicked_at, c.id) > ($2::timestamptz, $3::bigint))
         ORDER BY c.clicked_at, c.id LIMIT $4`;

// deliveries.ts
export const cachedAggregates = 'SELECT state, finished_at, computed_at, data FROM campaign_report_cache WHERE campaign_id = $1';
export const cacheAggregates = `INSERT INTO campaign_report_cache (campaign_id, state, finished_at, computed_at, data) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (campaign_id) DO UPDATE SET state = $2, finished_at = $3, computed_at = $4, data = $5`;
export const snapshotTotals = 'SELECT pending_total, excluded, canceled FROM delivery_campaigns WHERE campaign_id = $1';

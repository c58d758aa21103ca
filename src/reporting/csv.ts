import type { Queryable } from '../db/types.ts';
import type { CampaignReport } from './schema.ts';
import { zonedIso } from '../domain/time.ts';
import * as sql from './queries.ts';

/**
 * RFC 4180 field; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. A Date is written
 * in `timeZone` with its offset (UTC unless given).
 */
export function csvField(v: unknown, timeZone = 'UTC'): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? zonedIso(v, timeZone)! : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const csvLine = (fields: unknown[], timeZone = 'UTC') => fields.map((f) => csvField(f, timeZone)).join(',') + '\r\n';

/**
 * The report as CSV: one section of metric,value rows, then the per-link table, clicks per URL, clicks per message and bubble, and the time series. Times are in
 * the workspace's zone with their offset, and the file says which zone (campaign,time_zone).
 */
export function reportCsv(r: CampaignReport): string {
  let out = csvLine(['section', 'metric', 'value']);
  const row = (section: string, metric: string, value: unknown) => (out += csvLine([section, metric, value]));
  row('campaign', 'id', r.campaignId);
  row('campaign', 'name', r.name);
  row('campaign', 'state', r.state);
  row('campaign', 'time_zone', r.timeZone);
  row('campaign', 'launched_at', zonedIso(r.launchedAt, r.timeZone));
  row('campaign', 'finished_at', zonedIso(r.finishedAt, r.timeZone));
  row('deliveries', 'audience', r.audience);
  row('deliveries', 'accepted', r.accepted);
  row('deliveries', 'pending', r.pending);
  row('deliveries', 'canceled', r.canceled);
  row('deliveries', 'excluded', r.excluded.total);
  for (const [k, v] of Object.entries(r.excluded.byReason)) row('excluded', k, v);
  row('deliveries', 'failed', r.failed.total);
  for (const [k, v] of Object.entries(r.failed.byReason)) row('failed', k, v);
  row('clicks', 'total', r.clicks.total);
  row('clicks', 'unique', r.clicks.unique);
  row('clicks', 'click_rate', r.clicks.clickRate);
  row('clicks', 'bots_not_counted', r.clicks.bots);
  row('blocks', 'count', r.blocks.count);
  row('blocks', 'rate', r.blocks.rate);
  if (r.line) {
    row('line', 'unique_impressions', r.line.display.uniqueImpressions);
    row('line', 'unique_clicks', r.line.display.uniqueClicks);
  }
  // message and bubble are 1-based here, as a marketer counts them (the API's are indexes)
  const nth = (i: number | null) => (i === null ? null : i + 1);
  out += '\r\n' + csvLine(['link_position', 'link_id', 'url', 'message', 'bubble', 'path', 'clicks', 'unique_clickers']);
  for (const l of r.links) out += csvLine([l.position, l.linkId, l.url, nth(l.message), nth(l.bubble), l.path, l.clicks, l.uniqueClickers]);
  out += '\r\n' + csvLine(['url', 'links', 'clicks', 'unique_clickers']);
  for (const u of r.clicksByUrl) out += csvLine([u.url, u.links, u.clicks, u.uniqueClickers]);
  out += '\r\n' + csvLine(['message', 'bubble', 'links', 'clicks', 'unique_clickers']);
  for (const p of r.clicksByPlace) out += csvLine([nth(p.message), nth(p.bubble), p.links, p.clicks, p.uniqueClickers]);
  out += '\r\n' + csvLine([r.series.bucket, 'accepted', 'clicks']);
  for (const p of r.series.points) out += csvLine([p.start, p.accepted, p.clicks]);
  return out;
}

/**
 * Every recorded hit of a campaign (bots included, flagged), in pages of 5,000 by (clicked_at, id) so a large
 * export never sits in memory; the header comes with the first page. line_user_id comes from the delivery when
 * the link was per recipient.
 */
export async function* clicksCsv(q: Queryable, campaignId: string, pageSize = 5000, timeZone = 'UTC'): AsyncGenerator<string> {
  // The cursor keeps clicked_at as PostgreSQL prints it: a JS Date would drop the microseconds, and rows sharing
  // a millisecond would be exported twice across a page boundary.
  let after: { at: string; id: number } | null = null;
  let text = csvLine(['clicked_at', 'link_id', 'url', 'delivery_id', 'line_user_id', 'is_bot', 'is_test', 'user_agent', 'time_zone']);
  for (;;) {
    const r: {
      rows: {
        id: number;
        clicked_at: Date;
        at_text: string;
        link_id: string;
        url: string | null;
        delivery_id: number | null;
        line_user_id: string | null;
        is_bot: boolean;
        is_test: boolean;
        user_agent: string | null;
      }[];
    } = await q.query(sql.clicksCsv, [campaignId, after?.at ?? null, after?.id ?? 0, pageSize]);
    text += r.rows
      .map((c) =>
        csvLine([c.clicked_at, c.link_id, c.url, c.delivery_id, c.line_user_id, c.is_bot, c.is_test, c.user_agent, timeZone], timeZone),
      )
      .join('');
    if (text) yield text;
    text = '';
    if (r.rows.length < pageSize) return;
    const last = r.rows[r.rows.length - 1]!;
    after = { at: last.at_text, id: Number(last.id) };
  }
}

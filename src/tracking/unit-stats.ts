import { DateTime } from 'luxon';
import type { Queryable } from '../db/types.ts';
import type { SenderFactory } from '../app/ports.ts';
import type { LineClient } from '../line/client.ts';

/** LINE's answer for GET /v2/bot/insight/message/event/aggregation (values under 20 users come back null). */
export interface UnitStatsBody {
  overview?: {
    uniqueImpression?: number | null;
    uniqueClick?: number | null;
    uniqueMediaPlayed?: number | null;
    uniqueMediaPlayed100Percent?: number | null;
  };
  messages?: unknown[];
  clicks?: unknown[];
}
export type UnitStatsResult = { ok: true; body: UnitStatsBody } | { ok: false; status: number; error: string };
/** Gets one unit's figures with a client from the sender factory, `senderFor` (so it never sees the account's credentials). */
export type UnitStatsFetcher = (client: LineClient, unit: string, from: string, to: string) => Promise<UnitStatsResult>;

/** One call through the shared LINE client (or the emulator): no retry — the next round tries again. */
export const fetchUnitStats: UnitStatsFetcher = async (client, unit, from, to) => {
  try {
    const res = await client.unitStatistics(unit, from, to);
    if (res.kind !== 'accepted') {
      const error = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? res.kind);
      return { ok: false, status: res.status, error: error.slice(0, 500) };
    }
    return { ok: true, body: (res.body ?? {}) as UnitStatsBody };
  } catch (err) {
    return { ok: false, status: 0, error: String(err).slice(0, 500) };
  }
};

/**
 * LINE allows 60 calls an hour per channel to the statistics endpoints, as a token bucket. Our budget is a
 * fixed window per clock hour shared by every process through the database; with at most `perHour` calls in a
 * window, two adjacent windows never exceed 2 × perHour in any 60 minutes, so the default 30 keeps under 60
 * even at a window boundary and leaves room for other tools.
 */
export async function takeBudget(q: Queryable, lineAccountId: string, endpoint: string, perHour: number, now: Date): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO line_api_budget (line_account_id, endpoint, window_start, used)
     VALUES ($1, $2, date_trunc('hour', $3::timestamptz), 1)
     ON CONFLICT (line_account_id, endpoint, window_start)
     DO UPDATE SET used = line_api_budget.used + 1 WHERE line_api_budget.used < $4
     RETURNING used`,
    [lineAccountId, endpoint, now.toISOString(), perHour],
  );
  return r.rows.length > 0;
}

export interface ImportOptions {
  now?: Date;
  fetcher?: UnitStatsFetcher;
  perHour?: number;
  /** Refetch a campaign's numbers at most this often (LINE updates them daily, for 14 days). */
  refreshMs?: number;
  /** Campaigns at most this many per round. */
  limit?: number;
}

const jst = (d: Date) => DateTime.fromJSDate(d, { zone: 'Asia/Tokyo' });

/**
 * One import round: campaigns with an aggregation unit, launched within the last 15 days (LINE keeps updating
 * a message's numbers for 14 days), not fetched within refreshMs, oldest fetch first; each call first takes
 * one unit of its LINE account's hourly budget. Returns how many campaigns were updated.
 */
export async function importUnitStatistics(
  q: Queryable,
  senderFor: SenderFactory,
  opts: ImportOptions = {},
): Promise<{ updated: number; skippedForBudget: number; failed: number }> {
  const now = opts.now ?? new Date();
  const fetcher = opts.fetcher ?? fetchUnitStats;
  const perHour = opts.perHour ?? statsPerHour();
  const due = await q.query<{ id: string; unit: string; line_account_id: string; launched_at: Date }>(
    `SELECT c.id, c.aggregation_unit AS unit, c.line_account_id, c.launched_at
     FROM campaigns c LEFT JOIN campaign_line_stats s ON s.campaign_id = c.id
     WHERE c.aggregation_unit IS NOT NULL AND c.aggregation_unit <> '' AND c.line_account_id IS NOT NULL
       AND c.launched_at IS NOT NULL AND c.launched_at > $1::timestamptz - interval '15 days'
       AND c.state IN ('Active', 'Finished', 'Suspended')
       AND (s.fetched_at IS NULL OR s.fetched_at < $1::timestamptz - make_interval(secs => $2))
     ORDER BY s.fetched_at NULLS FIRST, c.launched_at
     LIMIT $3`,
    [now.toISOString(), (opts.refreshMs ?? 6 * 3_600_000) / 1000, opts.limit ?? 100],
  );
  const out = { updated: 0, skippedForBudget: 0, failed: 0 };
  const exhausted = new Set<string>();
  for (const c of due.rows) {
    if (exhausted.has(c.line_account_id)) {
      out.skippedForBudget++;
      continue;
    }
    if (!(await takeBudget(q, c.line_account_id, 'insight.aggregation', perHour, now))) {
      exhausted.add(c.line_account_id);
      out.skippedForBudget++;
      continue;
    }
    const access = await senderFor(q, c.line_account_id, { connections: 1, timeoutMs: 15_000 });
    if (!access.ok && access.reason === 'not_found') continue;
    const from = jst(c.launched_at);
    const today = jst(now);
    const to = DateTime.min(from.plus({ days: 30 }), today < from ? from : today);
    const fromS = from.toFormat('yyyyMMdd');
    const toS = to.toFormat('yyyyMMdd');
    let res: UnitStatsResult;
    if (!access.ok) res = { ok: false, status: 0, error: access.message };
    else {
      try {
        res = await fetcher(access.client, c.unit, fromS, toS);
      } finally {
        await access.client.close();
      }
    }
    if (res.ok) {
      const o = res.body.overview ?? {};
      await q.query(
        `INSERT INTO campaign_line_stats (campaign_id, unit, from_date, to_date, unique_impression, unique_click, unique_media_played, body, fetched_at, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
         ON CONFLICT (campaign_id) DO UPDATE SET unit = $2, from_date = $3, to_date = $4, unique_impression = $5, unique_click = $6,
           unique_media_played = $7, body = $8, fetched_at = $9, last_error = NULL`,
        [
          c.id,
          c.unit,
          fromS,
          toS,
          o.uniqueImpression ?? null,
          o.uniqueClick ?? null,
          o.uniqueMediaPlayed ?? null,
          JSON.stringify(res.body),
          now.toISOString(),
        ],
      );
      out.updated++;
    } else {
      // Remember the failure (and when), so the campaign waits refreshMs instead of burning the budget.
      await q.query(
        `INSERT INTO campaign_line_stats (campaign_id, unit, from_date, to_date, body, fetched_at, last_error)
         VALUES ($1, $2, $3, $4, '{}'::jsonb, $5, $6)
         ON CONFLICT (campaign_id) DO UPDATE SET fetched_at = $5, last_error = $6`,
        [c.id, c.unit, fromS, toS, now.toISOString(), `${res.status}: ${res.error}`.slice(0, 1000)],
      );
      out.failed++;
    }
  }
  return out;
}

/** LINECAST_LINE_STATS_PER_HOUR (default 30): our share of LINE's 60 statistics calls per hour per channel. */
export function statsPerHour(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.LINECAST_LINE_STATS_PER_HOUR ?? 30);
  return Number.isInteger(v) && v > 0 && v <= 60 ? v : 30;
}

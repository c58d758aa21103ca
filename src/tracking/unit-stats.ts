import { DateTime } from 'luxon';
import type { Queryable } from '../db/types.ts';
import type { CampaignLookup, SenderFactory } from '../app/ports.ts';
import type { LineClient } from '../line/client.ts';
import * as sql from './queries.ts';

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
  const r = await q.query(sql.takeBudget, [lineAccountId, endpoint, now.toISOString(), perHour]);
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

const DAY_MS = 86_400_000;

/** Campaigns launched within 15 days, not fetched within refreshMs, never-fetched first, then the oldest fetch. */
async function dueForStatistics(q: Queryable, campaigns: CampaignLookup, now: Date, refreshMs: number, limit: number) {
  const candidates = await campaigns.withAggregationUnit(q, new Date(now.getTime() - 15 * DAY_MS));
  if (!candidates.length) return [];
  const r = await q.query<{ campaign_id: string; fetched_at: Date }>(sql.lastFetched, [candidates.map((c) => c.id)]);
  const fetched = new Map(r.rows.map((x) => [x.campaign_id, x.fetched_at.getTime()]));
  const stale = now.getTime() - refreshMs;
  return candidates
    .filter((c) => !fetched.has(c.id) || fetched.get(c.id)! < stale)
    .sort((a, b) => (fetched.get(a.id) ?? -Infinity) - (fetched.get(b.id) ?? -Infinity) || a.launchedAt.getTime() - b.launchedAt.getTime())
    .slice(0, limit);
}

/**
 * One import round: campaigns with an aggregation unit, launched within the last 15 days (LINE keeps updating
 * a message's numbers for 14 days), not fetched within refreshMs, oldest fetch first; each call first takes
 * one unit of its LINE account's hourly budget. Returns how many campaigns were updated. The campaigns come from
 * the campaigns module (`campaignLookup`), their last fetch from this module's table.
 */
export async function importUnitStatistics(
  q: Queryable,
  { senderFor, campaignLookup }: { senderFor: SenderFactory; campaignLookup: CampaignLookup },
  opts: ImportOptions = {},
): Promise<{ updated: number; skippedForBudget: number; failed: number }> {
  const now = opts.now ?? new Date();
  const fetcher = opts.fetcher ?? fetchUnitStats;
  const perHour = opts.perHour ?? statsPerHour();
  const due = await dueForStatistics(q, campaignLookup, now, opts.refreshMs ?? 6 * 3_600_000, opts.limit ?? 100);
  const out = { updated: 0, skippedForBudget: 0, failed: 0 };
  const exhausted = new Set<string>();
  for (const c of due) {
    if (exhausted.has(c.lineAccountId)) {
      out.skippedForBudget++;
      continue;
    }
    if (!(await takeBudget(q, c.lineAccountId, 'insight.aggregation', perHour, now))) {
      exhausted.add(c.lineAccountId);
      out.skippedForBudget++;
      continue;
    }
    const access = await senderFor(q, c.lineAccountId, { connections: 1, timeoutMs: 15_000 });
    if (!access.ok && access.reason === 'not_found') continue;
    const from = jst(c.launchedAt);
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
      await q.query(sql.storeLineStats, [
        c.id,
        c.unit,
        fromS,
        toS,
        o.uniqueImpression ?? null,
        o.uniqueClick ?? null,
        o.uniqueMediaPlayed ?? null,
        JSON.stringify(res.body),
        now.toISOString(),
      ]);
      out.updated++;
    } else {
      // Remember the failure (and when), so the campaign waits refreshMs instead of burning the budget.
      await q.query(sql.storeLineStatsFailure, [c.id, c.unit, fromS, toS, now.toISOString(), `${res.status}: ${res.error}`.slice(0, 1000)]);
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

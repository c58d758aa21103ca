import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Recipients of a campaign's live (not superseded) non-test requests by status and reason, from the rollup the
 * request triggers keep (migration 330): a few rows however many requests the campaign made.
 */
export async function requestCounts(q: Queryable, campaignId: string): Promise<{ status: string; reason: string | null; n: number }[]> {
  const r = await q.query<{ status: string; reason: string | null; n: number }>(sql.requestCountsOf, [campaignId]);
  return r.rows;
}

/** Accepted non-test requests and recipients per minute, oldest first. */
export async function sendMinutes(
  q: Queryable,
  campaignId: string,
  since?: Date,
): Promise<{ minute: Date; requests: number; recipients: number }[]> {
  const r = await q.query<{ minute: Date; requests: number; recipients: number }>(sql.sendMinutesOf, [
    campaignId,
    (since ?? new Date(0)).toISOString(),
  ]);
  return r.rows;
}

export interface Tally {
  /** Claimed by a request that LINE has not answered yet. */
  queued: number;
  accepted: number;
  failed: number;
  canceled: number;
  /** Not claimed by any request yet. */
  pending: number;
  /** Left out at the snapshot (no LINE user ID, unfollowed, duplicate). */
  excluded: number;
  failedBy: Record<string, number>;
}

/**
 * Recipients by status for progress and reports alike: those in requests by the request's status, the rest of the
 * snapshot as pending, or canceled when the campaign was, and the snapshot's exclusions.
 */
export function tally(
  rows: { status: string; reason: string | null; n: number }[],
  snapshot: { pendingTotal: number; canceled: boolean; excluded: Record<string, number> } | null,
): Tally {
  const excluded = Object.values(snapshot?.excluded ?? {}).reduce((s, n) => s + n, 0);
  const t: Tally = { queued: 0, accepted: 0, failed: 0, canceled: 0, pending: 0, excluded, failedBy: {} };
  let claimed = 0;
  for (const r of rows) {
    claimed += r.n;
    if (r.status === 'queued' || r.status === 'accepted' || r.status === 'failed' || r.status === 'canceled') t[r.status] += r.n;
    if (r.status === 'failed') t.failedBy[r.reason ?? 'unknown'] = (t.failedBy[r.reason ?? 'unknown'] ?? 0) + r.n;
  }
  const unclaimed = Math.max(0, (snapshot?.pendingTotal ?? 0) - claimed);
  if (snapshot?.canceled) t.canceled += unclaimed;
  else t.pending += unclaimed;
  return t;
}

import type { Queryable } from '../db/types.ts';

/**
 * Recipients of a campaign's live (not superseded) non-test requests by status and reason, from the rollup the
 * request triggers keep (migration 330): a few rows however many requests the campaign made.
 */
export async function requestCounts(q: Queryable, campaignId: string): Promise<{ status: string; reason: string | null; n: number }[]> {
  const r = await q.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, NULLIF(reason, '') AS reason, recipients::int AS n FROM delivery_counts
     WHERE campaign_id = $1 AND status <> 'superseded' AND recipients <> 0`,
    [campaignId],
  );
  return r.rows;
}

/** Accepted non-test requests and recipients per minute, oldest first. */
export async function sendMinutes(q: Queryable, campaignId: string, since?: Date): Promise<{ minute: Date; requests: number; recipients: number }[]> {
  const r = await q.query<{ minute: Date; requests: number; recipients: number }>(
    `SELECT minute, requests::int AS requests, recipients::int AS recipients FROM delivery_send_minutes
     WHERE campaign_id = $1 AND minute >= $2 AND recipients > 0 ORDER BY minute`,
    [campaignId, (since ?? new Date(0)).toISOString()],
  );
  return r.rows;
}

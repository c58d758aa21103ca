import type { Queryable } from '../db/types.ts';

/** LINECAST_BLOCK_WINDOW_HOURS (default 24): how long after an accepted delivery an unfollow counts as its block. */
export function blockWindowHours(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.LINECAST_BLOCK_WINDOW_HOURS ?? 24);
  return Number.isFinite(v) && v > 0 ? v : 24;
}

/**
 * Charges an unfollow to the campaign whose accepted, non-test delivery from this LINE account reached the
 * user most recently before the unfollow, when that was within the window. One block per unfollow event;
 * written when the webhook arrives so reports only count rows. Reads the base tables: the user's profiles give
 * the recipient ids (a snapshot row's id is its profile's id), one key probe per campaign of the account, and
 * the covering request is found as the deliveries view does.
 */
export async function attributeBlock(
  q: Queryable,
  a: { followEventId: number; lineAccountId: string; lineUserId: string; at: string; windowHours: number },
): Promise<void> {
  await q.query(
    `INSERT INTO campaign_blocks (follow_event_id, campaign_id, delivery_id, line_user_id, blocked_at)
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
     ON CONFLICT DO NOTHING`,
    [a.followEventId, a.lineAccountId, a.lineUserId, a.at, a.windowHours * 3600],
  );
}

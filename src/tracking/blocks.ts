import type { Queryable } from '../db/types.ts';

/** LINECAST_BLOCK_WINDOW_HOURS (default 24): how long after an accepted delivery an unfollow counts as its block. */
export function blockWindowHours(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.LINECAST_BLOCK_WINDOW_HOURS ?? 24);
  return Number.isFinite(v) && v > 0 ? v : 24;
}

let hasDeliveries: boolean | null = null;

/**
 * Charges an unfollow to the campaign whose accepted, non-test delivery from this LINE account reached the
 * user most recently before the unfollow, when that was within the window. One block per unfollow event;
 * written when the webhook arrives so reports only count rows.
 */
export async function attributeBlock(
  q: Queryable,
  a: { followEventId: number; lineAccountId: string; lineUserId: string; at: string; windowHours: number },
): Promise<void> {
  if (hasDeliveries !== true) {
    const r = await q.query<{ t: string | null }>(`SELECT to_regclass('deliveries')::text AS t`);
    hasDeliveries = r.rows[0]?.t != null;
    if (!hasDeliveries) return;
  }
  await q.query(
    `INSERT INTO campaign_blocks (follow_event_id, campaign_id, delivery_id, line_user_id, blocked_at)
     SELECT $1, d.campaign_id, d.id, $3, $4 FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
     WHERE d.line_user_id = $3 AND c.line_account_id = $2 AND d.status = 'accepted' AND NOT d.is_test
       AND d.accepted_at <= $4::timestamptz AND d.accepted_at > $4::timestamptz - make_interval(secs => $5)
     ORDER BY d.accepted_at DESC LIMIT 1
     ON CONFLICT DO NOTHING`,
    [a.followEventId, a.lineAccountId, a.lineUserId, a.at, a.windowHours * 3600],
  );
}

import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

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
  await q.query(sql.attributeBlock, [a.followEventId, a.lineAccountId, a.lineUserId, a.at, a.windowHours * 3600]);
}

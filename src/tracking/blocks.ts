import type { Queryable } from '../db/types.ts';

/** LINECAST_BLOCK_WINDOW_HOURS (default 24): how long after an accepted delivery an unfollow counts as its block. */
export function blockWindowHours(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.LINECAST_BLOCK_WINDOW_HOURS ?? 24);
  return Number.isFinite(v) && v > 0 ? v : 24;
}

/**
 * Charges an unfollow to the campaign whose accepted (non-test) delivery from this LINE account reached the
 * user most recently before the unfollow, if that was within the window. Written once per unfollow event.
 */
export async function attributeBlock(
  q: Queryable,
  a: { followEventId: number; lineAccountId: string; lineUserId: string; at: string; windowHours: number },
): Promise<void> {
  void q;
  void a;
  // Filled in once the deliveries table (src/db/migrations/2xx) exists.
}

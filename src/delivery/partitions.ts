import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Makes the campaign's partition of delivery_recipients if it has none (migration 500, docs/decisions/
 * delivery-partitions.md). Every writer of recipient rows calls it first, inside its own transaction: a launch's
 * snapshot (rolled back with it) and a test send.
 */
export async function ensureRecipientPartition(q: Queryable, campaignId: string): Promise<void> {
  await q.query(sql.ensurePartition, [campaignId]);
}

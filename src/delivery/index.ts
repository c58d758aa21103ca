/** The delivery engine's public surface (see docs/delivery.md). */
import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

export { beginSnapshot, snapshotCampaign, type SnapshotResult } from './snapshot.ts';
export { wakeDeliveryEngines } from './service.ts';
export { checkRenderedContent, type ContentCheck } from './render/check.ts';

/**
 * Cancel (inside the caller's transaction): requests not yet accepted become canceled (their retry keys are
 * kept, so a resume within LINE's 24 h cannot send twice) and unclaimed recipients read as canceled.
 * A request already on the wire may still be accepted; the dispatcher records that honestly.
 */
export async function onCampaignCanceled(q: Queryable, campaignId: string): Promise<void> {
  await q.query(sql.markCanceled, [campaignId]);
  await q.query(sql.cancelQueuedRequests, [campaignId]);
}

/** Resume after cancel, quota or credentials: the same requests (same retry keys) go again, due now. */
export async function onCampaignResumed(q: Queryable, campaignId: string): Promise<void> {
  await q.query(sql.unmarkCanceled, [campaignId]);
  await q.query(sql.requeueOnResume, [campaignId]);
}

import type { Queryable } from '../db/types.ts';
import type { EnginePorts } from '../app/ports.ts';
import { DeliveryError } from './errors.ts';
import { signalWork } from './wake.ts';
import * as sql from './queries.ts';

/** Failures worth another try: LINE never answered or kept failing; a 400 would only fail again. */
export const RETRYABLE_REASONS = ['transient_exhausted', 'retry_window_expired'] as const;

/**
 * Re-queues the campaign's transient failures as NEW requests with NEW retry keys (the old keys may be past
 * LINE's 24 h window, or were never accepted); the old requests stay in the log as superseded. A Finished
 * campaign becomes Active again for the retry, with a history entry saying so.
 */
export async function retryFailed(
  q: Queryable,
  ports: Pick<EnginePorts, 'campaignState' | 'deliveryReads'>,
  campaignId: string,
  actor: string,
): Promise<{ requeued: number }> {
  const state = (await ports.deliveryReads.lockCampaigns(q, [campaignId])).get(campaignId)?.state;
  if (state !== 'Active' && state !== 'Finished' && state !== 'Suspended')
    throw new DeliveryError('conflict', 'conflict', `Cannot retry the failed deliveries of a campaign that is ${state}`, undefined, {
      currentState: state,
    });
  const old = await q.query<{ id: number; recipients: number }>(sql.supersedeFailed, [campaignId, RETRYABLE_REASONS]);
  if (!old.rows.length) return { requeued: 0 };
  await q.query(sql.requeueSuperseded, [old.rows.map((r) => r.id)]);
  await q.query(sql.markNotDone, [campaignId]);
  signalWork('delivery');
  if (state === 'Finished') await ports.campaignState.transition(q, campaignId, 'retry', { actor, reason: 'retry_failed' });
  return { requeued: old.rows.reduce((s, r) => s + r.recipients, 0) };
}

import type { Queryable } from '../db/types.ts';
import { EngineError } from '../errors.ts';
import type { CampaignStatePort } from '../app/ports.ts';
import { signalWork } from '../delivery/wake.ts';
import { isResumableReason, nextState, type CampaignEvent, type CampaignState } from '../domain/campaign-state.ts';
import * as sql from './queries.ts';

/** A move the state table refuses (the HTTP layer answers 409 with the current state). */
export class IllegalTransitionError extends EngineError {
  constructor(current: CampaignState, event: CampaignEvent, why?: string) {
    super('conflict', 'illegal_transition', why ?? `Cannot ${event} a campaign that is ${current}`, undefined, { currentState: current });
    this.name = 'IllegalTransitionError';
  }
}

/**
 * Moves a campaign through its life cycle inside the caller's transaction: locks the row, checks the move
 * against the state table, records who/why/when, and stamps launched_at / finished_at.
 */
export async function transition(
  q: Queryable,
  campaignId: string,
  event: CampaignEvent,
  opts: { actor: string; reason?: string | null },
): Promise<{ from: CampaignState; to: CampaignState }> {
  const r = await q.query<{ state: CampaignState; state_reason: string | null; launched_at: Date | null }>(sql.lockCampaignState, [
    campaignId,
  ]);
  const row = r.rows[0];
  if (!row) throw new EngineError('not_found', 'not_found', 'Campaign not found');
  const to = nextState(row.state, event);
  if (!to) throw new IllegalTransitionError(row.state, event);
  if (event === 'resume') {
    if (!row.launched_at)
      throw new IllegalTransitionError(row.state, event, 'This campaign was canceled before it launched; duplicate it to send it');
    if (!isResumableReason(row.state_reason))
      throw new IllegalTransitionError(row.state, event, `A campaign suspended for "${row.state_reason}" cannot be resumed`);
  }
  const reason = opts.reason ?? (event === 'cancel' ? 'canceled' : null);
  await q.query(sql.moveCampaignState, [
    campaignId,
    to,
    to === 'Active' || to === 'Finished' || to === 'Draft' ? null : reason,
    row.state === 'Planned',
  ]);
  await q.query(sql.recordTransition, [campaignId, row.state, to, opts.actor, reason]);
  // the delivery engine and the scheduler sleep while idle on the embedded database: work for them wakes them
  if (to === 'Active') signalWork('delivery');
  if (to === 'Planned') signalWork('schedule');
  return { from: row.state, to };
}

/** The campaign-state port the delivery engine is given (src/app/ports.ts; wired in src/runtime/context.ts). */
export const campaignStatePort: CampaignStatePort = { transition };

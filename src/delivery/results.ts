import type { Db, Queryable } from '../db/types.ts';
import type { CampaignStatePort, DeliveryReadPort } from '../app/ports.ts';
import type { Outcome } from './decide.ts';
import { splitIds } from './decide.ts';
import type { WorkItem } from './store.ts';
import * as sql from './queries.ts';

/** The ports the result writer moves campaigns through. */
export interface ResultPorts {
  campaignState: CampaignStatePort;
  deliveryReads: DeliveryReadPort;
}

export interface AttemptResult {
  item: WorkItem;
  outcome: Outcome;
  status: number;
  error: string | null;
  /** When this attempt was sent; a refusal sent before the campaign was last resumed must not suspend it again. */
  sentAt?: Date;
  /** LINE may have accepted this attempt (timeout, 5xx, connection lost after sending). */
  ambiguous?: boolean;
}

/**
 * Writes a batch of attempt results in one transaction, one statement per kind of outcome (a few hundred
 * pushes cost a handful of statements). A result for a request that was canceled meanwhile still records an
 * acceptance (LINE did take it) or the attempt (so a resume knows whether LINE may have it), but a retry does not
 * revive it.
 */
export async function applyResults(db: Db, ports: ResultPorts, results: AttemptResult[]): Promise<void> {
  if (!results.length) return;
  await db.tx(async (q) => {
    // A suspension locks its campaign row. Take those locks first, in id order, as a marketer's cancel or resume
    // does (campaign row, then its requests): taken after the request rows, the two deadlocked.
    const suspending = [...new Set(results.filter((r) => r.outcome.type === 'suspend').map((r) => r.item.campaignId))].sort();
    if (suspending.length) await ports.deliveryReads.lockCampaigns(q, suspending);
    const acc = results.filter((r) => r.outcome.type === 'accepted');
    if (acc.length)
      await q.query(sql.RECORD_ACCEPTED, [
        acc.map((r) => r.item.requestId),
        acc.map((r) => (r.outcome.type === 'accepted' ? r.outcome.lineRequestId : null)),
        acc.map((r) => r.status),
      ]);
    const retry = results.filter((r) => r.outcome.type === 'retry');
    if (retry.length)
      await q.query(sql.RECORD_RETRY, [
        retry.map((r) => r.item.requestId),
        retry.map((r) => (r.outcome.type === 'retry' && r.outcome.transient ? 1 : 0)),
        retry.map((r) => (r.outcome.type === 'retry' ? r.outcome.delayMs / 1000 : 0)),
        retry.map((r) => r.status),
        retry.map((r) => r.error),
        retry.map((r) => r.ambiguous === true),
      ]);
    const failed = results.filter((r) => r.outcome.type === 'failed');
    if (failed.length)
      await q.query(sql.RECORD_FAILED, [
        failed.map((r) => r.item.requestId),
        failed.map((r) => (r.outcome.type === 'failed' ? r.outcome.reason : null)),
        failed.map((r) => r.status),
        failed.map((r) => r.error),
        // a window that closed before sending was no attempt
        failed.map((r) => (r.status === -1 ? 0 : 1)),
        failed.map((r) => (r.outcome.type === 'failed' && r.outcome.reason === 'transient_exhausted' ? 1 : 0)),
        failed.map((r) => r.ambiguous === true),
      ]);
    for (const r of results) {
      if (r.outcome.type === 'split') await split(q, r.item, r.outcome.bad, r.status);
      if (r.outcome.type === 'suspend') await suspend(q, ports, r.item, r.outcome.reason, r.status, r.sentAt);
    }
  });
}

/** A multicast LINE refused because of some recipient: the parent is superseded by smaller requests with new keys. */
async function split(q: Queryable, item: WorkItem, bad: number[], status: number): Promise<void> {
  const done = await q.query(sql.SUPERSEDE_FOR_SPLIT, [item.requestId, status]);
  if (!done.rows.length) return;
  const parts = splitIds(
    item.recipients.map((r) => r.id),
    bad,
  );
  await q.query(sql.INSERT_SPLIT_PARTS, [
    item.requestId,
    parts.map((p) => p[0]!),
    parts.map((p) => p[p.length - 1]!),
    parts.map((p) => p.length),
  ]);
}

/** Quota or credentials: the request keeps its key and waits; the campaign is Suspended until someone resumes it. */
async function suspend(q: Queryable, ports: ResultPorts, item: WorkItem, reason: string, status: number, sentAt?: Date): Promise<void> {
  await q.query(sql.HOLD_FOR_SUSPENSION, [item.requestId, status]);
  await suspendCampaign(q, ports, item.campaignId, reason, sentAt);
}

export async function suspendCampaign(q: Queryable, ports: ResultPorts, campaignId: string, reason: string, sentAt?: Date): Promise<void> {
  const row = (await ports.deliveryReads.lockCampaigns(q, [campaignId])).get(campaignId);
  if (row?.state !== 'Active') return;
  // Responses to requests sent before someone resumed the campaign say nothing about the credentials or quota now.
  if (sentAt && row.resumedAt && row.resumedAt > sentAt) return;
  await ports.campaignState.transition(q, campaignId, 'suspend', { actor: 'system', reason });
}

/**
 * Finished when everything is claimed and no request is queued (in flight or waiting for a retry). Safe to call
 * any time. It locks the campaign row, then the cursor row (the order of a cancel or resume), so a concurrent claim
 * cannot slip between the check and the move.
 */
export async function finishIfDone(db: Db, ports: ResultPorts, campaignId: string): Promise<boolean> {
  return db.tx(async (q) => {
    const state = (await ports.deliveryReads.lockCampaigns(q, [campaignId])).get(campaignId)?.state;
    if (state !== 'Active') return false;
    const c = await q.query<{ next_id: number; last_id: number; done: boolean; snapshot_done: boolean }>(sql.LOCK_CURSOR_FOR_FINISH, [
      campaignId,
    ]);
    const row = c.rows[0];
    // a snapshot still streaming has recipients to come, whatever the cursor says
    if (!row || row.done || !row.snapshot_done || Number(row.next_id) <= Number(row.last_id)) return false;
    const open = await q.query(sql.ANY_OPEN_REQUEST, [campaignId]);
    if (open.rows.length) return false;
    await ports.campaignState.transition(q, campaignId, 'finish', { actor: 'system' });
    await q.query(sql.MARK_DONE, [campaignId]);
    return true;
  });
}

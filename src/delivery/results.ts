import type { Db, Queryable } from '../db/types.ts';
import type { CampaignStatePort } from '../app/ports.ts';
import type { Outcome } from './decide.ts';
import { splitIds } from './decide.ts';
import type { WorkItem } from './store.ts';

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
export async function applyResults(db: Db, campaigns: CampaignStatePort, results: AttemptResult[]): Promise<void> {
  if (!results.length) return;
  await db.tx(async (q) => {
    // A suspension locks its campaign row. Take those locks first, in id order, as a marketer's cancel or resume
    // does (campaign row, then its requests): taken after the request rows, the two deadlocked.
    const suspending = [...new Set(results.filter((r) => r.outcome.type === 'suspend').map((r) => r.item.campaignId))].sort();
    if (suspending.length) await q.query('SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [suspending]);
    const acc = results.filter((r) => r.outcome.type === 'accepted');
    if (acc.length)
      await q.query(
        `UPDATE delivery_requests r SET status = 'accepted', reason = NULL, accepted_at = now(), line_request_id = x.rid, attempts = r.attempts + 1, last_status = x.st,
           in_flight = false
         FROM unnest($1::bigint[], $2::text[], $3::int[]) AS x(id, rid, st) WHERE r.id = x.id AND r.status IN ('queued', 'canceled')`,
        [
          acc.map((r) => r.item.requestId),
          acc.map((r) => (r.outcome.type === 'accepted' ? r.outcome.lineRequestId : null)),
          acc.map((r) => r.status),
        ],
      );
    const retry = results.filter((r) => r.outcome.type === 'retry');
    if (retry.length)
      await q.query(
        `UPDATE delivery_requests r SET attempts = r.attempts + 1, transient_failures = r.transient_failures + x.tf,
           next_attempt_at = now() + make_interval(secs => x.delay), last_status = x.st, last_error = x.err, in_flight = false,
           ambiguous = r.ambiguous OR x.amb
         FROM unnest($1::bigint[], $2::int[], $3::float8[], $4::int[], $5::text[], $6::bool[]) AS x(id, tf, delay, st, err, amb)
         WHERE r.id = x.id AND r.status IN ('queued', 'canceled')`,
        [
          retry.map((r) => r.item.requestId),
          retry.map((r) => (r.outcome.type === 'retry' && r.outcome.transient ? 1 : 0)),
          retry.map((r) => (r.outcome.type === 'retry' ? r.outcome.delayMs / 1000 : 0)),
          retry.map((r) => r.status),
          retry.map((r) => r.error),
          retry.map((r) => r.ambiguous === true),
        ],
      );
    const failed = results.filter((r) => r.outcome.type === 'failed');
    if (failed.length)
      await q.query(
        `UPDATE delivery_requests r SET status = 'failed', reason = x.reason, attempts = r.attempts + x.inc,
           transient_failures = r.transient_failures + x.tf, last_status = x.st, last_error = x.err, in_flight = false,
           ambiguous = r.ambiguous OR x.amb
         FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::bool[]) AS x(id, reason, st, err, inc, tf, amb)
         WHERE r.id = x.id AND r.status = 'queued'`,
        [
          failed.map((r) => r.item.requestId),
          failed.map((r) => (r.outcome.type === 'failed' ? r.outcome.reason : null)),
          failed.map((r) => r.status),
          failed.map((r) => r.error),
          // a window that closed before sending was no attempt
          failed.map((r) => (r.status === -1 ? 0 : 1)),
          failed.map((r) => (r.outcome.type === 'failed' && r.outcome.reason === 'transient_exhausted' ? 1 : 0)),
          failed.map((r) => r.ambiguous === true),
        ],
      );
    for (const r of results) {
      if (r.outcome.type === 'split') await split(q, r.item, r.outcome.bad, r.status);
      if (r.outcome.type === 'suspend') await suspend(q, campaigns, r.item, r.outcome.reason, r.status, r.sentAt);
    }
  });
}

/** A multicast LINE refused because of some recipient: the parent is superseded by smaller requests with new keys. */
async function split(q: Queryable, item: WorkItem, bad: number[], status: number): Promise<void> {
  const done = await q.query(
    `UPDATE delivery_requests SET status = 'superseded', attempts = attempts + 1, last_status = $2, in_flight = false
     WHERE id = $1 AND status = 'queued' RETURNING campaign_id, line_account_id`,
    [item.requestId, status],
  );
  if (!done.rows.length) return;
  const parts = splitIds(
    item.recipients.map((r) => r.id),
    bad,
  );
  await q.query(
    `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients)
     SELECT r.campaign_id, r.line_account_id, 'multicast', f, l, n FROM delivery_requests r, unnest($2::bigint[], $3::bigint[], $4::int[]) AS x(f, l, n)
     WHERE r.id = $1`,
    [item.requestId, parts.map((p) => p[0]!), parts.map((p) => p[p.length - 1]!), parts.map((p) => p.length)],
  );
}

/** Quota or credentials: the request keeps its key and waits; the campaign is Suspended until someone resumes it. */
async function suspend(
  q: Queryable,
  campaigns: CampaignStatePort,
  item: WorkItem,
  reason: string,
  status: number,
  sentAt?: Date,
): Promise<void> {
  await q.query(
    `UPDATE delivery_requests SET attempts = attempts + 1, last_status = $2, next_attempt_at = now(), in_flight = false WHERE id = $1 AND status = 'queued'`,
    [item.requestId, status],
  );
  await suspendCampaign(q, campaigns, item.campaignId, reason, sentAt);
}

export async function suspendCampaign(
  q: Queryable,
  campaigns: CampaignStatePort,
  campaignId: string,
  reason: string,
  sentAt?: Date,
): Promise<void> {
  const c = await q.query<{ state: string; resumed_at: Date | null }>(
    `SELECT state, (SELECT max(at) FROM campaign_history h WHERE h.campaign_id = c.id AND h.from_state = 'Suspended' AND h.to_state = 'Active') AS resumed_at
     FROM campaigns c WHERE id = $1 FOR UPDATE`,
    [campaignId],
  );
  const row = c.rows[0];
  if (row?.state !== 'Active') return;
  // Responses to requests sent before someone resumed the campaign say nothing about the credentials or quota now.
  if (sentAt && row.resumed_at && row.resumed_at > sentAt) return;
  await campaigns.transition(q, campaignId, 'suspend', { actor: 'system', reason });
}

/**
 * Finished when everything is claimed and no request is queued (in flight or waiting for a retry). Safe to call
 * any time; it takes the cursor row's lock so a concurrent claim cannot slip between the check and the move.
 */
export async function finishIfDone(db: Db, campaigns: CampaignStatePort, campaignId: string): Promise<boolean> {
  return db.tx(async (q) => {
    const c = await q.query<{ next_id: number; last_id: number; done: boolean; state: string }>(
      `SELECT dc.next_id, dc.last_id, dc.done, c.state FROM delivery_campaigns dc JOIN campaigns c ON c.id = dc.campaign_id
       WHERE dc.campaign_id = $1 FOR UPDATE OF dc, c`,
      [campaignId],
    );
    const row = c.rows[0];
    if (!row || row.done || row.state !== 'Active' || Number(row.next_id) <= Number(row.last_id)) return false;
    const open = await q.query(`SELECT 1 FROM delivery_requests WHERE campaign_id = $1 AND status = 'queued' AND NOT is_test LIMIT 1`, [
      campaignId,
    ]);
    if (open.rows.length) return false;
    await campaigns.transition(q, campaignId, 'finish', { actor: 'system' });
    await q.query('UPDATE delivery_campaigns SET done = true WHERE campaign_id = $1', [campaignId]);
    return true;
  });
}

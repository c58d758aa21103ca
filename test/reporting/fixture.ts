import type { Queryable } from '../../src/db/types.ts';
import { ensureRecipientPartition } from '../../src/delivery/partitions.ts';

/** One recipient of a fixture campaign and what became of it. */
export interface FixtureRow {
  key: string;
  profileId: number | null;
  lineUserId: string | null;
  /** accepted / failed / canceled / sending: covered by a push request; pending: not yet claimed; excluded: at snapshot. */
  status: 'accepted' | 'failed' | 'canceled' | 'sending' | 'pending' | 'excluded';
  reason?: string | null;
  isTest?: boolean;
  /** SQL expression for the request's accepted_at. */
  acceptedAt?: string;
}

/**
 * Writes a campaign's delivery state the way the delivery engine does (delivery_recipients frozen at snapshot,
 * delivery_campaigns with pending_total and excluded counts, one push request per claimed recipient), so
 * reports are tested against the real schema rather than rows pushed through the view's insert trigger.
 * Returns the recipient ids by key.
 */
export async function seedDeliveries(
  q: Queryable,
  campaignId: string,
  accountId: string,
  rows: FixtureRow[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  // Claimed recipients first, unclaimed after: the claim cursor (next_id) then sits on the first unclaimed one.
  const order = (r: FixtureRow) => (r.isTest ? 3 : r.status === 'pending' ? 1 : r.status === 'excluded' ? 2 : 0);
  const sorted = [...rows].sort((a, b) => order(a) - order(b));
  let firstUnclaimed: number | null = null;
  const real: number[] = [];
  const excluded: Record<string, number> = {};
  let pendingTotal = 0;
  await ensureRecipientPartition(q, campaignId);
  for (const r of sorted) {
    const ins = await q.query<{ id: number }>(
      // ids as the engine gives them: the profile's id for snapshot rows, negative for test sends
      `INSERT INTO delivery_recipients (id, campaign_id, revision_id, profile_id, line_user_id, status, reason, is_test)
       VALUES (CASE WHEN $6 THEN -nextval('delivery_test_recipient_ids') ELSE COALESCE($2::bigint, 1000000000 + nextval('delivery_test_recipient_ids')) END,
               $1, 1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        campaignId,
        r.profileId,
        r.lineUserId,
        r.status === 'excluded' ? 'excluded' : 'pending',
        r.status === 'excluded' ? r.reason : null,
        r.isTest ?? false,
      ],
    );
    const id = Number(ins.rows[0]!.id);
    ids[r.key] = id;
    if (!r.isTest) real.push(id);
    if (r.status === 'excluded') {
      excluded[r.reason ?? 'unknown'] = (excluded[r.reason ?? 'unknown'] ?? 0) + 1;
      continue;
    }
    if (!r.isTest) pendingTotal++;
    if (r.status === 'pending') {
      firstUnclaimed ??= id;
      continue;
    }
    const status = r.status === 'sending' ? 'queued' : r.status;
    await q.query(
      `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, is_test, status, reason, attempts, accepted_at)
       VALUES ($1, $2, 'push', $3, $3, 1, $4, $5, $6, 1, ${r.status === 'accepted' ? (r.acceptedAt ?? 'now()') : 'NULL'})`,
      [campaignId, accountId, id, r.isTest ?? false, status, r.status === 'failed' ? (r.reason ?? 'unknown') : null],
    );
  }
  const first = Math.min(...real);
  const last = Math.max(...real);
  await q.query(
    `INSERT INTO delivery_campaigns (campaign_id, revision_id, line_account_id, send_mode, first_id, last_id, next_id, pending_total, excluded, claimed)
     VALUES ($1, 1, $2, 'push', $3, $4, $5, $6, $7, $8)`,
    [
      campaignId,
      accountId,
      first,
      last,
      firstUnclaimed ?? last + 1,
      pendingTotal,
      JSON.stringify(excluded),
      pendingTotal - (firstUnclaimed === null ? 0 : rows.filter((r) => r.status === 'pending' && !r.isTest).length),
    ],
  );
  return ids;
}

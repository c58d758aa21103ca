import type { Queryable } from '../db/types.ts';
import { compileSegment } from '../audience/segment-sql.ts';
import { AppError } from '../errors.ts';
import { revisionOf } from './revision.ts';

export interface SnapshotResult {
  pending: number;
  excluded: Record<string, number>;
}

/** LINE user IDs are `U` + 32 lowercase hex digits; anything else cannot be pushed to. */
export const LINE_USER_ID_SQL = `'^U[0-9a-f]{32}$'`;

/** The segment's SQL condition over profiles `p`, compiled by the audience module (parameterized). */
export async function segmentCondition(rule: unknown, params: unknown[]): Promise<string> {
  return compileSegment(rule, params, 'p');
}

/**
 * Freezes the audience of a launched campaign, inside the caller's (launch) transaction: one recipient row per
 * profile of the segment, in one INSERT … SELECT. Eligible rows come first and get consecutive ids, so the
 * dispatcher claims contiguous id ranges. Exclusions: missing_recipient_id, unfollowed, duplicate_recipient
 * (the same LINE user ID twice: the lowest profile id is kept) and recipient_cap.
 */
export async function snapshotCampaign(q: Queryable, args: { campaignId: string; revisionId: number }): Promise<SnapshotResult> {
  const { campaignId, revisionId } = args;
  const rev = await revisionOf(q, revisionId);
  if (rev.campaignId !== campaignId) throw new Error(`Revision ${revisionId} does not belong to campaign ${campaignId}`);
  const c = await q.query<{ parent_segment_id: string | null; segment_id: string | null; rule: unknown; seg_parent: string | null }>(
    `SELECT c.parent_segment_id, c.segment_id, s.rule, s.parent_segment_id AS seg_parent
     FROM campaigns c LEFT JOIN segments s ON s.id = COALESCE($2::uuid, c.segment_id) WHERE c.id = $1`,
    [campaignId, rev.content.audience?.segmentId ?? null],
  );
  const row = c.rows[0];
  if (!row) throw new Error(`Campaign ${campaignId} not found`);
  const parentSegmentId = rev.content.audience?.parentSegmentId ?? row.parent_segment_id ?? row.seg_parent;
  if (!parentSegmentId) throw new AppError(422, 'no_audience', 'The campaign has no parent segment');

  const params: unknown[] = [campaignId, revisionId, parentSegmentId];
  const cond = await segmentCondition(row.rule ?? { type: 'group', op: 'and', children: [] }, params);
  const cap = rev.content.recipientCap;
  let capExpr = '';
  if (cap !== null && cap !== undefined) {
    params.push(cap);
    capExpr = `WHEN count(*) FILTER (WHERE reason0 IS NULL AND dup = 1) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) > $${params.length}
               THEN 'recipient_cap'`;
  }
  // eligible rows first (ordered by profile id), so the ids of pending rows form one contiguous block
  const ins = await q.query<{ status: string; reason: string | null; n: number; lo: number; hi: number }>(
    `WITH picked AS (
       SELECT p.id, p.line_user_id,
         CASE WHEN p.line_user_id IS NULL OR p.line_user_id !~ ${LINE_USER_ID_SQL} THEN 'missing_recipient_id'
              WHEN p.follow_status = 'unfollowed' THEN 'unfollowed' END AS reason0
       FROM profiles p WHERE p.parent_segment_id = $3 AND (${cond})
     ), ranked AS (
       SELECT id, line_user_id, reason0,
         CASE WHEN reason0 IS NULL THEN row_number() OVER (PARTITION BY reason0 IS NULL, line_user_id ORDER BY id) END AS dup
       FROM picked
     ), decided AS (
       SELECT id, line_user_id,
         CASE WHEN reason0 IS NOT NULL THEN reason0 WHEN dup > 1 THEN 'duplicate_recipient' ${capExpr} END AS reason
       FROM ranked
     ), inserted AS (
       INSERT INTO delivery_recipients (campaign_id, revision_id, profile_id, line_user_id, status, reason)
       SELECT $1, $2, id, line_user_id, CASE WHEN reason IS NULL THEN 'pending' ELSE 'excluded' END, reason
       FROM decided ORDER BY reason IS NOT NULL, id
       RETURNING id, status, reason
     )
     SELECT status, reason, count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM inserted GROUP BY status, reason`,
    params,
  );
  const excluded: Record<string, number> = {};
  let pending = 0;
  let lo = 0;
  let hi = -1;
  for (const r of ins.rows) {
    if (r.status === 'pending') {
      pending = r.n;
      lo = Number(r.lo);
      hi = Number(r.hi);
    } else excluded[r.reason ?? 'unknown'] = r.n;
  }
  await q.query(
    `INSERT INTO delivery_campaigns (campaign_id, revision_id, line_account_id, send_mode, first_id, last_id, next_id, pending_total, excluded)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8)
     ON CONFLICT (campaign_id) DO UPDATE SET revision_id = $2, line_account_id = $3, send_mode = $4, first_id = $5, last_id = $6,
       next_id = $5, pending_total = $7, excluded = $8, canceled = false, claimed = 0, started_at = now(), done = false`,
    [campaignId, revisionId, rev.content.lineAccountId, rev.content.sendMode, lo, hi, pending, JSON.stringify(excluded)],
  );
  return { pending, excluded };
}

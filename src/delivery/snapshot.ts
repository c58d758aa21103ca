import type { Queryable } from '../db/types.ts';
import { compileSegment, parseRule } from '../audience/compile.ts';
import { RevisionContent } from '../schemas/revision.ts';
import { DeliveryError } from './errors.ts';
import { ensureRecipientPartition } from './partitions.ts';

export interface SnapshotResult {
  pending: number;
  excluded: Record<string, number>;
}

export interface ChunkResult extends SnapshotResult {
  /** The snapshot is complete: no profile is left to write. */
  complete: boolean;
  /** The claim window after the chunk (lowest and highest pending id so far). */
  firstId: number;
  lastId: number;
  /** Pending rows written so far. */
  pendingTotal: number;
}

/** Profiles a launch writes in its own transaction; the dispatcher streams the rest. */
export const FIRST_CHUNK = 2_000;

/**
 * Freezes the audience of a launched campaign, inside the caller's (launch) transaction, and writes its first
 * `firstChunk` profiles (in profile id order); the rest are written by the account's dispatcher, chunk after chunk
 * (`snapshotChunk`), while it sends what is written. What is frozen here: the segment rule, the parent segment, the
 * workspace whose engagement data the rule may read, the recipient cap, and the highest profile id (later profiles
 * are not in the audience). Pass `Infinity` to write the whole snapshot now.
 */
export async function beginSnapshot(
  q: Queryable,
  args: { campaignId: string; revisionId: number },
  firstChunk = FIRST_CHUNK,
): Promise<ChunkResult> {
  const { campaignId, revisionId } = args;
  const revs = await q.query<{ campaign_id: string; content: unknown }>(
    'SELECT campaign_id, content FROM campaign_revisions WHERE id = $1',
    [revisionId],
  );
  if (!revs.rows[0]) throw new Error(`Revision ${revisionId} not found`);
  const content = RevisionContent.parse(revs.rows[0].content);
  if (revs.rows[0].campaign_id !== campaignId) throw new Error(`Revision ${revisionId} does not belong to campaign ${campaignId}`);
  const c = await q.query<{
    workspace_id: string;
    parent_segment_id: string | null;
    rule: unknown;
    seg_parent: string | null;
    snapshotted: boolean;
    upto: number | null;
  }>(
    `SELECT c.workspace_id, c.parent_segment_id, s.rule, s.parent_segment_id AS seg_parent,
       EXISTS (SELECT 1 FROM delivery_campaigns dc WHERE dc.campaign_id = c.id) AS snapshotted,
       (SELECT max(id) FROM profiles) AS upto
     FROM campaigns c LEFT JOIN segments s ON s.id = COALESCE($2::uuid, c.segment_id) WHERE c.id = $1`,
    [campaignId, content.audience?.segmentId ?? null],
  );
  const row = c.rows[0];
  if (!row) throw new Error(`Campaign ${campaignId} not found`);
  if (row.snapshotted) throw new DeliveryError('conflict', 'already_snapshotted', 'The campaign already has its audience snapshot');
  const parentSegmentId = content.audience?.parentSegmentId ?? row.parent_segment_id ?? row.seg_parent;
  if (!parentSegmentId) throw new DeliveryError('unprocessable', 'no_audience', 'The campaign has no parent segment');
  // The stored rule is checked against the SegmentRule schema now (a broken rule fails the launch, not the stream).
  const rule = parseRule(row.rule ?? { type: 'group', op: 'and', children: [] });
  await q.query(
    `INSERT INTO delivery_campaigns (campaign_id, revision_id, line_account_id, send_mode, first_id, last_id, next_id, pending_total, excluded,
       snap_next, snap_upto, snap_parent, snap_workspace, snap_rule, snap_cap)
     VALUES ($1, $2, $3, $4, 0, -1, 0, 0, '{}', 0, $5, $6, $7, $8, $9)`,
    [
      campaignId,
      revisionId,
      content.lineAccountId,
      content.sendMode,
      Number(row.upto ?? -1),
      parentSegmentId,
      row.workspace_id,
      JSON.stringify(rule),
      content.recipientCap ?? null,
    ],
  );
  return snapshotChunk(q, campaignId, firstChunk);
}

/** The whole snapshot in the caller's transaction (tests, fixtures and benchmarks that want it written at once). */
export async function snapshotCampaign(q: Queryable, args: { campaignId: string; revisionId: number }): Promise<SnapshotResult> {
  const r = await beginSnapshot(q, args, Infinity);
  return { pending: r.pending, excluded: r.excluded };
}

/**
 * Writes the next chunk of a streaming snapshot: up to `maxProfiles` profiles of the parent segment after the cursor,
 * one recipient row each, and moves the cursor, in the caller's transaction (a crash loses the whole chunk and the
 * next holder writes it again). The cursor row is read without a lock and moved at the end only if it is still
 * where this chunk found it, so a claim moving the claim cursor beside a chunk (PostgreSQL) waits for the
 * chunk's last statement, not for all of it; two writers of one chunk (a lease changing hands) cannot both
 * commit: the second one's rows collide with the first's on the key, or its cursor move finds the cursor moved.
 *
 * The exclusions are those of the one-statement snapshot: missing_recipient_id (no ID, or not `U` + 32 lowercase
 * hex: the profile's stored `line_user_id_valid`), unfollowed, duplicate_recipient (the lowest profile id keeps the
 * LINE ID: checked inside the chunk with a window, and against the rows earlier chunks gave that ID; only profiles
 * flagged `line_id_shared` need either), recipient_cap (eligible rows beyond the cap, in profile order, counted
 * across chunks). Each chunk reads the profiles as they are when it runs.
 */
export async function snapshotChunk(q: Queryable, campaignId: string, maxProfiles: number): Promise<ChunkResult> {
  const cur = await q.query<{
    revision_id: number;
    first_id: number;
    last_id: number;
    pending_total: number;
    excluded: Record<string, number>;
    snap_next: number | null;
    snap_upto: number;
    snap_parent: string;
    snap_workspace: string;
    snap_rule: unknown;
    snap_cap: number | null;
    snap_eligible: number;
  }>(
    `SELECT revision_id, first_id, last_id, pending_total, excluded, snap_next, snap_upto, snap_parent, snap_workspace, snap_rule, snap_cap, snap_eligible
     FROM delivery_campaigns WHERE campaign_id = $1`,
    [campaignId],
  );
  const dc = cur.rows[0];
  if (!dc) throw new Error(`Campaign ${campaignId} has no snapshot`);
  const excluded: Record<string, number> = { ...dc.excluded };
  const state = (complete: boolean, pending: number, chunkExcluded: Record<string, number>): ChunkResult => ({
    complete,
    pending,
    excluded: chunkExcluded,
    firstId: Number(dc.first_id),
    lastId: Number(dc.last_id),
    pendingTotal: dc.pending_total,
  });
  if (dc.snap_next === null) return state(true, 0, {});
  const lo = Number(dc.snap_next);
  const upto = Number(dc.snap_upto);
  let hi = upto;
  if (Number.isFinite(maxProfiles)) {
    const b = await q.query<{ hi: number | null; n: number }>(
      `SELECT max(id) AS hi, count(*)::int AS n FROM (SELECT id FROM profiles WHERE parent_segment_id = $1 AND id >= $2 AND id <= $3 ORDER BY id LIMIT $4) b`,
      [dc.snap_parent, lo, upto, maxProfiles],
    );
    if (b.rows[0]!.n >= maxProfiles) hi = Number(b.rows[0]!.hi);
  }
  const complete = hi >= upto;

  const params: unknown[] = [campaignId, dc.revision_id, dc.snap_parent, lo, hi];
  const rule = parseRule(dc.snap_rule);
  // Engagement leaves read only this campaign's workspace (validation refused others already; this makes sure).
  const cond = compileSegment(rule, params, 'p', { workspaceId: dc.snap_workspace });
  const condShared = compileSegment(rule, params, 's', { workspaceId: dc.snap_workspace });
  // Same LINE ID twice: a lower profile id of this chunk keeps it, or an earlier chunk already gave it to an eligible
  // row (pending, or beyond the cap: the one-statement snapshot also tells duplicates before it applies the cap).
  const dupsInChunk = `SELECT id FROM (
      SELECT s.id, row_number() OVER (PARTITION BY s.line_user_id ORDER BY s.id) AS rn FROM profiles s
      WHERE s.parent_segment_id = $3 AND s.id >= $4 AND s.id <= $5 AND s.line_id_shared AND s.line_user_id_valid
        AND s.follow_status <> 'unfollowed' AND (${condShared})
    ) z WHERE rn > 1`;
  const givenEarlier = `EXISTS (SELECT 1 FROM profiles e JOIN delivery_recipients d ON d.campaign_id = $1 AND d.id = e.id
      WHERE e.line_user_id = p.line_user_id AND e.parent_segment_id = $3 AND e.id < $4 AND (d.status = 'pending' OR d.reason = 'recipient_cap')
        AND d.line_user_id = p.line_user_id)`;
  let decided = `SELECT p.id, p.line_user_id,
      CASE WHEN NOT COALESCE(p.line_user_id_valid, false) THEN 'missing_recipient_id'
           WHEN p.follow_status = 'unfollowed' THEN 'unfollowed'
           WHEN p.line_id_shared AND (p.id IN (${dupsInChunk}) OR ${givenEarlier}) THEN 'duplicate_recipient' END AS reason
    FROM profiles p WHERE p.parent_segment_id = $3 AND p.id >= $4 AND p.id <= $5 AND (${cond})`;
  if (dc.snap_cap !== null) {
    params.push(dc.snap_cap, dc.snap_eligible);
    decided = `SELECT id, line_user_id, CASE WHEN reason IS NULL
        AND $${params.length} + count(*) FILTER (WHERE reason IS NULL) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) > $${params.length - 1}
        THEN 'recipient_cap' ELSE reason END AS reason
      FROM (${decided}) capped`;
  }
  // the campaign's partition (migration 500): made by the first chunk (the launch's), in its transaction
  if (lo === 0) await ensureRecipientPartition(q, campaignId);
  // Counted in the database from the rows written (a few result rows, not one per recipient).
  const ins = await q.query<{ reason: string | null; n: number; lo: number; hi: number }>(
    `WITH ins AS (
       INSERT INTO delivery_recipients (id, campaign_id, revision_id, profile_id, line_user_id, status, reason)
       SELECT id, $1, $2, id, line_user_id, CASE WHEN reason IS NULL THEN 'pending' ELSE 'excluded' END, reason FROM (${decided}) x
       RETURNING id, reason)
     SELECT reason, count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM ins GROUP BY reason`,
    params,
  );
  let pending = 0;
  let pLo: number | null = null;
  let pHi: number | null = null;
  const chunkExcluded: Record<string, number> = {};
  for (const r of ins.rows) {
    if (r.reason === null) {
      pending = r.n;
      pLo = Number(r.lo);
      pHi = Number(r.hi);
    } else {
      chunkExcluded[r.reason] = r.n;
      excluded[r.reason] = (excluded[r.reason] ?? 0) + r.n;
    }
  }
  // The claim window: the first pending row opens it (the claim cursor starts there), each chunk extends its end.
  const opens = dc.pending_total === 0 && pending > 0;
  const moved = await q.query(
    `UPDATE delivery_campaigns SET snap_next = $2, snap_eligible = snap_eligible + $3, pending_total = pending_total + $3, excluded = $4,
       first_id = CASE WHEN $5 THEN $6 ELSE first_id END, next_id = CASE WHEN $5 THEN $6 ELSE next_id END,
       last_id = COALESCE($7, last_id)
     WHERE campaign_id = $1 AND snap_next = $8`,
    [campaignId, complete ? null : hi + 1, pending, JSON.stringify(excluded), opens, pLo ?? 0, pHi, lo],
  );
  // another writer moved the cursor meanwhile: this chunk's transaction must not commit
  if (moved.rowCount !== 1) throw new Error(`The snapshot cursor of campaign ${campaignId} moved during a chunk`);
  if (opens) dc.first_id = pLo!;
  if (pHi !== null) dc.last_id = pHi;
  dc.pending_total += pending;
  return state(complete, pending, chunkExcluded);
}

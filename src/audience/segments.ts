import type { CampaignLookup } from '../app/ports.ts';
import type { Queryable } from '../db/types.ts';
import type { Segment, SegmentInput, SegmentPatch } from '../schemas/audience.ts';
import type { SegmentRule } from '../schemas/segment.ts';
import { EngineError } from '../errors.ts';
import { checkSegmentRule } from './compile.ts';
import { isParentSegmentAllowed } from './parent-segments.ts';
import { checkRuleScope } from './rule-scope.ts';
import * as sql from './queries.ts';

type Row = {
  id: string;
  workspace_id: string;
  parent_segment_id: string;
  name: string;
  rule: SegmentRule;
  created_at: Date;
  updated_at: Date;
};

const toSegment = (r: Row): Segment => ({
  id: r.id,
  workspaceId: r.workspace_id,
  parentSegmentId: r.parent_segment_id,
  name: r.name,
  rule: r.rule,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listSegments(
  q: Queryable,
  ws: string,
  opts: { cursor?: string; limit: number; parentSegmentId?: string },
): Promise<{ items: Segment[]; nextCursor: string | null }> {
  const params: unknown[] = [ws, opts.cursor ?? '00000000-0000-0000-0000-000000000000', opts.limit + 1];
  if (opts.parentSegmentId) params.push(opts.parentSegmentId);
  const r = await q.query<Row>(sql.listSegments(!!opts.parentSegmentId), params);
  const more = r.rows.length > opts.limit;
  const rows = more ? r.rows.slice(0, opts.limit) : r.rows;
  return { items: rows.map(toSegment), nextCursor: more ? rows[rows.length - 1]!.id : null };
}

/** A segment of workspace `ws`; another workspace's segment is simply not found. */
export async function getSegment(q: Queryable, ws: string, id: string): Promise<Segment | null> {
  const r = await q.query<Row>(sql.getSegment, [id, ws]);
  return r.rows[0] ? toSegment(r.rows[0]) : null;
}

async function checkParent(q: Queryable, ws: string, parentSegmentId: string): Promise<void> {
  if (!(await isParentSegmentAllowed(q, parentSegmentId, ws)))
    throw EngineError.invalid([{ path: 'body.parentSegmentId', message: 'No parent segment with this id is allowed in this workspace' }]);
}

export async function createSegment(q: Queryable, campaigns: CampaignLookup, ws: string, input: SegmentInput): Promise<Segment> {
  await checkParent(q, ws, input.parentSegmentId);
  checkSegmentRule(input.rule, 'body.rule');
  await checkRuleScope(q, campaigns, ws, input.rule, 'body.rule');
  const r = await q.query<Row>(sql.createSegment, [ws, input.parentSegmentId, input.name, JSON.stringify(input.rule)]);
  return toSegment(r.rows[0]!);
}

export async function updateSegment(
  q: Queryable,
  campaigns: CampaignLookup,
  ws: string,
  id: string,
  p: SegmentPatch,
): Promise<Segment | null> {
  if (!(await getSegment(q, ws, id))) return null;
  if (p.parentSegmentId) await checkParent(q, ws, p.parentSegmentId);
  if (p.rule) {
    checkSegmentRule(p.rule, 'body.rule');
    await checkRuleScope(q, campaigns, ws, p.rule, 'body.rule');
  }
  const r = await q.query<Row>(sql.updateSegment, [
    id,
    ws,
    p.name ?? null,
    p.parentSegmentId ?? null,
    p.rule ? JSON.stringify(p.rule) : null,
  ]);
  return r.rows[0] ? toSegment(r.rows[0]) : null;
}

/** Campaigns that used the segment keep their snapshot; their segment_id becomes NULL (FK ON DELETE SET NULL). */
export async function deleteSegment(q: Queryable, ws: string, id: string): Promise<boolean> {
  return (await q.query(sql.deleteSegment, [id, ws])).rowCount > 0;
}

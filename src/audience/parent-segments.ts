import type { Queryable } from '../db/types.ts';
import type { ParentSegment, ParentSegmentInput, ParentSegmentPatch } from '../schemas/audience.ts';
import { EngineError } from '../errors.ts';
import { existingWorkspaceIds } from '../admin/workspaces.ts';
import * as sql from './queries.ts';

type Row = { id: string; name: string; created_at: Date; workspace_ids: string[]; profile_count: number; with_id_count: number };

const toParentSegment = (r: Row): ParentSegment => ({
  id: r.id,
  name: r.name,
  workspaceIds: r.workspace_ids,
  profileCount: r.profile_count,
  withLineUserIdCount: r.with_id_count,
  createdAt: r.created_at.toISOString(),
});

/** Parent segments in id order; `workspaceId` limits the list to those allowed in that workspace. */
export async function listParentSegments(
  q: Queryable,
  opts: { workspaceId?: string; cursor?: string; limit: number },
): Promise<{ items: ParentSegment[]; nextCursor: string | null }> {
  // The cursor was checked by the query schema (UuidCursor): the last id of the previous page.
  const params: unknown[] = [opts.cursor ?? '00000000-0000-0000-0000-000000000000', opts.limit + 1];
  if (opts.workspaceId) params.push(opts.workspaceId);
  const r = await q.query<Row>(sql.parentSegmentsPage(!!opts.workspaceId), params);
  const more = r.rows.length > opts.limit;
  const rows = more ? r.rows.slice(0, opts.limit) : r.rows;
  return { items: rows.map(toParentSegment), nextCursor: more ? rows[rows.length - 1]!.id : null };
}

export async function getParentSegment(q: Queryable, id: string, workspaceId?: string): Promise<ParentSegment | null> {
  const params: unknown[] = [id];
  if (workspaceId) params.push(workspaceId);
  const r = await q.query<Row>(sql.parentSegmentById(!!workspaceId), params);
  return r.rows[0] ? toParentSegment(r.rows[0]) : null;
}

export async function parentSegmentByName(q: Queryable, name: string): Promise<string[]> {
  return (await q.query<{ id: string }>(sql.parentSegmentByName, [name])).rows.map((r) => r.id);
}

export async function parentSegmentExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql.parentSegmentExists, [id])).rows.length > 0;
}

export async function isParentSegmentAllowed(q: Queryable, parentSegmentId: string, workspaceId: string): Promise<boolean> {
  const r = await q.query(sql.isParentSegmentAllowed, [parentSegmentId, workspaceId]);
  return r.rows.length > 0;
}

/** Replaces the set of workspaces a parent segment is allowed in; unknown workspace ids are a 400. */
export async function setParentSegmentWorkspaces(
  q: Queryable,
  id: string,
  workspaceIds: string[],
  path = 'body.workspaceIds',
): Promise<void> {
  const ids = [...new Set(workspaceIds)];
  if (ids.length) {
    const found = await existingWorkspaceIds(q, ids);
    const bad = workspaceIds.flatMap((w, i) => (found.has(w) ? [] : [{ path: `${path}[${i}]`, message: `No workspace ${w}` }]));
    if (bad.length) throw EngineError.invalid(bad);
  }
  await q.query(sql.removeParentSegmentWorkspaces, [id, ids]);
  await q.query(sql.addParentSegmentWorkspaces, [id, ids]);
}

export async function createParentSegment(q: Queryable, input: ParentSegmentInput): Promise<ParentSegment> {
  const r = await q.query<{ id: string }>(sql.createParentSegment, [input.name]);
  const id = r.rows[0]!.id;
  await setParentSegmentWorkspaces(q, id, input.workspaceIds);
  return (await getParentSegment(q, id))!;
}

export async function updateParentSegment(q: Queryable, id: string, p: ParentSegmentPatch): Promise<ParentSegment | null> {
  const r = await q.query(sql.updateParentSegment, [id, p.name ?? null]);
  if (!r.rows.length) return null;
  if (p.workspaceIds) await setParentSegmentWorkspaces(q, id, p.workspaceIds);
  return getParentSegment(q, id);
}

/** Deletes a parent segment with its profiles and segments; campaigns pointing at it keep their history. */
export async function deleteParentSegment(q: Queryable, id: string): Promise<boolean> {
  try {
    return (await q.query(sql.deleteParentSegment, [id])).rowCount > 0;
  } catch (e) {
    // Delivery rows reference profiles; a parent segment that was sent to stays (its log must keep its people).
    if ((e as { code?: string }).code === '23503')
      throw EngineError.conflict('This parent segment has delivery history and cannot be deleted');
    throw e;
  }
}

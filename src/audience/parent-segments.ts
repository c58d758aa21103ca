import type { Queryable } from '../db/types.ts';
import type { ParentSegment, ParentSegmentInput, ParentSegmentPatch } from '../schemas/audience.ts';
import { EngineError } from '../errors.ts';

type Row = { id: string; name: string; created_at: Date; workspace_ids: string[]; profile_count: number; with_id_count: number };

const toParentSegment = (r: Row): ParentSegment => ({
  id: r.id,
  name: r.name,
  workspaceIds: r.workspace_ids,
  profileCount: r.profile_count,
  withLineUserIdCount: r.with_id_count,
  createdAt: r.created_at.toISOString(),
});

// Counts are computed on read: one grouped scan of the listed parent segments' profiles. Simple and always
// right; at millions of profiles a listing costs a few hundred ms, which is acceptable for an admin list.
const select = (where: string) => `
  SELECT ps.id, ps.name, ps.created_at,
    COALESCE((SELECT array_agg(w.workspace_id ORDER BY w.workspace_id) FROM parent_segment_workspaces w WHERE w.parent_segment_id = ps.id), '{}') AS workspace_ids,
    COALESCE(c.n, 0) AS profile_count, COALESCE(c.with_id, 0) AS with_id_count
  FROM parent_segments ps
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE p.line_user_id_valid) AS with_id
    FROM profiles p WHERE p.parent_segment_id = ps.id
  ) c ON true
  WHERE ${where}`;

/** Parent segments in id order; `workspaceId` limits the list to those allowed in that workspace. */
export async function listParentSegments(
  q: Queryable,
  opts: { workspaceId?: string; cursor?: string; limit: number },
): Promise<{ items: ParentSegment[]; nextCursor: string | null }> {
  // The cursor was checked by the query schema (UuidCursor): the last id of the previous page.
  const params: unknown[] = [opts.cursor ?? '00000000-0000-0000-0000-000000000000', opts.limit + 1];
  let where = 'ps.id > $1::uuid';
  if (opts.workspaceId) {
    params.push(opts.workspaceId);
    where += ` AND EXISTS (SELECT 1 FROM parent_segment_workspaces w WHERE w.parent_segment_id = ps.id AND w.workspace_id = $3)`;
  }
  const r = await q.query<Row>(`${select(where)} ORDER BY ps.id LIMIT $2`, params);
  const more = r.rows.length > opts.limit;
  const rows = more ? r.rows.slice(0, opts.limit) : r.rows;
  return { items: rows.map(toParentSegment), nextCursor: more ? rows[rows.length - 1]!.id : null };
}

export async function getParentSegment(q: Queryable, id: string, workspaceId?: string): Promise<ParentSegment | null> {
  const params: unknown[] = [id];
  let where = 'ps.id = $1';
  if (workspaceId) {
    params.push(workspaceId);
    where += ` AND EXISTS (SELECT 1 FROM parent_segment_workspaces w WHERE w.parent_segment_id = ps.id AND w.workspace_id = $2)`;
  }
  const r = await q.query<Row>(select(where), params);
  return r.rows[0] ? toParentSegment(r.rows[0]) : null;
}

export async function parentSegmentByName(q: Queryable, name: string): Promise<string[]> {
  return (await q.query<{ id: string }>('SELECT id FROM parent_segments WHERE name = $1 ORDER BY id', [name])).rows.map((r) => r.id);
}

export async function parentSegmentExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM parent_segments WHERE id = $1', [id])).rows.length > 0;
}

export async function isParentSegmentAllowed(q: Queryable, parentSegmentId: string, workspaceId: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM parent_segment_workspaces WHERE parent_segment_id = $1 AND workspace_id = $2', [
    parentSegmentId,
    workspaceId,
  ]);
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
    const found = new Set(
      (await q.query<{ id: string }>('SELECT id FROM workspaces WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => r.id),
    );
    const bad = workspaceIds.flatMap((w, i) => (found.has(w) ? [] : [{ path: `${path}[${i}]`, message: `No workspace ${w}` }]));
    if (bad.length) throw EngineError.invalid(bad);
  }
  await q.query('DELETE FROM parent_segment_workspaces WHERE parent_segment_id = $1 AND NOT (workspace_id = ANY($2::uuid[]))', [id, ids]);
  await q.query(
    `INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [id, ids],
  );
}

export async function createParentSegment(q: Queryable, input: ParentSegmentInput): Promise<ParentSegment> {
  const r = await q.query<{ id: string }>('INSERT INTO parent_segments (name) VALUES ($1) RETURNING id', [input.name]);
  const id = r.rows[0]!.id;
  await setParentSegmentWorkspaces(q, id, input.workspaceIds);
  return (await getParentSegment(q, id))!;
}

export async function updateParentSegment(q: Queryable, id: string, p: ParentSegmentPatch): Promise<ParentSegment | null> {
  const r = await q.query('UPDATE parent_segments SET name = COALESCE($2, name) WHERE id = $1 RETURNING id', [id, p.name ?? null]);
  if (!r.rows.length) return null;
  if (p.workspaceIds) await setParentSegmentWorkspaces(q, id, p.workspaceIds);
  return getParentSegment(q, id);
}

/** Deletes a parent segment with its profiles and segments; campaigns pointing at it keep their history. */
export async function deleteParentSegment(q: Queryable, id: string): Promise<boolean> {
  try {
    return (await q.query('DELETE FROM parent_segments WHERE id = $1', [id])).rowCount > 0;
  } catch (e) {
    // Delivery rows reference profiles; a parent segment that was sent to stays (its log must keep its people).
    if ((e as { code?: string }).code === '23503')
      throw EngineError.conflict('This parent segment has delivery history and cannot be deleted');
    throw e;
  }
}

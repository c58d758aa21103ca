import type { Queryable } from '../db/types.ts';
import type { Workspace } from '../schemas/admin.ts';
import * as sql from './queries.ts';

type Row = { id: string; name: string; description: string; time_zone: string | null; created_at: Date; updated_at: Date };
const toWorkspace = (r: Row): Workspace => ({
  id: r.id,
  name: r.name,
  description: r.description,
  timeZone: r.time_zone,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listWorkspaces(q: Queryable, onlyIds?: string[]): Promise<Workspace[]> {
  const r = onlyIds ? await q.query<Row>(sql.workspacesByIds, [onlyIds]) : await q.query<Row>(sql.allWorkspaces);
  return r.rows.map(toWorkspace);
}

export async function getWorkspace(q: Queryable, id: string): Promise<Workspace | null> {
  const r = await q.query<Row>(sql.getWorkspace, [id]);
  return r.rows[0] ? toWorkspace(r.rows[0]) : null;
}

export async function createWorkspace(
  q: Queryable,
  input: { name: string; description: string; timeZone?: string | null },
): Promise<Workspace> {
  const r = await q.query<Row>(sql.createWorkspace, [input.name, input.description, input.timeZone ?? null]);
  return toWorkspace(r.rows[0]!);
}

export async function updateWorkspace(
  q: Queryable,
  id: string,
  p: { name?: string; description?: string; timeZone?: string | null },
): Promise<Workspace | null> {
  const r = await q.query<Row>(sql.updateWorkspace, [id, p.name ?? null, p.description ?? null, p.timeZone ?? null]);
  return r.rows[0] ? toWorkspace(r.rows[0]) : null;
}

export async function deleteWorkspace(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql.deleteWorkspace, [id])).rowCount > 0;
}

/** The zone a workspace's schedules, reports and exports use: its own, or UTC until one is set. */
export async function workspaceTimeZone(q: Queryable, id: string): Promise<string> {
  const r = await q.query<{ time_zone: string | null }>(sql.workspaceTimeZone, [id]);
  return r.rows[0]?.time_zone ?? 'UTC';
}

/** The oldest workspace (the one the first start made), if any. */
export async function firstWorkspaceId(q: Queryable): Promise<string | null> {
  return (await q.query<{ id: string }>(sql.firstWorkspaceId)).rows[0]?.id ?? null;
}

/**
 * Names the first-start workspace in the demo's language: the English name and description the first start wrote
 * are replaced, a name someone chose stays; the time zone is set when none is.
 */
export async function localizeFirstWorkspace(
  q: Queryable,
  id: string,
  w: { name: string; description: string; timeZone: string },
): Promise<void> {
  await q.query(sql.localizeFirstWorkspace, [id, w.name, w.description, w.timeZone]);
}

/** Of `ids`, those naming a workspace (other modules check the ids they are given through this). */
export async function existingWorkspaceIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return new Set((await q.query<{ id: string }>(sql.existingWorkspaces, [ids])).rows.map((r) => r.id));
}

import type { Queryable } from '../db/types.ts';
import type { Workspace } from '../schemas/admin.ts';

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
  const r = onlyIds
    ? await q.query<Row>('SELECT * FROM workspaces WHERE id = ANY($1::uuid[]) ORDER BY name, id', [onlyIds])
    : await q.query<Row>('SELECT * FROM workspaces ORDER BY name, id');
  return r.rows.map(toWorkspace);
}

export async function getWorkspace(q: Queryable, id: string): Promise<Workspace | null> {
  const r = await q.query<Row>('SELECT * FROM workspaces WHERE id = $1', [id]);
  return r.rows[0] ? toWorkspace(r.rows[0]) : null;
}

export async function createWorkspace(q: Queryable, input: { name: string; description: string; timeZone?: string | null }): Promise<Workspace> {
  const r = await q.query<Row>('INSERT INTO workspaces (name, description, time_zone) VALUES ($1, $2, $3) RETURNING *', [
    input.name,
    input.description,
    input.timeZone ?? null,
  ]);
  return toWorkspace(r.rows[0]!);
}

export async function updateWorkspace(q: Queryable, id: string, p: { name?: string; description?: string; timeZone?: string | null }): Promise<Workspace | null> {
  const r = await q.query<Row>(
    `UPDATE workspaces SET name = COALESCE($2, name), description = COALESCE($3, description), time_zone = COALESCE($4, time_zone),
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, p.name ?? null, p.description ?? null, p.timeZone ?? null],
  );
  return r.rows[0] ? toWorkspace(r.rows[0]) : null;
}

export async function deleteWorkspace(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('DELETE FROM workspaces WHERE id = $1', [id])).rowCount > 0;
}

/** The zone a workspace's schedules, reports and exports use: its own, or UTC until one is set. */
export async function workspaceTimeZone(q: Queryable, id: string): Promise<string> {
  const r = await q.query<{ time_zone: string | null }>('SELECT time_zone FROM workspaces WHERE id = $1', [id]);
  return r.rows[0]?.time_zone ?? 'UTC';
}

import type { Queryable } from '../db/types.ts';
import type { Workspace } from '../schemas/admin.ts';

type Row = { id: string; name: string; description: string; created_at: Date; updated_at: Date };
const toWorkspace = (r: Row): Workspace => ({
  id: r.id,
  name: r.name,
  description: r.description,
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

export async function createWorkspace(q: Queryable, input: { name: string; description: string }): Promise<Workspace> {
  const r = await q.query<Row>('INSERT INTO workspaces (name, description) VALUES ($1, $2) RETURNING *', [input.name, input.description]);
  return toWorkspace(r.rows[0]!);
}

export async function updateWorkspace(q: Queryable, id: string, p: { name?: string; description?: string }): Promise<Workspace | null> {
  const r = await q.query<Row>(
    `UPDATE workspaces SET name = COALESCE($2, name), description = COALESCE($3, description), updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, p.name ?? null, p.description ?? null],
  );
  return r.rows[0] ? toWorkspace(r.rows[0]) : null;
}

export async function deleteWorkspace(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('DELETE FROM workspaces WHERE id = $1', [id])).rowCount > 0;
}

import type { Queryable } from '../db/types.ts';
import { createApiKey, createUser } from '../admin/users.ts';
import { createWorkspace } from '../admin/workspaces.ts';

export interface BootstrapResult {
  created: boolean;
  adminUserId: string;
  workspaceId: string | null;
  /** The admin's API key in clear, only on the first start (never stored in clear). */
  apiKey: string | null;
}

/**
 * First start: an admin user, a demo workspace and an API key shown once. LINECAST_ADMIN_KEY, when set,
 * is (also) accepted as the admin's key on every start, for automation.
 */
export async function bootstrap(q: Queryable, adminKey: string | null): Promise<BootstrapResult> {
  const existing = await q.query<{ id: string }>('SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1');
  if (existing.rows[0]) {
    const adminUserId = existing.rows[0].id;
    if (adminKey) await createApiKey(q, adminUserId, 'LINECAST_ADMIN_KEY', adminKey);
    const ws = await q.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at LIMIT 1');
    return { created: false, adminUserId, workspaceId: ws.rows[0]?.id ?? null, apiKey: null };
  }
  const ws = await createWorkspace(q, { name: 'Demo workspace', description: 'Created on first start' });
  const user = await createUser(q, { email: 'admin@linecast.local', name: 'Administrator', isAdmin: true, memberships: [{ workspaceId: ws.id, role: 'admin' }] });
  const key = await createApiKey(q, user.id, adminKey ? 'LINECAST_ADMIN_KEY' : 'first start', adminKey ?? undefined);
  return { created: true, adminUserId: user.id, workspaceId: ws.id, apiKey: key.key };
}

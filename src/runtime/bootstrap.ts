import type { Db, Queryable } from '../db/types.ts';
import { createApiKey, createUser, firstAdminId, firstAdminWithoutPasswords, setFirstPassword } from '../admin/users.ts';
import { createWorkspace, firstWorkspaceId } from '../admin/workspaces.ts';
import { hashPassword, generatePassword } from '../security/passwords.ts';
import { NewPassword } from '../schemas/auth.ts';

export interface BootstrapResult {
  created: boolean;
  adminUserId: string;
  workspaceId: string | null;
}

/**
 * First start: an admin user and a demo workspace. LINECAST_ADMIN_KEY, when set, is accepted as the admin's API
 * key on every start (automation); it is never printed, since whoever set it knows it. How people sign in is
 * set up by firstSignIn below.
 */
export async function bootstrap(q: Queryable, adminKey: string | null, adminEmail = 'admin@linecast.local'): Promise<BootstrapResult> {
  const adminUserId = await firstAdminId(q);
  if (adminUserId) {
    if (adminKey) await createApiKey(q, adminUserId, 'LINECAST_ADMIN_KEY', adminKey);
    return { created: false, adminUserId, workspaceId: await firstWorkspaceId(q) };
  }
  const ws = await createWorkspace(q, { name: 'Demo workspace', description: 'Created on first start' });
  const user = await createUser(q, {
    email: adminEmail,
    name: 'Administrator',
    isAdmin: true,
    memberships: [{ workspaceId: ws.id, role: 'admin' }],
  });
  if (adminKey) await createApiKey(q, user.id, 'LINECAST_ADMIN_KEY', adminKey);
  return { created: true, adminUserId: user.id, workspaceId: ws.id };
}

/** How to sign in, printed once: the admin's email and either a generated one-time password or "the one you set". */
export interface FirstSignIn {
  email: string;
  /** Generated, shown this once, to be replaced at the first sign-in; null when it came from LINECAST_ADMIN_PASSWORD. */
  password: string | null;
}

/**
 * While nobody can sign in with a password (a first start, or a database from before passwords), the first admin
 * gets one: LINECAST_ADMIN_PASSWORD when set, otherwise a generated one that must be changed at the first sign-in.
 * The update only lands while no user has a password, so of several API servers starting together exactly one
 * sets it and prints it.
 */
export async function firstSignIn(db: Db, adminPassword: string | null): Promise<FirstSignIn | null> {
  const admin = await firstAdminWithoutPasswords(db);
  if (!admin) return null;
  if (adminPassword !== null) {
    const ok = NewPassword.safeParse(adminPassword);
    if (!ok.success) throw new Error(`LINECAST_ADMIN_PASSWORD ${ok.error.issues[0]!.message}`);
  }
  const password = adminPassword ?? generatePassword();
  const hash = await hashPassword(password);
  if (!(await setFirstPassword(db, admin.id, hash, adminPassword === null))) return null;
  return { email: admin.email, password: adminPassword === null ? password : null };
}

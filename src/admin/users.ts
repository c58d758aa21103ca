import type { Queryable } from '../db/types.ts';
import type { Role } from '../schemas/common.ts';
import type { User } from '../schemas/admin.ts';
import { hashApiKey, keyPrefix, newApiKey } from '../security/api-keys.ts';
import { isLocale, type Locale } from '../domain/locales.ts';
import { EngineError } from '../errors.ts';
import * as sql from './queries.ts';

type UserRow = {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  locale: string | null;
  has_password: boolean;
  created_at: Date;
  memberships: { workspaceId: string; role: Role }[] | null;
};

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  isAdmin: r.is_admin,
  memberships: r.memberships ?? [],
  locale: isLocale(r.locale) ? r.locale : null,
  hasPassword: r.has_password,
  createdAt: r.created_at.toISOString(),
});

export async function listUsers(q: Queryable): Promise<User[]> {
  return (await q.query<UserRow>(sql.listUsers)).rows.map(toUser);
}

export async function getUser(q: Queryable, id: string): Promise<User | null> {
  const r = await q.query<UserRow>(sql.getUser, [id]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function createUser(
  q: Queryable,
  u: { email: string; name: string; isAdmin: boolean; memberships: { workspaceId: string; role: Role }[] },
): Promise<User> {
  const r = await q.query<{ id: string }>(sql.createUser, [u.email.toLowerCase(), u.name, u.isAdmin]);
  const id = r.rows[0]!.id;
  await setMemberships(q, id, u.memberships);
  return (await getUser(q, id))!;
}

export async function updateUser(
  q: Queryable,
  id: string,
  p: { name?: string; isAdmin?: boolean; memberships?: { workspaceId: string; role: Role }[]; locale?: Locale | null },
): Promise<User | null> {
  // locale: absent keeps it, null clears it (back to the browser's language).
  const r = await q.query(sql.updateUser, [id, p.name ?? null, p.isAdmin ?? null, p.locale !== undefined, p.locale ?? null]);
  if (!r.rowCount) return null;
  if (p.memberships) await setMemberships(q, id, p.memberships);
  return getUser(q, id);
}

/** Replaces a user's memberships; a workspace that does not exist is a 400 naming the entry (not a foreign-key 500). */
export async function setMemberships(q: Queryable, userId: string, ms: { workspaceId: string; role: Role }[]): Promise<void> {
  const found = new Set((await q.query<{ id: string }>(sql.existingWorkspaces, [ms.map((m) => m.workspaceId)])).rows.map((r) => r.id));
  const missing = ms.flatMap((m, i) =>
    found.has(m.workspaceId) ? [] : [{ path: `body.memberships[${i}].workspaceId`, message: `workspace ${m.workspaceId} does not exist` }],
  );
  if (missing.length) throw EngineError.invalid(missing);
  await q.query(sql.removeMemberships, [userId]);
  for (const m of ms) await q.query(sql.upsertMemberships, [userId, m.workspaceId, m.role]);
}

/** The caller behind an API key, with their roles; null for unknown or revoked keys. */
export async function userByApiKey(q: Queryable, key: string): Promise<User | null> {
  const r = await q.query<UserRow>(sql.userByApiKey, [hashApiKey(key)]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

type KeyRow = {
  id: string;
  user_id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};
const toKey = (r: KeyRow) => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.key_prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Creates a key and returns it in clear exactly once; `key` may be supplied (LINECAST_ADMIN_KEY). */
export async function createApiKey(q: Queryable, userId: string, name: string, key = newApiKey()) {
  const r = await q.query<KeyRow>(sql.createApiKey, [userId, name, hashApiKey(key), keyPrefix(key)]);
  return { ...toKey(r.rows[0]!), key };
}

export async function listApiKeys(q: Queryable, userId?: string) {
  const r = userId ? await q.query<KeyRow>(sql.apiKeysOfUser, [userId]) : await q.query<KeyRow>(sql.allApiKeys);
  return r.rows.map(toKey);
}

export async function revokeApiKey(q: Queryable, id: string, userId?: string): Promise<boolean> {
  const r = await q.query(sql.revokeApiKey, [id, userId ?? null]);
  return r.rowCount > 0;
}

/** The first admin user, if any (first start creates one). */
export async function firstAdminId(q: Queryable): Promise<string | null> {
  return (await q.query<{ id: string }>(sql.firstAdminId)).rows[0]?.id ?? null;
}

export async function userByEmail(q: Queryable, email: string): Promise<{ id: string; email: string } | null> {
  return (await q.query<{ id: string; email: string }>(sql.userByEmail, [email])).rows[0] ?? null;
}

/** The first admin, while no user at all has a password (a first start, or a database from before passwords). */
export async function firstAdminWithoutPasswords(q: Queryable): Promise<{ id: string; email: string } | null> {
  const r = await q.query<{ id: string; email: string }>(sql.firstAdminWithoutPasswords);
  return r.rows[0] ?? null;
}

/** Sets the first password only while nobody has one, so of several servers starting together exactly one does. */
export async function setFirstPassword(q: Queryable, userId: string, hash: string, mustChange: boolean): Promise<boolean> {
  const r = await q.query(sql.setFirstPassword, [userId, hash, mustChange]);
  return r.rowCount > 0;
}

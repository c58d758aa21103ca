import type { Db, Queryable } from '../db/types.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { deleteUserSessions } from './sessions.ts';
import * as sql from './queries.ts';

/** What sign-in needs to know about a user; the hash never leaves this module. */
export interface PasswordState {
  hasPassword: boolean;
  mustChange: boolean;
}

/**
 * Checks an email and password. Unknown emails and users without a password spend the same argon2 time as a wrong
 * password, so the answer's timing does not tell which emails exist.
 */
export async function checkPassword(
  q: Queryable,
  email: string,
  password: string,
): Promise<{ userId: string; mustChange: boolean } | null> {
  const r = await q.query<{ id: string; password_hash: string | null; password_must_change: boolean }>(sql.checkPassword, [
    email.trim().toLowerCase(),
  ]);
  const row = r.rows[0];
  const ok = await verifyPassword(row?.password_hash ?? null, password);
  return ok && row ? { userId: row.id, mustChange: row.password_must_change } : null;
}

export async function checkUserPassword(q: Queryable, userId: string, password: string): Promise<boolean> {
  const r = await q.query<{ password_hash: string | null }>(sql.checkUserPassword, [userId]);
  return verifyPassword(r.rows[0]?.password_hash ?? null, password);
}

export async function passwordState(q: Queryable, userId: string): Promise<PasswordState> {
  const r = await q.query<{ has: boolean; must: boolean }>(sql.passwordState, [userId]);
  return { hasPassword: !!r.rows[0]?.has, mustChange: !!r.rows[0]?.must };
}

/**
 * Sets a user's password. `mustChange` marks a password someone else chose (a generated first-start password, an
 * admin's reset): the next sign-in must replace it. Every session of the user ends, except `keepSessionId` (the
 * session of a user changing their own password). False when the user does not exist. The hash is made before the
 * transaction opens (argon2 takes tens of milliseconds, and the embedded database runs one transaction at a time).
 */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  opts: { mustChange: boolean; keepSessionId?: string },
): Promise<boolean> {
  const h = await hashPassword(password);
  return db.tx((q) => storePasswordHash(q, userId, h, opts));
}

export async function storePasswordHash(
  q: Queryable,
  userId: string,
  hash: string,
  opts: { mustChange: boolean; keepSessionId?: string },
): Promise<boolean> {
  const r = await q.query(sql.storePasswordHash, [userId, hash, opts.mustChange]);
  if (!r.rowCount) return false;
  await deleteUserSessions(q, userId, opts.keepSessionId);
  return true;
}

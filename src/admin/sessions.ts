import crypto from 'node:crypto';
import Tokens from '@fastify/csrf';
import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Sign-in sessions live in the database, so every API process (scale-out) sees the same ones, and signing out or a
 * password reset ends them everywhere at once. The browser holds only a random 256-bit token in an HttpOnly
 * cookie; the table holds its SHA-256, so a copy of the database cannot be replayed as sessions.
 */

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** …and at the latest this long after sign-in, however busy. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often, so reading pages is not a write per request. */
const TOUCH_EVERY_MS = 5 * 60_000;

// CSRF tokens (synchronizer pattern): the secret stays in the session row, the page gets salted tokens made from it.
// (typed by hand: the package's overloaded declaration resolves differently under the UI's bundler resolution)
const csrf = Tokens() as unknown as {
  secretSync(): string;
  create(secret: string): string;
  verify(secret: string, token: string): boolean;
};

export interface SessionRow {
  id: string;
  userId: string;
  csrfSecret: string;
  expiresAt: Date;
  /** The user signed in with a password someone else chose and must pick their own before anything else. */
  mustChangePassword: boolean;
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(q: Queryable, userId: string): Promise<SessionRow & { token: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const r = await q.query<{ id: string; csrf_secret: string; expires_at: Date }>(sql.createSession, [
    hashToken(token),
    userId,
    csrf.secretSync(),
    SESSION_MAX_MS,
  ]);
  const row = r.rows[0]!;
  const u = await q.query<{ must: boolean }>(sql.passwordMustChange, [userId]);
  return { id: row.id, userId, csrfSecret: row.csrf_secret, expiresAt: row.expires_at, mustChangePassword: !!u.rows[0]?.must, token };
}

/** The live session behind a cookie token (null when unknown, signed out, idle too long or past its lifetime). */
export async function findSession(q: Queryable, token: string): Promise<SessionRow | null> {
  const r = await q.query<{ id: string; user_id: string; csrf_secret: string; expires_at: Date; stale: boolean; must: boolean }>(
    sql.findSession,
    [hashToken(token), SESSION_IDLE_MS, TOUCH_EVERY_MS],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.stale) await q.query(sql.touchSession, [row.id]);
  return { id: row.id, userId: row.user_id, csrfSecret: row.csrf_secret, expiresAt: row.expires_at, mustChangePassword: row.must };
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.query(sql.deleteSession, [id]);
}

/** Ends every session of a user (password reset), or every other one (the user changed their own password). */
export async function deleteUserSessions(q: Queryable, userId: string, exceptId?: string): Promise<number> {
  const r = await q.query(sql.deleteUserSessions, [userId, exceptId ?? null]);
  return r.rowCount;
}

/** Removes ended sessions; they are already refused, this only keeps the table small. */
export async function pruneSessions(q: Queryable): Promise<number> {
  const r = await q.query(sql.pruneSessions, [SESSION_IDLE_MS]);
  return r.rowCount;
}

export function csrfToken(s: SessionRow): string {
  return csrf.create(s.csrfSecret);
}

export function csrfTokenValid(s: SessionRow, token: unknown): boolean {
  return typeof token === 'string' && token.length > 0 && token.length < 200 && csrf.verify(s.csrfSecret, token);
}

/** Ends the session behind a cookie token, if any (signing in again in the same browser replaces it). */
export async function deleteSessionByToken(q: Queryable, token: string): Promise<void> {
  await q.query(sql.deleteSessionByToken, [hashToken(token)]);
}

import type { FastifyRequest } from 'fastify';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { Role } from '../schemas/common.ts';
import type { User } from '../schemas/admin.ts';

const rank: Record<Role, number> = { viewer: 1, marketer: 2, admin: 3 };

export function currentUser(req: FastifyRequest): User {
  if (!req.user) throw new AppError(401, 'unauthorized', 'Sign in (POST /api/v1/session) or send an API key: Authorization: Bearer <key>');
  return req.user;
}

export function requireAdmin(req: FastifyRequest): User {
  const u = currentUser(req);
  if (!u.isAdmin) throw forbidden('Only administrators may do this');
  return u;
}

/** The caller's role in a workspace; global administrators act as admin everywhere. */
export function roleIn(user: User, workspaceId: string): Role | null {
  if (user.isAdmin) return 'admin';
  return user.memberships.find((m) => m.workspaceId === workspaceId)?.role ?? null;
}

/**
 * Non-members get 404, not 403, so workspace ids cannot be probed; members below the role get 403.
 */
export function requireWorkspaceRole(req: FastifyRequest, workspaceId: string, min: Role): Role {
  const u = currentUser(req);
  const role = roleIn(u, workspaceId);
  if (!role) throw notFound('Workspace');
  if (rank[role] < rank[min]) throw forbidden(`This needs the ${min} role in this workspace; you are ${role}`);
  return role;
}

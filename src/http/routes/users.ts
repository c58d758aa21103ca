import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { ApiKey, ApiKeyCreated, ApiKeyInput, Me, SELF_PATCHABLE, User, UserInput, UserPatch } from '../../schemas/admin.ts';
import { IdParams, page } from '../../schemas/common.ts';
import { createApiKey, createUser, getUser, listApiKeys, listUsers, revokeApiKey, updateUser } from '../../admin/users.ts';
import { listWorkspaces } from '../../admin/workspaces.ts';
import { currentUser, requireAdmin, roleIn } from '../auth.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';

const routes: RouteModule = (app, { db }) => {
  app.get('/api/v1/me', { schema: { tags: ['users'], response: { 200: Me } } }, async (req) => {
    const user = currentUser(req);
    const ws = await listWorkspaces(db, user.isAdmin ? undefined : user.memberships.map((m) => m.workspaceId));
    return { user, workspaces: ws.map((w) => ({ ...w, role: roleIn(user, w.id)! })) };
  });

  app.get('/api/v1/users', { schema: { tags: ['users'], response: { 200: page(User) } } }, async (req) => {
    requireAdmin(req);
    return { items: await listUsers(db), nextCursor: null };
  });

  app.post('/api/v1/users', { schema: { tags: ['users'], body: UserInput, response: { 201: User } } }, async (req, reply) => {
    requireAdmin(req);
    try {
      return reply.status(201).send(await db.tx((q) => createUser(q, req.body)));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '23505') throw conflict(`A user with email ${req.body.email} already exists`);
      if (code === '23503') throw notFound('Workspace in memberships');
      throw e;
    }
  });

  app.get('/api/v1/users/:id', { schema: { tags: ['users'], params: IdParams, response: { 200: User } } }, async (req) => {
    requireAdmin(req);
    return (await getUser(db, req.params.id)) ?? Promise.reject(notFound('User'));
  });

  // Admins change anyone; every user may change their own locale (the UI remembers the language choice here).
  app.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], params: IdParams, body: UserPatch, response: { 200: User } } },
    async (req) => {
      const u = currentUser(req);
      if (!u.isAdmin) {
        if (req.params.id !== u.id) throw forbidden('Only administrators may change other users');
        const other = Object.entries(req.body).filter(([k, v]) => v !== undefined && !(SELF_PATCHABLE as readonly string[]).includes(k));
        if (other.length) throw forbidden(`Only administrators may change ${other.map(([k]) => k).join(', ')}; you may change your locale`);
      }
      try {
        return (await db.tx((q) => updateUser(q, req.params.id, req.body))) ?? Promise.reject(notFound('User'));
      } catch (e) {
        if ((e as { code?: string }).code === '23503') throw notFound('Workspace in memberships');
        throw e;
      }
    },
  );

  // Keys: admins manage anyone's; everyone else only their own.
  app.get('/api/v1/api-keys', { schema: { tags: ['api-keys'], response: { 200: page(ApiKey) } } }, async (req) => {
    const u = currentUser(req);
    return { items: await listApiKeys(db, u.isAdmin ? undefined : u.id), nextCursor: null };
  });

  app.post(
    '/api/v1/api-keys',
    { schema: { tags: ['api-keys'], body: ApiKeyInput, response: { 201: ApiKeyCreated } } },
    async (req, reply) => {
      const u = currentUser(req);
      const userId = req.body.userId ?? u.id;
      if (userId !== u.id) requireAdmin(req);
      if (!(await getUser(db, userId))) throw notFound('User');
      return reply.status(201).send(await createApiKey(db, userId, req.body.name));
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    { schema: { tags: ['api-keys'], params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      const u = currentUser(req);
      if (!(await revokeApiKey(db, req.params.id, u.isAdmin ? undefined : u.id))) throw notFound('API key');
      return reply.status(204).send(null);
    },
  );
};
export default routes;

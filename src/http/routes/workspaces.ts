import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { Workspace, WorkspaceInput, WorkspacePatch } from '../../schemas/admin.ts';
import { IdParams, page } from '../../schemas/common.ts';
import { createWorkspace, deleteWorkspace, getWorkspace, listWorkspaces, updateWorkspace } from '../../admin/workspaces.ts';
import { currentUser, requireAdmin, requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';

const tags = ['workspaces'];

const routes: RouteModule = (app, { db }) => {
  app.get('/api/v1/workspaces', { schema: { tags, response: { 200: page(Workspace) } } }, async (req) => {
    const u = currentUser(req);
    const items = await listWorkspaces(db, u.isAdmin ? undefined : u.memberships.map((m) => m.workspaceId));
    return { items, nextCursor: null };
  });

  app.post('/api/v1/workspaces', { schema: { tags, body: WorkspaceInput, response: { 201: Workspace } } }, async (req, reply) => {
    requireAdmin(req);
    return reply.status(201).send(await createWorkspace(db, req.body));
  });

  app.get('/api/v1/workspaces/:id', { schema: { tags, params: IdParams, response: { 200: Workspace } } }, async (req) => {
    requireWorkspaceRole(req, req.params.id, 'viewer');
    return (await getWorkspace(db, req.params.id)) ?? Promise.reject(notFound('Workspace'));
  });

  app.patch(
    '/api/v1/workspaces/:id',
    { schema: { tags, params: IdParams, body: WorkspacePatch, response: { 200: Workspace } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.id, 'admin');
      return (await updateWorkspace(db, req.params.id, req.body)) ?? Promise.reject(notFound('Workspace'));
    },
  );

  app.delete('/api/v1/workspaces/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    requireAdmin(req);
    if (!(await deleteWorkspace(db, req.params.id))) throw notFound('Workspace');
    return reply.status(204).send(null);
  });
};
export default routes;

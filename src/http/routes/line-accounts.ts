import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { LineAccount, LineAccountInput, LineAccountPatch, WorkspaceIdsBody } from '../../schemas/admin.ts';
import { IdParams, WsParams, page } from '../../schemas/common.ts';
import {
  createLineAccount,
  deleteLineAccount,
  getLineAccount,
  listLineAccounts,
  lockLineAccount,
  setAccountWorkspaces,
  updateLineAccount,
} from '../../admin/line-accounts.ts';
import { createIssues, patchIssues } from '../../admin/line-account-checks.ts';
import { requireAdmin, requireWorkspaceRole } from '../auth.ts';
import { badRequest, notFound } from '../../errors.ts';

const tags = ['line-accounts'];

const unknownWorkspaces = (missing: string[]) =>
  badRequest(missing.map((id) => ({ path: 'workspaceIds', message: `workspace ${id} does not exist` })));

const routes: RouteModule = (app, { db, box, config }) => {
  app.get('/api/v1/line-accounts', { schema: { tags, response: { 200: page(LineAccount) } } }, async (req) => {
    requireAdmin(req);
    return { items: await listLineAccounts(db), nextCursor: null };
  });

  app.post('/api/v1/line-accounts', { schema: { tags, body: LineAccountInput, response: { 201: LineAccount } } }, async (req, reply) => {
    requireAdmin(req);
    const issues = createIssues(req.body, config.lineAllowedHosts);
    if (issues.length) throw badRequest(issues);
    const created = await db.tx(async (q) => {
      const a = await createLineAccount(q, box, { ...req.body, workspaceIds: [] });
      const missing = await setAccountWorkspaces(q, a.id, req.body.workspaceIds);
      if (missing.length) throw unknownWorkspaces(missing);
      return (await getLineAccount(q, a.id))!;
    });
    return reply.status(201).send(created);
  });

  app.get('/api/v1/line-accounts/:id', { schema: { tags, params: IdParams, response: { 200: LineAccount } } }, async (req) => {
    requireAdmin(req);
    return (await getLineAccount(db, req.params.id)) ?? Promise.reject(notFound('LINE account'));
  });

  app.patch(
    '/api/v1/line-accounts/:id',
    { schema: { tags, params: IdParams, body: LineAccountPatch, response: { 200: LineAccount } } },
    async (req) => {
      requireAdmin(req);
      return db.tx(async (q) => {
        const current = (await lockLineAccount(q, req.params.id)) ? await getLineAccount(q, req.params.id) : null;
        if (!current) throw notFound('LINE account');
        const issues = patchIssues(current, req.body, config.lineAllowedHosts);
        if (issues.length) throw badRequest(issues);
        return (await updateLineAccount(q, box, req.params.id, req.body))!;
      });
    },
  );

  app.delete('/api/v1/line-accounts/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    requireAdmin(req);
    if (!(await deleteLineAccount(db, req.params.id))) throw notFound('LINE account');
    return reply.status(204).send(null);
  });

  app.put(
    '/api/v1/line-accounts/:id/workspaces',
    { schema: { tags, params: IdParams, body: WorkspaceIdsBody, response: { 200: LineAccount } } },
    async (req) => {
      requireAdmin(req);
      return db.tx(async (q) => {
        if (!(await getLineAccount(q, req.params.id))) throw notFound('LINE account');
        const missing = await setAccountWorkspaces(q, req.params.id, req.body.workspaceIds);
        if (missing.length) throw unknownWorkspaces(missing);
        return (await getLineAccount(q, req.params.id))!;
      });
    },
  );

  // The list the campaign editor's dropdown shows: only accounts assigned to this workspace.
  app.get(
    '/api/v1/workspaces/:ws/line-accounts',
    { schema: { tags, params: WsParams, response: { 200: page(LineAccount) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return { items: await listLineAccounts(db, req.params.ws), nextCursor: null };
    },
  );
};
export default routes;

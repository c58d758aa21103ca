import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { TestRecipient, TestRecipientInput } from '../../schemas/campaign.ts';
import { WsIdParams, WsParams, page } from '../../schemas/common.ts';
import { deleteTestRecipient, listTestRecipients, saveTestRecipient } from '../../campaigns/test-recipients.ts';
import { requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';

const tags = ['campaigns'];

const routes: RouteModule = (app, { db }) => {
  app.get(
    '/api/v1/workspaces/:ws/test-recipients',
    { schema: { tags, params: WsParams, response: { 200: page(TestRecipient) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return { items: await listTestRecipients(db, req.params.ws), nextCursor: null };
    },
  );

  app.post(
    '/api/v1/workspaces/:ws/test-recipients',
    { schema: { tags, params: WsParams, body: TestRecipientInput, response: { 201: TestRecipient } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      return reply.status(201).send(await saveTestRecipient(db, req.params.ws, req.body));
    },
  );

  app.delete(
    '/api/v1/workspaces/:ws/test-recipients/:id',
    { schema: { tags, params: WsIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      if (!(await deleteTestRecipient(db, req.params.ws, req.params.id))) throw notFound('Test recipient');
      return reply.status(204).send(null);
    },
  );
};
export default routes;

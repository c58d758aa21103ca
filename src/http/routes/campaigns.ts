import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { Campaign, CampaignCreate, CampaignListQuery, CampaignPatch } from '../../schemas/campaign.ts';
import { WsIdParams, WsParams, page } from '../../schemas/common.ts';
import { createCampaign, getCampaign, listCampaigns } from '../../campaigns/repo.ts';
import { removeCampaign, updateCampaign } from '../../campaigns/edit.ts';
import { currentUser, requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';

const tags = ['campaigns'];

/** Campaign CRUD; the five tabs are fields of one resource (state changes live in campaign-actions.ts). */
const routes: RouteModule = (app, { db }) => {
  const load = async (ws: string, id: string) => (await getCampaign(db, ws, id)) ?? Promise.reject(notFound('Campaign'));

  app.get(
    '/api/v1/workspaces/:ws/campaigns',
    { schema: { tags, params: WsParams, querystring: CampaignListQuery, response: { 200: page(Campaign) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return listCampaigns(db, req.params.ws, req.query);
    },
  );

  app.post(
    '/api/v1/workspaces/:ws/campaigns',
    { schema: { tags, params: WsParams, body: CampaignCreate, response: { 201: Campaign } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      const id = await createCampaign(db, req.params.ws, req.body, currentUser(req).id);
      return reply.status(201).send(await load(req.params.ws, id));
    },
  );

  app.get('/api/v1/workspaces/:ws/campaigns/:id', { schema: { tags, params: WsIdParams, response: { 200: Campaign } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    return load(req.params.ws, req.params.id);
  });

  // Reordering messages is a PATCH of content.messages in the new order.
  app.patch(
    '/api/v1/workspaces/:ws/campaigns/:id',
    { schema: { tags, params: WsIdParams, body: CampaignPatch, response: { 200: Campaign } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await db.tx((q) => updateCampaign(q, req.params.ws, req.params.id, req.body));
      return load(req.params.ws, req.params.id);
    },
  );

  app.delete(
    '/api/v1/workspaces/:ws/campaigns/:id',
    { schema: { tags, params: WsIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await db.tx((q) => removeCampaign(q, req.params.ws, req.params.id));
      return reply.status(204).send(null);
    },
  );
};
export default routes;

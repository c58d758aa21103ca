import type { RouteModule } from '../context.ts';
import { copyName } from '../../domain/locales.ts';
import { Campaign, ValidationResult } from '../../schemas/campaign.ts';
import { WsIdParams } from '../../schemas/common.ts';
import { duplicateCampaign, getCampaign, getCampaignRow } from '../../campaigns/repo.ts';
import { archiveCampaign } from '../../campaigns/edit.ts';
import { launchCampaign, scheduleCampaign, simpleTransition } from '../../campaigns/lifecycle.ts';
import { validateCampaign } from '../../campaigns/validate.ts';
import { currentUser, requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';

const tags = ['campaigns'];
const base = '/api/v1/workspaces/:ws/campaigns/:id';

/** Validation and the life-cycle moves of a campaign; each answers the campaign as it now is. */
const routes: RouteModule = (app, { db, senderFor, config }) => {
  const load = async (ws: string, id: string) => (await getCampaign(db, ws, id)) ?? Promise.reject(notFound('Campaign'));
  const schema = { tags, params: WsIdParams, response: { 200: Campaign } };

  app.post(`${base}/validate`, { schema: { tags, params: WsIdParams, response: { 200: ValidationResult } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    const row = await getCampaignRow(db, req.params.ws, req.params.id);
    if (!row) throw notFound('Campaign');
    const { valid, errors, warnings, quota } = await validateCampaign(db, senderFor, row, 'validate', {
      publicBaseUrl: config.publicBaseUrl,
    });
    return { valid, errors, warnings, quota };
  });

  app.post(`${base}/launch`, { schema }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'marketer');
    await launchCampaign(db, senderFor, req.params.ws, req.params.id, currentUser(req).email);
    return load(req.params.ws, req.params.id);
  });

  app.post(`${base}/schedule`, { schema }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'marketer');
    await scheduleCampaign(db, senderFor, req.params.ws, req.params.id, currentUser(req).email);
    return load(req.params.ws, req.params.id);
  });

  for (const event of ['unschedule', 'cancel', 'resume'] as const) {
    app.post(`${base}/${event}`, { schema }, async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await simpleTransition(db, req.params.ws, req.params.id, event, currentUser(req).email);
      return load(req.params.ws, req.params.id);
    });
  }

  app.post(`${base}/duplicate`, { schema: { tags, params: WsIdParams, response: { 201: Campaign } } }, async (req, reply) => {
    requireWorkspaceRole(req, req.params.ws, 'marketer');
    const row = await getCampaignRow(db, req.params.ws, req.params.id);
    if (!row) throw notFound('Campaign');
    const user = currentUser(req);
    const id = await duplicateCampaign(db, row, user.id, copyName(row.name, user.locale));
    return reply.status(201).send(await load(req.params.ws, id));
  });

  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(`${base}/${action}`, { schema }, async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await db.tx((q) => archiveCampaign(q, req.params.ws, req.params.id, archived));
      return load(req.params.ws, req.params.id);
    });
  }
};
export default routes;

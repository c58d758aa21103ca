import { z } from 'zod';
import type { RouteModule } from '../app.ts';
import { WsIdParams, WsParams } from '../../schemas/common.ts';
import { requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';
import { CampaignReport, Overview } from '../../reporting/schema.ts';
import { campaignReport, findCampaign } from '../../reporting/report.ts';
import { clicksCsv, reportCsv } from '../../reporting/csv.ts';
import { workspaceOverview } from '../../reporting/overview.ts';
import { sendCsv } from '../csv-stream.ts';
import '../../tracking/register-engagement.ts';

const tags = ['reports'];

const routes: RouteModule = (app, { db }) => {
  const load = async (ws: string, id: string) => (await findCampaign(db, ws, id)) ?? Promise.reject(notFound('Campaign'));

  app.get('/api/v1/workspaces/:ws/campaigns/:id/report', { schema: { tags, params: WsIdParams, response: { 200: CampaignReport } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    return campaignReport(db, await load(req.params.ws, req.params.id));
  });

  app.get('/api/v1/workspaces/:ws/campaigns/:id/report.csv', { schema: { tags, params: WsIdParams } }, async (req, reply) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    const report = await campaignReport(db, await load(req.params.ws, req.params.id));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${req.params.id}-report.csv"`)
      .send(reportCsv(report));
  });

  app.get('/api/v1/workspaces/:ws/campaigns/:id/clicks.csv', { schema: { tags, params: WsIdParams } }, async (req, reply) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    await load(req.params.ws, req.params.id);
    return sendCsv(reply, `campaign-${req.params.id}-clicks.csv`, clicksCsv(db, req.params.id));
  });

  app.get(
    '/api/v1/workspaces/:ws/reports/overview',
    { schema: { tags, params: WsParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: Overview } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return { items: await workspaceOverview(db, req.params.ws, req.query.limit) };
    },
  );
};
export default routes;

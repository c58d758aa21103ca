import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { WsIdParams, WsParams } from '../../schemas/common.ts';
import { requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';
import { CampaignReport, Overview } from '../../reporting/schema.ts';
import { campaignReport, findCampaign } from '../../reporting/report.ts';
import { clicksCsv, reportCsv } from '../../reporting/csv.ts';
import { workspaceOverview } from '../../reporting/overview.ts';
import { sendCsv } from '../csv-stream.ts';
import { workspaceTimeZone } from '../../admin/workspaces.ts';
import { BUCKETS } from '../../reporting/series.ts';

const tags = ['reports'];

const routes: RouteModule = (app, { db }) => {
  const load = async (ws: string, id: string) => (await findCampaign(db, ws, id)) ?? Promise.reject(notFound('Campaign'));
  // Reports and exports are in the workspace's time zone.
  const report = async (ws: string, id: string, bucket: (typeof BUCKETS)[number]) =>
    campaignReport(db, await load(ws, id), new Date(), { timeZone: await workspaceTimeZone(db, ws), bucket });
  const ReportQuery = z.object({ bucket: z.enum(BUCKETS).default('auto') });

  app.get(
    '/api/v1/workspaces/:ws/campaigns/:id/report',
    { schema: { tags, params: WsIdParams, querystring: ReportQuery, response: { 200: CampaignReport } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return report(req.params.ws, req.params.id, req.query.bucket);
    },
  );

  app.get(
    '/api/v1/workspaces/:ws/campaigns/:id/report.csv',
    { schema: { tags, params: WsIdParams, querystring: ReportQuery } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      const rep = await report(req.params.ws, req.params.id, req.query.bucket);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="campaign-${req.params.id}-report.csv"`)
        .send(reportCsv(rep));
    },
  );

  app.get('/api/v1/workspaces/:ws/campaigns/:id/clicks.csv', { schema: { tags, params: WsIdParams } }, async (req, reply) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    await load(req.params.ws, req.params.id);
    const timeZone = await workspaceTimeZone(db, req.params.ws);
    return sendCsv(reply, `campaign-${req.params.id}-clicks.csv`, clicksCsv(db, req.params.id, 5000, timeZone));
  });

  app.get(
    '/api/v1/workspaces/:ws/reports/overview',
    {
      schema: {
        tags,
        params: WsParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: Overview },
      },
    },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return { items: await workspaceOverview(db, req.params.ws, req.query.limit) };
    },
  );
};
export default routes;

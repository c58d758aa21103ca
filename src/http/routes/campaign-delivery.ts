import { z } from 'zod';
import { workspaceTimeZone } from '../../admin/workspaces.ts';
import type { RouteModule } from '../context.ts';
import { Text, WsIdParams, page } from '../../schemas/common.ts';
import { currentUser, requireWorkspaceRole } from '../auth.ts';
import { badRequest, notFound } from '../../errors.ts';
import { campaignInWorkspace } from '../../campaigns/repo.ts';
import { testRecipientIds } from '../../campaigns/test-recipients.ts';
import type { Queryable } from '../../db/types.ts';
import { DeliveryLogItem, DeliveryLogQuery, deliveriesCsv, listDeliveries } from '../../delivery/log.ts';
import { campaignProgress } from '../../delivery/progress.ts';
import { Progress } from '../../schemas/progress.ts';
import { retryFailed } from '../../delivery/retry-failed.ts';
import { sendTest } from '../../delivery/test-send.ts';
import { sendCsv } from '../csv-stream.ts';

const tags = ['deliveries'];
const base = '/api/v1/workspaces/:ws/campaigns/:id';

const TestSendBody = z.object({
  lineUserId: Text.max(100).optional(),
  lineUserIds: z.array(Text.max(100)).max(50).optional(),
  /** Also send to the workspace's saved test recipients. */
  useSavedList: z.boolean().optional(),
});
const TestSendResponse = z.object({
  results: z.array(
    z.object({
      lineUserId: z.string(),
      status: z.enum(['accepted', 'failed']),
      reason: z.string().optional(),
      requestId: z.string().optional(),
    }),
  ),
});

async function campaignIn(q: Queryable, ws: string, id: string): Promise<void> {
  if (!(await campaignInWorkspace(q, ws, id))) throw notFound('Campaign');
}

/** The per-recipient delivery log, its CSV, progress (JSON and Server-Sent Events), retry of failures, test sends. */
const routes: RouteModule = (app, ctx) => {
  const { db } = ctx;

  app.get(
    `${base}/deliveries`,
    { schema: { tags, params: WsIdParams, querystring: DeliveryLogQuery, response: { 200: page(DeliveryLogItem) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      await campaignIn(db, req.params.ws, req.params.id);
      return listDeliveries(db, req.params.id, req.query);
    },
  );

  app.get(
    `${base}/deliveries.csv`,
    { schema: { tags, params: WsIdParams, querystring: DeliveryLogQuery.omit({ cursor: true, limit: true }) } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      await campaignIn(db, req.params.ws, req.params.id);
      const timeZone = await workspaceTimeZone(db, req.params.ws);
      return sendCsv(reply, `campaign-${req.params.id}-deliveries.csv`, deliveriesCsv(db, req.params.id, req.query, timeZone));
    },
  );

  app.post(
    `${base}/retry-failed`,
    { schema: { tags, params: WsIdParams, response: { 200: z.object({ requeued: z.number().int() }) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await campaignIn(db, req.params.ws, req.params.id);
      return db.tx((q) => retryFailed(q, ctx, req.params.id, currentUser(req).email));
    },
  );

  app.get(`${base}/progress`, { schema: { tags, params: WsIdParams, response: { 200: Progress } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    await campaignIn(db, req.params.ws, req.params.id);
    return (await campaignProgress(db, req.params.id)) ?? Promise.reject(notFound('Campaign'));
  });

  // One `progress` event a second until the campaign is Finished or Suspended (or the client goes away).
  app.get(`${base}/progress/stream`, { schema: { tags, params: WsIdParams } }, async (req, reply) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    await campaignIn(db, req.params.ws, req.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    req.raw.on('close', () => (open = false));
    while (open) {
      const p = await campaignProgress(db, req.params.id).catch(() => null);
      if (!p) break;
      res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
      if (p.state === 'Finished' || p.state === 'Suspended' || p.state === 'Draft') break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    res.end();
  });

  app.post(
    `${base}/test-send`,
    { schema: { tags, params: WsIdParams, body: TestSendBody, response: { 200: TestSendResponse } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      await campaignIn(db, req.params.ws, req.params.id);
      const ids = [...(req.body.lineUserId ? [req.body.lineUserId] : []), ...(req.body.lineUserIds ?? [])];
      if (req.body.useSavedList) {
        ids.push(...(await testRecipientIds(db, req.params.ws)));
      }
      const unique = [...new Set(ids)];
      if (!unique.length) throw badRequest([{ path: 'lineUserIds', message: 'Name a LINE user ID or use the saved test list' }]);
      return sendTest(ctx, { campaignId: req.params.id, lineUserIds: unique });
    },
  );
};

export default routes;

import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { ListQuery, WsIdParams, WsParams, page } from '../../schemas/common.ts';
import { Reach, ReachRequest, Segment, SegmentInput, SegmentPatch } from '../../schemas/audience.ts';
import { createSegment, deleteSegment, getSegment, listSegments, updateSegment } from '../../audience/segments.ts';
import { isParentSegmentAllowed } from '../../audience/parent-segments.ts';
import { checkSegmentRule } from '../../audience/compile.ts';
import { segmentReach } from '../../audience/reach.ts';
import { checkRuleScope } from '../../audience/rule-scope.ts';
import { requireWorkspaceRole } from '../auth.ts';
import { badRequest, notFound } from '../../errors.ts';

const tags = ['segments'];
const SegmentListQuery = ListQuery.extend({ parentSegmentId: z.uuid().optional() });

const routes: RouteModule = (app, { db, campaignLookup }) => {
  app.get(
    '/api/v1/workspaces/:ws/segments',
    { schema: { tags, params: WsParams, querystring: SegmentListQuery, response: { 200: page(Segment) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return listSegments(db, req.params.ws, req.query);
    },
  );

  app.post(
    '/api/v1/workspaces/:ws/segments',
    { schema: { tags, params: WsParams, body: SegmentInput, response: { 201: Segment } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      return reply.status(201).send(await createSegment(db, campaignLookup, req.params.ws, req.body));
    },
  );

  app.get('/api/v1/workspaces/:ws/segments/:id', { schema: { tags, params: WsIdParams, response: { 200: Segment } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    return (await getSegment(db, req.params.ws, req.params.id)) ?? Promise.reject(notFound('Segment'));
  });

  app.patch(
    '/api/v1/workspaces/:ws/segments/:id',
    { schema: { tags, params: WsIdParams, body: SegmentPatch, response: { 200: Segment } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      return (await updateSegment(db, campaignLookup, req.params.ws, req.params.id, req.body)) ?? Promise.reject(notFound('Segment'));
    },
  );

  app.delete(
    '/api/v1/workspaces/:ws/segments/:id',
    { schema: { tags, params: WsIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      if (!(await deleteSegment(db, req.params.ws, req.params.id))) throw notFound('Segment');
      return reply.status(204).send(null);
    },
  );

  app.get('/api/v1/workspaces/:ws/segments/:id/reach', { schema: { tags, params: WsIdParams, response: { 200: Reach } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    const s = await getSegment(db, req.params.ws, req.params.id);
    if (!s) throw notFound('Segment');
    return segmentReach(db, campaignLookup, { workspaceId: req.params.ws, parentSegmentId: s.parentSegmentId, rule: s.rule });
  });

  // Ad-hoc reach for the rule builder: the rule being edited, before it is saved.
  app.post(
    '/api/v1/workspaces/:ws/reach',
    { schema: { tags, params: WsParams, body: ReachRequest, response: { 200: Reach } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      if (!(await isParentSegmentAllowed(db, req.body.parentSegmentId, req.params.ws)))
        throw badRequest([{ path: 'body.parentSegmentId', message: 'No parent segment with this id is allowed in this workspace' }]);
      checkSegmentRule(req.body.rule, 'body.rule');
      await checkRuleScope(db, campaignLookup, req.params.ws, req.body.rule, 'body.rule');
      return segmentReach(db, campaignLookup, { ...req.body, workspaceId: req.params.ws });
    },
  );
};
export default routes;

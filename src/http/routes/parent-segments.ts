import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { IdParams, ListQuery, WsParams, page } from '../../schemas/common.ts';
import { ParentSegment, ParentSegmentInput, ParentSegmentPatch, Profile, ProfileListQuery } from '../../schemas/audience.ts';
import { WorkspaceIdsBody } from '../../schemas/admin.ts';
import {
  createParentSegment,
  deleteParentSegment,
  getParentSegment,
  listParentSegments,
  parentSegmentExists,
  setParentSegmentWorkspaces,
  updateParentSegment,
} from '../../audience/parent-segments.ts';
import { listProfiles } from '../../audience/profiles.ts';
import { requireAdmin, requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';

const tags = ['parent-segments'];

const routes: RouteModule = (app, { db }) => {
  app.get('/api/v1/parent-segments', { schema: { tags, querystring: ListQuery, response: { 200: page(ParentSegment) } } }, async (req) => {
    requireAdmin(req);
    return listParentSegments(db, req.query);
  });

  app.post(
    '/api/v1/parent-segments',
    { schema: { tags, body: ParentSegmentInput, response: { 201: ParentSegment } } },
    async (req, reply) => {
      requireAdmin(req);
      return reply.status(201).send(await db.tx((q) => createParentSegment(q, req.body)));
    },
  );

  app.get('/api/v1/parent-segments/:id', { schema: { tags, params: IdParams, response: { 200: ParentSegment } } }, async (req) => {
    requireAdmin(req);
    return (await getParentSegment(db, req.params.id)) ?? Promise.reject(notFound('Parent segment'));
  });

  app.patch(
    '/api/v1/parent-segments/:id',
    { schema: { tags, params: IdParams, body: ParentSegmentPatch, response: { 200: ParentSegment } } },
    async (req) => {
      requireAdmin(req);
      return (await db.tx((q) => updateParentSegment(q, req.params.id, req.body))) ?? Promise.reject(notFound('Parent segment'));
    },
  );

  app.delete('/api/v1/parent-segments/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    requireAdmin(req);
    if (!(await deleteParentSegment(db, req.params.id))) throw notFound('Parent segment');
    return reply.status(204).send(null);
  });

  app.put(
    '/api/v1/parent-segments/:id/workspaces',
    { schema: { tags, params: IdParams, body: WorkspaceIdsBody, response: { 200: ParentSegment } } },
    async (req) => {
      requireAdmin(req);
      return db.tx(async (q) => {
        if (!(await getParentSegment(q, req.params.id))) throw notFound('Parent segment');
        await setParentSegmentWorkspaces(q, req.params.id, req.body.workspaceIds);
        return (await getParentSegment(q, req.params.id))!;
      });
    },
  );

  app.get(
    '/api/v1/parent-segments/:id/profiles',
    { schema: { tags, params: IdParams, querystring: ProfileListQuery, response: { 200: page(Profile) } } },
    async (req) => {
      requireAdmin(req);
      if (!(await parentSegmentExists(db, req.params.id))) throw notFound('Parent segment');
      return listProfiles(db, req.params.id, { cursor: req.query.cursor, limit: req.query.limit, search: req.query.q || undefined });
    },
  );

  app.get(
    '/api/v1/workspaces/:ws/parent-segments',
    { schema: { tags, params: WsParams, querystring: ListQuery, response: { 200: page(ParentSegment) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return listParentSegments(db, { ...req.query, workspaceId: req.params.ws });
    },
  );
};
export default routes;

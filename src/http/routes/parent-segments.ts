import { Transform, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { z } from 'zod';
import type { RouteModule } from '../app.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, ListQuery, WsParams, page } from '../../schemas/common.ts';
import { ImportQuery, ImportResult, ParentSegment, ParentSegmentInput, ParentSegmentPatch, Profile, ProfileListQuery } from '../../schemas/audience.ts';
import { WorkspaceIdsBody } from '../../schemas/admin.ts';
import {
  createParentSegment,
  deleteParentSegment,
  getParentSegment,
  listParentSegments,
  setParentSegmentWorkspaces,
  updateParentSegment,
} from '../../audience/parent-segments.ts';
import { listProfiles } from '../../audience/profiles.ts';
import { importProfiles, type ImportProgress } from '../../audience/import/importer.ts';
import { streamProgress } from '../import-progress.ts';
import { parseDelimiter } from '../../audience/import/readers.ts';
import { requireAdmin, requireWorkspaceRole } from '../auth.ts';
import { AppError, notFound } from '../../errors.ts';

const tags = ['parent-segments'];

/** Imports are streamed, so their size is bounded by this count rather than by buffering. */
export const IMPORT_MAX_BYTES = 1024 ** 3;
const csvTypes = ['text/csv'];
const ndjsonTypes = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

function limitBytes(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > max) cb(new AppError(413, 'payload_too_large', `An import may be at most ${max} bytes; split the file`));
      else cb(null, chunk);
    },
  });
}

const routes: RouteModule = async (app, { db }) => {
  app.get('/api/v1/parent-segments', { schema: { tags, querystring: ListQuery, response: { 200: page(ParentSegment) } } }, async (req) => {
    requireAdmin(req);
    return listParentSegments(db, req.query);
  });

  app.post('/api/v1/parent-segments', { schema: { tags, body: ParentSegmentInput, response: { 201: ParentSegment } } }, async (req, reply) => {
    requireAdmin(req);
    return reply.status(201).send(await db.tx((q) => createParentSegment(q, req.body)));
  });

  app.get('/api/v1/parent-segments/:id', { schema: { tags, params: IdParams, response: { 200: ParentSegment } } }, async (req) => {
    requireAdmin(req);
    return (await getParentSegment(db, req.params.id)) ?? Promise.reject(notFound('Parent segment'));
  });

  app.patch('/api/v1/parent-segments/:id', { schema: { tags, params: IdParams, body: ParentSegmentPatch, response: { 200: ParentSegment } } }, async (req) => {
    requireAdmin(req);
    return (await db.tx((q) => updateParentSegment(q, req.params.id, req.body))) ?? Promise.reject(notFound('Parent segment'));
  });

  app.delete('/api/v1/parent-segments/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    requireAdmin(req);
    if (!(await deleteParentSegment(db, req.params.id))) throw notFound('Parent segment');
    return reply.status(204).send(null);
  });

  app.put('/api/v1/parent-segments/:id/workspaces', { schema: { tags, params: IdParams, body: WorkspaceIdsBody, response: { 200: ParentSegment } } }, async (req) => {
    requireAdmin(req);
    return db.tx(async (q) => {
      if (!(await getParentSegment(q, req.params.id))) throw notFound('Parent segment');
      await setParentSegmentWorkspaces(q, req.params.id, req.body.workspaceIds);
      return (await getParentSegment(q, req.params.id))!;
    });
  });

  app.get('/api/v1/parent-segments/:id/profiles', { schema: { tags, params: IdParams, querystring: ProfileListQuery, response: { 200: page(Profile) } } }, async (req) => {
    requireAdmin(req);
    if (!(await db.query('SELECT 1 FROM parent_segments WHERE id = $1', [req.params.id])).rows.length) throw notFound('Parent segment');
    return listProfiles(db, req.params.id, { cursor: req.query.cursor, limit: req.query.limit, search: req.query.q || undefined });
  });

  app.get('/api/v1/workspaces/:ws/parent-segments', { schema: { tags, params: WsParams, querystring: ListQuery, response: { 200: page(ParentSegment) } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    return listParentSegments(db, { ...req.query, workspaceId: req.params.ws });
  });

  // The import route lives in its own scope so only it receives CSV / NDJSON bodies, as the raw stream.
  await app.register(async (scope) => {
    const sub = scope.withTypeProvider<ZodTypeProvider>();
    sub.addContentTypeParser([...csvTypes, ...ndjsonTypes], (_req, payload, done) => done(null, payload));
    sub.post(
      '/api/v1/parent-segments/:id/import',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          description:
            'Streams profiles from a CSV (text/csv, header row) or NDJSON (application/x-ndjson) body; gzip Content-Encoding accepted. ' +
            '?encoding=auto|utf-8|shift_jis (auto tells UTF-8, with or without BOM, from Shift_JIS). With `Accept: application/x-ndjson` ' +
            'the answer is a 200 stream of progress lines {"type":"progress","rows","bytes"} ending in {"type":"result",...} or ' +
            '{"type":"error","status","error":{code,message,details}}.',
          params: IdParams,
          querystring: ImportQuery,
          response: { 200: ImportResult },
        },
      },
      async (req, reply) => {
        requireAdmin(req);
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format = csvTypes.includes(type) ? 'csv' : 'ndjson';
        const delimiter = parseDelimiter(req.query.delimiter);
        if (!(await db.query('SELECT 1 FROM parent_segments WHERE id = $1', [req.params.id])).rows.length) throw notFound('Parent segment');
        const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity' && encoding !== 'gzip')
          throw new AppError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not supported (use gzip or none)`);
        // pipeline passes a failure anywhere (client gone, bad gzip, too large) on to the reader, which aborts the import.
        const stages: NodeJS.ReadWriteStream[] = encoding === 'gzip' ? [zlib.createGunzip(), limitBytes(IMPORT_MAX_BYTES)] : [limitBytes(IMPORT_MAX_BYTES)];
        const source = pipeline([req.body as Readable, ...stages], () => undefined) as unknown as Readable;
        const run = (onProgress?: (p: ImportProgress) => void) =>
          importProfiles(db, source, { ...req.query, parentSegmentId: req.params.id, format, delimiter, onProgress }).catch((e: unknown) => {
            if ((e as { code?: string }).code === 'Z_DATA_ERROR') throw new AppError(400, 'import_failed', 'The gzip body cannot be decompressed; nothing was changed');
            throw e;
          });
        if (!(req.headers.accept ?? '').includes('application/x-ndjson')) return run();
        return streamProgress(req, reply, run);
      },
    );
  });
};
export default routes;

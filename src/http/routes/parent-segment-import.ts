import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { IdParams } from '../../schemas/common.ts';
import { ImportQuery, ImportResult } from '../../schemas/audience.ts';
import { importProfiles, type ImportProgress } from '../../audience/import/importer.ts';
import { parentSegmentExists } from '../../audience/parent-segments.ts';
import { streamProgress } from '../import-progress.ts';
import { parseDelimiter } from '../../audience/import/readers.ts';
import { requireAdmin } from '../auth.ts';
import { AppError, notFound } from '../../errors.ts';
import { limitBytes } from '../../audience/import/limits.ts';
import { abandonUpload, trackUpload } from '../upload.ts';

const csvTypes = ['text/csv'];
const ndjsonTypes = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/**
 * POST /api/v1/parent-segments/{id}/import: profiles streamed from a CSV or NDJSON body (gzip accepted), all or
 * nothing. Every failure of the file is a 400 `import_failed` naming the line (413 past the size limit); after
 * a failure the rest of the body is read away or the connection is closed (see abandonUpload), never left
 * hanging. Limits come from configuration: LINECAST_IMPORT_MAX_BYTES / _ROW_BYTES / _FIELD_BYTES.
 */
const routes: RouteModule = async (app, { db, config }) => {
  // Its own scope: only this route takes CSV / NDJSON, as the raw stream, and nothing else (a JSON body is 415).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...csvTypes, ...ndjsonTypes], (_req, payload, done) => done(null, payload));
    const sub = scope.withTypeProvider<ZodTypeProvider>();
    sub.post(
      '/api/v1/parent-segments/:id/import',
      {
        bodyLimit: config.importMaxBytes,
        schema: {
          tags: ['parent-segments'],
          description:
            'Streams profiles from a CSV (text/csv, header row) or NDJSON (application/x-ndjson) body; gzip Content-Encoding accepted. ' +
            'All or nothing: a file that cannot be read is 400 import_failed with its line; rows with a problem are listed and skipped. ' +
            '?encoding=auto|utf-8|shift_jis (auto tells UTF-8, with or without BOM, from Shift_JIS). With `Accept: application/x-ndjson` ' +
            'the answer is a 200 stream of progress lines {"type":"progress","rows","bytes"} ending in {"type":"result",...} or ' +
            '{"type":"error","status","error":{code,message,details}}.',
          // Documented as its media types so request generators know what this route takes; the stream itself is
          // read by the handler, so the schema lets any body through to it.
          consumes: [...csvTypes, ...ndjsonTypes],
          body: z.unknown().describe('CSV with a header row, or NDJSON (one object a line); UTF-8; gzip with Content-Encoding: gzip'),
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
        if (!(await parentSegmentExists(db, req.params.id))) throw notFound('Parent segment');
        const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity' && encoding !== 'gzip')
          throw new AppError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not supported (use gzip or none)`, [
            { path: 'headers.content-encoding', message: 'use gzip or none' },
          ]);

        // An empty body (Content-Length: 0, or none at all) reaches no parser: there is no stream to read.
        const raw = req.body as IncomingMessage | null | undefined;
        if (!raw || typeof (raw as Partial<IncomingMessage>).pipe !== 'function')
          throw new AppError(400, 'import_failed', 'The body is empty: send the CSV or NDJSON file as the request body', [
            { path: 'body', message: 'a CSV or NDJSON file is required' },
          ]);
        const upload = trackUpload(raw);
        // The request is piped in, not pipelined: a failure further on must not destroy the request (and with it
        // the connection) before the 400 is sent. What the client breaks off is passed on as a failure.
        const stages: NodeJS.ReadWriteStream[] =
          encoding === 'gzip' ? [zlib.createGunzip(), limitBytes(config.importMaxBytes)] : [limitBytes(config.importMaxBytes)];
        const source = (stages.length > 1
          ? pipeline(stages as [NodeJS.ReadWriteStream, NodeJS.ReadWriteStream], () => undefined)
          : stages[0]) as unknown as Readable;
        const first = stages[0] as unknown as NodeJS.WritableStream & { destroy(e?: Error): void };
        raw.once('close', () => {
          if (!raw.complete) first.destroy(new Error('the upload ended early'));
        });
        raw.pipe(first);
        const run = async (onProgress?: (p: ImportProgress) => void) => {
          try {
            return await importProfiles(db, source, {
              ...req.query,
              parentSegmentId: req.params.id,
              format,
              delimiter,
              maxRowBytes: config.importMaxRowBytes,
              maxFieldBytes: config.importMaxFieldBytes,
              onProgress,
            });
          } catch (e) {
            abandonUpload(raw, reply, upload.received());
            throw e;
          }
        };
        if (!(req.headers.accept ?? '').includes('application/x-ndjson')) return run();
        return streamProgress(req, reply, run);
      },
    );
  });
};
export default routes;

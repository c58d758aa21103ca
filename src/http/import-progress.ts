import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, EngineError } from '../errors.ts';
import { statusOf } from './errors.ts';
import type { ImportProgress } from '../audience/import/importer.ts';

const EVERY_MS = 250;

/**
 * Answers an import as a stream of NDJSON lines, so a browser can show how far the server has got while the file
 * is still being written (the upload bar only says how much was sent): `{"type":"progress","rows","bytes"}` at most
 * every 250 ms, then one `{"type":"result",…}` or `{"type":"error","status","error":{code,message,details}}`. The
 * status line is already 200 by then, so a failure travels in the last line, in the API's error shape.
 */
export async function streamProgress<T extends object>(
  req: FastifyRequest,
  reply: FastifyReply,
  run: (onProgress: (p: ImportProgress) => void) => Promise<T>,
): Promise<FastifyReply> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const line = (v: unknown) => {
    if (!res.destroyed) res.write(JSON.stringify(v) + '\n');
  };
  let last = 0;
  line({ type: 'progress', rows: 0, bytes: 0 });
  try {
    const result = await run((p) => {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      line({ type: 'progress', rows: p.rows, bytes: p.bytes });
    });
    line({ type: 'result', ...result });
  } catch (e) {
    if (e instanceof AppError || e instanceof EngineError) {
      line({
        type: 'error',
        status: statusOf(e)!,
        error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}), ...(e.extra ?? {}) },
      });
    } else {
      req.log.error({ err: e }, 'import failed');
      line({
        type: 'error',
        status: 500,
        error: { code: 'internal', message: 'Something went wrong on our side; the request id is ' + req.id },
      });
    }
  }
  res.end();
  return reply;
}

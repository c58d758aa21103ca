import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';

/** What is read on after a failed upload so the connection can serve the next request; beyond it, it closes. */
export const DRAIN_MAX_BYTES = 8 * 1024 * 1024;

/**
 * A streamed request body read by the handler. `received` counts what arrived, so a failure can decide what
 * to do with the rest: an upload that stops being read stays paused, and on a keep-alive connection the next
 * request would wait behind it for ever.
 */
export function trackUpload(raw: IncomingMessage): { received(): number } {
  let n = 0;
  raw.on('data', (c: Buffer) => (n += c.length));
  return { received: () => n };
}

/**
 * After an upload failed before its end: stop feeding the import and read the rest away, so the answer goes out
 * and the connection can carry the next request. When the rest is unknown (chunked) or larger than
 * DRAIN_MAX_BYTES, the answer says `Connection: close` instead and the connection ends after it.
 */
export function abandonUpload(raw: IncomingMessage, reply: FastifyReply, received: number): void {
  if (raw.complete || raw.destroyed) return;
  raw.unpipe();
  const length = Number(raw.headers['content-length']);
  const left = Number.isFinite(length) ? length - received : Infinity;
  if (left > DRAIN_MAX_BYTES) reply.header('connection', 'close');
  let drained = 0;
  raw.on('data', (c: Buffer) => {
    drained += c.length;
    // A client sending far more than it announced (or than we drain) loses the connection, not our memory.
    if (drained > DRAIN_MAX_BYTES && reply.raw.writableFinished) raw.socket?.destroy();
  });
  raw.resume();
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LINE_MESSAGES, lineBodyErrors } from '../domain/line-errors.ts';
import type { EmulatorState } from './state.ts';

/** One request as the handlers see it. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  state: EmulatorState;
  /** Stats/rate-limit name of the endpoint: push, multicast, quota, … */
  endpoint: string;
  path: string;
  query: URLSearchParams;
  /** The channel the bearer token speaks for (the token itself, or one key for all stateless tokens of a channel); empty for unauthenticated endpoints. */
  token: string;
  requestId: string;
  now: number;
  raw: string;
  /** Requests held open by a timeout fault, so close() can end them. */
  hang(afterAccept: boolean): void;
}

export const MAX_BODY = 2 * 1024 * 1024;

export function newRequestId(): string {
  return randomUUID();
}

export function sendJson(ctx: Pick<Ctx, 'res' | 'requestId'>, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  const h: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-line-request-id': ctx.requestId,
  };
  if (headers) Object.assign(h, headers);
  ctx.res.writeHead(status, h);
  ctx.res.end(text);
}

export function sendError(
  ctx: Pick<Ctx, 'res' | 'requestId'>,
  status: number,
  message: string,
  details?: Array<{ path: string; message: string }>,
): void {
  const body: { message: string; details?: Array<{ message: string; property: string }> } = { message };
  if (details?.length) body.details = details.map((d) => ({ message: d.message, property: d.path }));
  sendJson(ctx, status, body);
}

/** LINE's shape for field errors: "The request body has N error(s)" with `details[{message, property}]`. */
export function sendDetails(ctx: Pick<Ctx, 'res' | 'requestId'>, details: Array<{ path: string; message: string }>): void {
  sendError(ctx, 400, lineBodyErrors(details.length), details);
}

export function sendRateLimited(ctx: Pick<Ctx, 'res' | 'requestId'>): void {
  sendError(ctx, 429, LINE_MESSAGES.rateLimit);
}

/** Reads the body up to LINE's 2 MB; null means the limit was passed (already answered 413). */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : '';
}

export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pretty from 'pino-pretty';

/** Authorization headers and LINE signatures never reach the logs. */
export const REDACT = ['req.headers.authorization', 'req.headers["x-line-signature"]'];

/**
 * Request lines ("incoming request", "request completed") at debug rather than info: on a terminal a person reads
 * the log, and one line per HTTP request buries what matters. Failed requests still log at error.
 */
class QuietRequests extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export type LogFormat = 'pretty' | 'json';

/** `auto` (the default) is pretty when standard output is a terminal, JSON otherwise (files, pipes, log shippers). */
export function logFormat(setting: string | undefined, stdoutIsTTY = !!process.stdout.isTTY): LogFormat {
  if (setting === 'pretty' || setting === 'json') return setting;
  return stdoutIsTTY ? 'pretty' : 'json';
}

/**
 * Fastify's logger options: JSON lines with request logs for machines; for a terminal, pino-pretty's readable lines
 * (time, level, message, and the fields that matter) and request logs only at LOG_LEVEL=debug.
 */
export function loggerOptions(opts: { level: string; format: LogFormat; destination?: NodeJS.WritableStream }) {
  if (opts.format === 'json') {
    return { logger: { level: opts.level, redact: REDACT, ...(opts.destination ? { stream: opts.destination } : {}) } };
  }
  const stream = pretty({
    colorize: opts.destination ? false : !!process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId',
    singleLine: true,
    sync: true,
    ...(opts.destination ? { destination: opts.destination } : {}),
  });
  return { logger: { level: opts.level, redact: REDACT, stream }, logController: new QuietRequests() };
}

import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The one logger of a process: the HTTP server's request log and every background service (scheduler, delivery
 * engine) write through it, as JSON lines. Credentials never reach it: request headers that carry them are redacted,
 * and services log ids and messages, never tokens or secrets.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-line-signature"]'] },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The one logger of a process: the HTTP server's request log and every background service (scheduler, delivery
 * engine) write through it, as JSON lines. Credentials never reach it: request and response headers that carry them (API keys, session cookies, CSRF tokens, LINE signatures) are redacted,
 * and services log ids and messages, never tokens or secrets.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-line-signature"]',
        'res.headers["set-cookie"]',
      ], },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

// pino-pretty only for a terminal: a server logging JSON (a service, a container) does not load it (~1 MB of heap)
const require = createRequire(import.meta.url);

export type LogFormat = 'pretty' | 'json';

/** `auto` (the default) is pretty when standard output is a terminal, JSON otherwise (files, pipes, log shippers). */
export function logFormat(setting: string | undefined, stdoutIsTTY = !!process.stdout.isTTY): LogFormat {
  if (setting === 'pretty' || setting === 'json') return setting;
  return stdoutIsTTY ? 'pretty' : 'json';
}

/** Credentials never reach the log: request and response headers that carry them are redacted. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-line-signature"]',
  'res.headers["set-cookie"]',
];

/**
 * The one logger of a process: the HTTP server's request log and every background service (scheduler, delivery
 * engine) write through it. JSON lines for machines; for a terminal (`pretty`), pino-pretty's readable lines (time,
 * level, message and the fields that matter). Services log ids and messages, never tokens or secrets.
 */
export function createLogger(level: string, destination?: DestinationStream | NodeJS.WritableStream, format: LogFormat = 'json'): Logger {
  if (format === 'pretty') {
    const pretty = require('pino-pretty') as typeof PinoPretty;
    const stream = pretty({
      colorize: destination ? false : !!process.stdout.isTTY,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,reqId',
      singleLine: true,
      sync: true,
      ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
    });
    return pino({ level, redact: REDACT }, stream);
  }
  return pino({ level, redact: REDACT }, (destination as DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: false }));
}

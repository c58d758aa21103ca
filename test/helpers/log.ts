import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/runtime/logger.ts';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** The app's logger writing into memory: tests read what an operator would read in the log. */
export function captureLog(level = 'debug'): { log: Logger; lines: LogLine[]; find(msg: RegExp): LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { log: createLogger(level, stream), lines, find: (msg) => lines.filter((l) => msg.test(l.msg)) };
}

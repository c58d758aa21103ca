/** Reading an upload to a scratch file: SHA-256 and the first bytes on the way, stopped at a byte limit. */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class TooLargeError extends Error {
  constructor(readonly max: number) {
    super(`larger than ${max} bytes`);
  }
}

export interface Received {
  path: string;
  sha256: string;
  bytes: number;
  head: Buffer;
}

export async function receive(source: Readable, to: string, maxBytes: number): Promise<Received> {
  const hash = createHash('sha256');
  let bytes = 0;
  const headParts: Buffer[] = [];
  let headLen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new TooLargeError(maxBytes));
      hash.update(chunk);
      if (headLen < 64) {
        headParts.push(chunk.subarray(0, 64 - headLen));
        headLen += Math.min(chunk.length, 64 - headLen);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(to));
  } catch (err) {
    await fsp.rm(to, { force: true });
    throw err;
  }
  return { path: to, sha256: hash.digest('hex'), bytes, head: Buffer.concat(headParts) };
}

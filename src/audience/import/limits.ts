import { Transform } from 'node:stream';
import { EngineError } from '../../errors.ts';

/** Fails (413) once more than `max` bytes have passed: a streamed import is bounded by counting, not buffering. */
export function limitBytes(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > max)
        cb(
          new EngineError(
            'too_large',
            'payload_too_large',
            `An import may be at most ${max} bytes after decompression (LINECAST_IMPORT_MAX_BYTES); split the file`,
            [{ path: 'body', message: `more than ${max} bytes` }],
          ),
        );
      else cb(null, chunk);
    },
  });
}

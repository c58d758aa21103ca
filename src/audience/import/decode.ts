import { Transform, type TransformCallback } from 'node:stream';
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { fileError } from './readers.ts';

import type { ImportEncoding } from '../../domain/locales.ts';

export type { ImportEncoding };
/** `auto` decides from the first 64 KiB. */
export type DetectedEncoding = Exclude<ImportEncoding, 'auto'>;

const SNIFF_BYTES = 64 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

const hasBom = (b: Buffer) => b.length >= 3 && b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2];

/** Bytes at the end of `b` that start a UTF-8 sequence the next chunk completes (0 to 3). */
function incompleteUtf8Tail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** True when the first non-ASCII byte of `b` does not start a valid UTF-8 character (so the text was never UTF-8). */
function firstNonAsciiIsBroken(b: Buffer): boolean {
  const i = b.findIndex((c) => c >= 0x80);
  return i >= 0 && new TextDecoder('utf-8').decode(b.subarray(i, i + 4)).startsWith('\uFFFD');
}

const countNewlines = (b: Buffer) => {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
};

export interface DecodeStats {
  /** Bytes read from the source so far (before decoding). */
  bytes: number;
  /** The encoding in use, once known. */
  encoding: DetectedEncoding | null;
}

/**
 * Bytes in any supported encoding → UTF-8 bytes, streamed (memory stays flat). UTF-8 passes through unchanged
 * after a validity check; Shift_JIS is decoded with the WHATWG decoder (Windows-31J: NEC and IBM extensions such
 * as ① and 髙, half-width katakana). Text that is not valid in the chosen encoding stops the import with a file
 * error naming the line, instead of storing mojibake.
 */
export function decodeToUtf8(encoding: ImportEncoding, stats: DecodeStats = { bytes: 0, encoding: null }): Transform {
  let mode: DetectedEncoding | null = encoding === 'auto' ? null : encoding;
  let pending: Buffer[] = []; // auto: bytes held back until the encoding is known
  let pendingBytes = 0;
  let carry: Buffer = Buffer.alloc(0); // utf-8: an incomplete sequence at a chunk's end
  let decoder: TextDecoder | null = null;
  let linesBefore = 0; // newlines already passed on, for the line a problem is on
  // auto: while everything passed on is ASCII (the same bytes in both encodings), a later Shift_JIS byte can still
  // switch the decoder without having stored anything wrong.
  let asciiSoFar = true;

  /** The file error for text that does not decode, on the line of its first undecodable spot. */
  const fail = (code: 'import_not_utf8' | 'import_not_shift_jis', at: Buffer) => {
    const lenient = new TextDecoder(code === 'import_not_utf8' ? 'utf-8' : 'shift_jis').decode(at);
    const bad = lenient.indexOf('\uFFFD');
    const before = bad < 0 ? lenient : lenient.slice(0, bad);
    return fileError(linesBefore + (before.match(/\n/g)?.length ?? 0) + 1, code);
  };

  function choose(first: Buffer): DetectedEncoding {
    if (hasBom(first)) return 'utf-8';
    const whole = first.subarray(0, first.length - incompleteUtf8Tail(first));
    return isUtf8(whole) ? 'utf-8' : 'shift_jis';
  }

  function passUtf8(t: Transform, chunk: Buffer): void {
    const b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const keep = incompleteUtf8Tail(b);
    const whole = keep ? b.subarray(0, b.length - keep) : b;
    if (!isUtf8(whole)) {
      if (encoding === 'auto' && asciiSoFar && firstNonAsciiIsBroken(whole)) {
        mode = 'shift_jis';
        stats.encoding = mode;
        carry = Buffer.alloc(0);
        return passShiftJis(t, b, false);
      }
      throw fail('import_not_utf8', whole);
    }
    if (asciiSoFar && !isAscii(whole)) asciiSoFar = false;
    carry = keep ? Buffer.from(b.subarray(b.length - keep)) : Buffer.alloc(0);
    linesBefore += countNewlines(whole);
    if (whole.length) t.push(whole);
  }

  function passShiftJis(t: Transform, chunk: Buffer, last: boolean): void {
    decoder ??= new TextDecoder('shift_jis', { fatal: true });
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: !last });
    } catch {
      throw fail('import_not_shift_jis', chunk);
    }
    linesBefore += countNewlines(chunk);
    if (text) t.push(Buffer.from(text, 'utf8'));
  }

  function pass(t: Transform, chunk: Buffer, last = false): void {
    if (mode === 'utf-8') {
      if (chunk.length) passUtf8(t, chunk);
      if (last && carry.length) throw fail('import_not_utf8', carry);
    } else passShiftJis(t, chunk, last);
  }

  function settle(t: Transform, last: boolean): void {
    const first = Buffer.concat(pending);
    pending = [];
    mode = choose(first.subarray(0, SNIFF_BYTES));
    stats.encoding = mode;
    pass(t, first, last);
  }

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        stats.bytes += chunk.length;
        // auto and nothing but ASCII so far: pass it on at once (the same bytes in both encodings; a later
        // Shift_JIS byte still switches, see passUtf8). Holding it back for the sniff would stall a slow upload
        // whose first rows already decide the answer (a missing key column, say).
        if (mode === null && !pending.length && isAscii(chunk)) mode = 'utf-8';
        if (mode === null) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= SNIFF_BYTES) settle(this, false);
        } else {
          stats.encoding ??= mode;
          pass(this, chunk);
        }
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (mode === null) settle(this, true);
        else pass(this, Buffer.alloc(0), true);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}

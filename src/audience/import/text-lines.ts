import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { fileError } from './readers.ts';

const NL = 0x0a;

/**
 * Bytes in, checked UTF-8 bytes out, whole lines at a time: the stage every import goes through before it is parsed.
 * It refuses, as a file error naming the line, what no reader should have to cope with:
 * - bytes that are not UTF-8, and NUL bytes (a binary file, or UTF-16 text: NUL cannot be stored anyway);
 * - a line longer than `maxLineBytes` (so one gigantic "field" — say a small gzip that expands to 100 MB — is
 *   refused after `maxLineBytes`, not buffered whole).
 * A newline byte never occurs inside a multi-byte UTF-8 character, so splitting at it is safe before decoding.
 * `lines` counts the lines passed on, so errors from other stages (a cut gzip) can say where they happened.
 */
export class Utf8Lines extends Transform {
  lines = 0;
  /** The start of a line not finished yet, in pieces (joined once its newline arrives, not per chunk). */
  private carry: Buffer[] = [];
  private carryLength = 0;

  constructor(private readonly maxLineBytes: number) {
    super();
  }

  private check(buf: Buffer, line: number): void {
    // Fast path: the whole block is fine (one native scan each); on a problem, find its line.
    const nul = buf.indexOf(0);
    const utf8 = isUtf8(buf);
    if (nul === -1 && utf8) return;
    let at = line;
    for (let start = 0; start < buf.length; at++) {
      let end = buf.indexOf(NL, start);
      if (end === -1) end = buf.length;
      const piece = buf.subarray(start, end);
      if (piece.includes(0)) throw fileError(at, 'import_nul_byte');
      if (!isUtf8(piece)) throw fileError(at, 'import_not_utf8');
      start = end + 1;
    }
    throw fileError(line, 'import_not_utf8');
  }

  /** Lines in `buf` (newlines), failing when one of them (counting the carried start) is too long. */
  private scanLines(buf: Buffer): number {
    let n = 0;
    let from = 0;
    for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) {
      if (i - from > this.maxLineBytes) {
        this.lines += n;
        throw this.tooLong();
      }
      n++;
      from = i + 1;
    }
    return n;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (chunk.indexOf(NL) === -1) {
        this.carry.push(chunk);
        this.carryLength += chunk.length;
        if (this.carryLength > this.maxLineBytes) throw this.tooLong();
        return cb();
      }
      const buf = this.carry.length ? Buffer.concat([...this.carry, chunk]) : chunk;
      const last = buf.lastIndexOf(NL);
      const whole = buf.subarray(0, last + 1);
      const n = this.scanLines(whole);
      this.check(whole, this.lines + 1);
      this.lines += n;
      const rest = buf.subarray(last + 1);
      this.carry = rest.length ? [rest] : [];
      this.carryLength = rest.length;
      if (this.carryLength > this.maxLineBytes) throw this.tooLong();
      cb(null, whole);
    } catch (e) {
      cb(e as Error);
    }
  }

  private tooLong() {
    return fileError(this.lines + 1, 'import_row_too_long', { max: this.maxLineBytes });
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.carryLength) {
        const rest = Buffer.concat(this.carry);
        this.check(rest, this.lines + 1);
        this.lines++;
        cb(null, rest);
      } else cb();
    } catch (e) {
      cb(e as Error);
    }
  }
}

import { pipeline, type Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { EngineError } from '../../errors.ts';
import { coded, type CodedIssue, type IssueCode, type IssueParams } from '../../domain/issues.ts';

/**
 * Streaming readers: each yields one source row at a time with the line it starts on, so memory stays flat
 * whatever the file size. A row is either named fields or a problem with that one row (reported, skipped).
 */
export type SourceRow = { line: number; fields: Record<string, unknown> } | { line: number; problem: CodedIssue };

/**
 * A problem with the file as a whole (it cannot be read on from here): the import stops and nothing is kept. The
 * detail carries the issue code, so the UI says it in the user's language.
 */
export function fileError(line: number | null, code: IssueCode, params: IssueParams = {}): EngineError {
  const { message } = coded(code, params);
  const text = line ? `line ${line}: ${message}` : message;
  return new EngineError(
    'invalid',
    'import_failed',
    `The file cannot be imported, nothing was changed. ${text}`,
    [{ path: line ? `body:line ${line}` : 'body', message, code, params: line ? { ...params, line } : params }],
    { line },
  );
}

export function parseDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  if (d.length !== 1)
    throw new EngineError('invalid', 'validation_failed', 'querystring.delimiter: one character, or "tab"', [
      { path: 'querystring.delimiter', message: 'one character, or "tab"' },
    ]);
  return d;
}

/**
 * Reads an object stream in arrays of up to `max` items: one await per array rather than per item, which
 * matters at a million rows. Errors of the stream (or of any stage piped into it) are thrown.
 */
async function* drain<T>(stream: Readable, max: number): AsyncGenerator<T[]> {
  let ended = false;
  let error: unknown = null;
  let wake: (() => void) | null = null;
  const poke = () => wake?.();
  stream.on('readable', poke);
  stream.on('end', () => ((ended = true), poke()));
  stream.on('error', (e) => ((error = e), poke()));
  stream.on('close', () => ((ended = true), poke()));
  for (;;) {
    const out: T[] = [];
    let r: T | null;
    while (out.length < max && (r = stream.read() as T | null) !== null) out.push(r);
    if (out.length) {
      yield out;
      continue;
    }
    if (error) throw error;
    if (ended) {
      if (!stream.readableEnded) throw new Error('the upload ended early');
      return;
    }
    await new Promise<void>((res) => (wake = res));
    wake = null;
  }
}

/**
 * csv-parse's own messages quote the field's value ("value is …"), which is profile data: it must reach neither
 * the answer nor the log. The problem is said in our words, with the column number where csv-parse gives one.
 */
const csvProblems: Record<string, IssueCode> = {
  INVALID_OPENING_QUOTE: 'import_csv_quote_inside',
  CSV_INVALID_CLOSING_QUOTE: 'import_csv_after_closing_quote',
  CSV_QUOTE_NOT_CLOSED: 'import_csv_quote_not_closed',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'import_csv_after_closing_quote',
  CSV_MAX_RECORD_SIZE: 'import_row_too_long',
};
export function csvProblem(err: { code?: string; column?: unknown }, maxRowBytes: number): { code: IssueCode; params: IssueParams } {
  const code = (err.code && csvProblems[err.code]) || 'import_csv_unreadable';
  return {
    code,
    params: code === 'import_row_too_long' ? { max: maxRowBytes } : { field: typeof err.column === 'number' ? err.column + 1 : '?' },
  };
}
const isCsvError = (e: unknown) =>
  e instanceof Error && (e.constructor.name === 'CsvError' || /^(CSV_|INVALID_)/.test((e as { code?: string }).code ?? ''));

/** How many line breaks a record spans beyond its own (newlines inside quoted fields). */
function innerNewlines(record: string[]): number {
  let n = 0;
  for (const f of record) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * CSV (RFC 4180: quoted fields may hold delimiters, quotes and newlines) with a header row naming the columns,
 * in batches. A row with the wrong number of fields is a row problem; broken quoting is a file error, since
 * after it the parser cannot tell where rows start. Line numbers are where each record starts; they are
 * counted in on_record (csv-parse's own per-record info costs more than the parsing itself).
 */
export async function* csvRows(
  src: Readable,
  opts: { delimiter: string; onHeader?: (columns: string[], line: number) => void; batch?: number; maxRecordChars?: number },
): AsyncGenerator<SourceRow[]> {
  // Start lines are counted as csv-parse hands over each record (on_record runs in order, before buffering),
  // so when the parser fails, `next` is where the broken record starts, not where the parser gave up.
  let next = 1;
  const parser = parse({
    delimiter: opts.delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // Bounds what one record may buffer (a quoted field that never closes would otherwise take the whole file).
    max_record_size: opts.maxRecordChars ?? 0,
    // The typings want on_record to return a record; any value is passed through, and we want a tuple.
    on_record: ((record: string[]) => {
      const at = next;
      next += 1 + innerNewlines(record);
      return { record, at };
    }) as unknown as Options['on_record'],
  });
  const out = pipeline(src, parser, () => undefined) as unknown as Readable;
  let header: string[] | null = null;
  try {
    for await (const records of drain<{ record: string[]; at: number }>(out, opts.batch ?? 2000)) {
      const rows: SourceRow[] = [];
      for (const { record, at } of records) {
        if (record.length === 1 && record[0] === '') continue; // a blank line
        if (!header) {
          header = record.map((h) => h.trim());
          const seen = new Set<string>();
          for (const h of header) {
            if (!h) throw fileError(at, 'import_header_empty_column');
            if (seen.has(h)) throw fileError(at, 'import_header_duplicate', { column: h });
            seen.add(h);
          }
          opts.onHeader?.(header, at);
          continue;
        }
        if (record.length !== header.length) {
          rows.push({ line: at, problem: coded('import_field_count', { expected: header.length, found: record.length }) });
          continue;
        }
        const fields: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) fields[header[i]!] = record[i];
        rows.push({ line: at, fields });
      }
      if (rows.length) yield rows;
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    if (isCsvError(e)) {
      const p = csvProblem(e as { code?: string; column?: unknown }, opts.maxRecordChars ?? 0);
      throw fileError(next, p.code, p.params);
    }
    throw e;
  }
  if (!header) throw fileError(null, 'import_empty_file');
}

/**
 * NDJSON: one JSON object a line; a line that is not one is a row problem (lines are independent). Lines are
 * split here rather than by readline, whose iterator neither fails nor ends when its input fails.
 */
export async function* ndjsonRows(src: Readable, batch = 2000): AsyncGenerator<SourceRow[]> {
  let line = 0;
  let rows: SourceRow[] = [];
  let carry = '';
  const one = (raw: string) => {
    line++;
    let t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    if (!t.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      // V8's message quotes a piece of the line (profile data); only the position is kept.
      const at = /position (\d+)/.exec((e as Error).message)?.[1];
      rows.push({ line, problem: at ? coded('import_bad_json_at', { at: Number(at) + 1 }) : coded('import_bad_json') });
      return;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) rows.push({ line, problem: coded('import_not_object') });
    else rows.push({ line, fields: v as Record<string, unknown> });
  };
  // Chunks are whole lines when they come through Utf8Lines; the carry keeps any other source correct too.
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of src as AsyncIterable<Buffer | string>) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const parts = text.split('\n');
    carry = parts.pop()!;
    for (const p of parts) {
      one(p);
      if (rows.length >= batch) {
        yield rows;
        rows = [];
      }
    }
  }
  carry += decoder.decode();
  if (carry) one(carry);
  if (rows.length) yield rows;
}

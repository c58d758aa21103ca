import { pipeline, type Readable } from 'node:stream';
import readline from 'node:readline';
import { parse, type Options } from 'csv-parse';
import { AppError } from '../../errors.ts';
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
export function fileError(line: number | null, code: IssueCode, params: IssueParams = {}): AppError {
  const { message } = coded(code, params);
  const text = line ? `line ${line}: ${message}` : message;
  return new AppError(
    400,
    'import_failed',
    `The file cannot be imported, nothing was changed. ${text}`,
    [{ path: line ? `body:line ${line}` : 'body', message, code, params: line ? { ...params, line } : params }],
    { line },
  );
}

export function parseDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  if (d.length !== 1) throw new AppError(400, 'validation_failed', 'querystring.delimiter: one character, or "tab"', [{ path: 'querystring.delimiter', message: 'one character, or "tab"' }]);
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
  opts: { delimiter: string; onHeader?: (columns: string[], line: number) => void; batch?: number },
): AsyncGenerator<SourceRow[]> {
  // Start lines are counted as csv-parse hands over each record (on_record runs in order, before buffering),
  // so when the parser fails, `next` is where the broken record starts, not where the parser gave up.
  let next = 1;
  const parser = parse({
    delimiter: opts.delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
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
    if (e instanceof AppError) throw e;
    const err = e as { code?: string; message?: string; lines?: number };
    if (err.code?.startsWith('CSV_')) throw fileError(next, 'import_unparsable', { detail: err.message ?? err.code });
    throw e;
  }
  if (!header) throw fileError(null, 'import_empty_file');
}

/** NDJSON: one JSON object a line; a line that is not one is a row problem (lines are independent). */
export async function* ndjsonRows(src: Readable, batch = 2000): AsyncGenerator<SourceRow[]> {
  src.setEncoding('utf8');
  const rl = readline.createInterface({ input: src, crlfDelay: Infinity });
  let line = 0;
  let rows: SourceRow[] = [];
  for await (const text of rl) {
    if (rows.length >= batch) {
      yield rows;
      rows = [];
    }
    line++;
    const t = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (!t.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      rows.push({ line, problem: coded('import_bad_json', { detail: (e as Error).message }) });
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      rows.push({ line, problem: coded('import_not_object') });
      continue;
    }
    rows.push({ line, fields: v as Record<string, unknown> });
  }
  if (rows.length) yield rows;
}

import { pipeline, type Readable } from 'node:stream';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { AppError } from '../../errors.ts';

/**
 * Streaming readers: each yields one source row at a time with the line it starts on, so memory stays flat
 * whatever the file size. A row is either named fields or a problem with that one row (reported, skipped).
 */
export type SourceRow = { line: number; fields: Record<string, unknown> } | { line: number; problem: string };

/** A problem with the file as a whole (it cannot be read on from here): the import stops and nothing is kept. */
export function fileError(line: number | null, message: string): AppError {
  const text = line ? `line ${line}: ${message}` : message;
  return new AppError(400, 'import_failed', `The file cannot be imported, nothing was changed. ${text}`, [{ path: line ? `body:line ${line}` : 'body', message }], {
    line,
  });
}

export function parseDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  if (d.length !== 1) throw new AppError(400, 'validation_failed', 'querystring.delimiter: one character, or "tab"', [{ path: 'querystring.delimiter', message: 'one character, or "tab"' }]);
  return d;
}

/**
 * CSV (RFC 4180: quoted fields may hold delimiters, quotes and newlines) with a header row naming the columns.
 * A row with the wrong number of fields is a row problem; broken quoting is a file error, since after it
 * the parser cannot tell where rows start.
 */
export async function* csvRows(src: Readable, opts: { delimiter: string; onHeader?: (columns: string[], line: number) => void }): AsyncGenerator<SourceRow> {
  const parser = parse({ delimiter: opts.delimiter, bom: true, relax_column_count: true, info: true, skip_empty_lines: false });
  const out = pipeline(src, parser, () => undefined);
  let header: string[] | null = null;
  let prevEnd = 0;
  try {
    for await (const { record, info } of out as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = prevEnd + 1;
      prevEnd = info.lines;
      if (record.length === 1 && record[0] === '') continue; // a blank line
      if (!header) {
        header = record.map((h) => h.trim());
        const seen = new Set<string>();
        for (const h of header) {
          if (!h) throw fileError(line, 'the header row has an empty column name');
          if (seen.has(h)) throw fileError(line, `the header row names column "${h}" twice`);
          seen.add(h);
        }
        opts.onHeader?.(header, line);
        continue;
      }
      if (record.length !== header.length) {
        yield { line, problem: `expected ${header.length} fields as in the header, found ${record.length}` };
        continue;
      }
      const fields: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]!] = record[i];
      yield { line, fields };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as { code?: string; message?: string; lines?: number };
    if (err.code?.startsWith('CSV_')) throw fileError(err.lines ?? null, err.message ?? 'the CSV cannot be parsed');
    throw e;
  }
  if (!header) throw fileError(null, 'the file is empty: a CSV import needs a header row naming the columns');
}

/** NDJSON: one JSON object a line; a line that is not one is a row problem (lines are independent). */
export async function* ndjsonRows(src: Readable): AsyncGenerator<SourceRow> {
  src.setEncoding('utf8');
  const rl = readline.createInterface({ input: src, crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    const t = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (!t.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      yield { line, problem: `not valid JSON (${(e as Error).message})` };
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      yield { line, problem: 'each line must be one JSON object' };
      continue;
    }
    yield { line, fields: v as Record<string, unknown> };
  }
}

import { parse } from 'csv-parse/sync';
import type { ValidateFunction } from 'ajv';
import { jsonOf, type Res } from './http.ts';

/**
 * What every answer must be: complete (no timeout, no cut connection), never 5xx, and every 4xx a JSON body
 * in the documented error shape, except where the operation's document says the status is plain text
 * (`textStatuses`, Operation.textResponses): then it must be text/plain. An answer to HEAD has no body, so there
 * only its Content-Type is checked. Returns the broken promise, or null.
 */
export function checkAnswer(
  res: Res,
  errorShape: ValidateFunction,
  opts: { textStatuses?: readonly string[]; head?: boolean } = {},
): string | null {
  if (res.error) return res.status ? `answer cut after the headers (${res.status}): ${res.error}` : `no answer: ${res.error}`;
  if (res.status >= 500) return `${res.status}`;
  if (res.status < 400) return null;
  const type = res.headers['content-type'] ?? '';
  if (opts.textStatuses?.includes(String(res.status)))
    return /^text\/plain/.test(type) ? null : `${res.status} answered as ${type || 'nothing'}, the document says text/plain`;
  if (opts.head) return /^application\/json/.test(type) ? null : `${res.status} to HEAD answered as ${type || 'nothing'}, not JSON`;
  const j = jsonOf(res);
  if (j === undefined) return `${res.status} without a JSON error body`;
  if (!errorShape(j)) return `${res.status} error body outside the documented shape`;
  return null;
}

/** A 2xx JSON answer must match the schema the document gives for it. */
export function checkDocumented(res: Res, v: ValidateFunction | null, errorsText: (v: ValidateFunction) => string): string | null {
  if (!v || res.status < 200 || res.status >= 300 || res.status === 204) return null;
  const j = jsonOf(res);
  if (j === undefined) return `${res.status} answer is not JSON`;
  return v(j) ? null : `${res.status} answer does not match the documented schema: ${errorsText(v)}`;
}

/**
 * A CSV export must be whole: text/csv, ends with a newline, parses strictly, and every row has its table's
 * header column count (a report holds several tables separated by a blank line). An answer cut after the
 * header, or a row written halfway, fails this.
 */
export function checkCsv(res: Res): string | null {
  if (res.status !== 200) return null;
  if (!/^text\/csv/.test(res.headers['content-type'] ?? '')) return `CSV answered as ${res.headers['content-type']}`;
  const text = res.text.replace(/^\ufeff/, '');
  if (!text.endsWith('\n')) return 'CSV does not end with a newline (cut?)';
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    return `CSV does not parse: ${(e as Error).message.slice(0, 120)}`;
  }
  if (!rows.length) return 'CSV has no header';
  let columns = 0;
  for (const [i, r] of rows.entries()) {
    if (r.length === 1 && r[0] === '')
      columns = 0; // a blank line: the next row is a new table's header
    else if (!columns) columns = r.length;
    else if (r.length !== columns) return `CSV row ${i + 1} has ${r.length} fields, its header ${columns}`;
  }
  return null;
}

import { pipeline, type Readable } from 'node:stream';
import type { Db } from '../../db/types.ts';
import type { FollowStatus, ImportResult } from '../../schemas/audience.ts';
import { IMPORT_LIMIT_DEFAULTS } from '../../config.ts';
import { EngineError } from '../../errors.ts';
import { LINE_USER_ID } from '../../domain/line-ids.ts';
import { jsonProblem, MAX_JSON_DEPTH, unstorable } from '../../schemas/text.ts';
import { csvRows, fileError, ndjsonRows, type SourceRow } from './readers.ts';
import { decodeToUtf8, type DecodeStats, type ImportEncoding } from './decode.ts';
import { coded, type CodedIssue } from '../../domain/issues.ts';
import { Utf8Lines } from './text-lines.ts';
import { inOneTransaction, batchByBatch, type Staged, type WriteBatch } from './write.ts';

export type ImportFormat = 'csv' | 'ndjson';

export interface ImportOptions {
  parentSegmentId: string;
  format: ImportFormat;
  keyColumn?: string;
  lineUserIdColumn?: string;
  followStatusColumn?: string;
  /** CSV only; one character. */
  delimiter?: string;
  /** Rows staged and upserted per round trip. */
  batchSize?: number;
  /** Text encoding of the source; `auto` (default) tells UTF-8 (with or without BOM) from Shift_JIS. */
  encoding?: ImportEncoding;
  /** Called as rows are read: rows so far and source bytes so far (for progress bars and time left). */
  onProgress?: (p: ImportProgress) => void;
  /** A value longer than this (UTF-8 bytes) fails the file (LINECAST_IMPORT_MAX_FIELD_BYTES). */
  maxFieldBytes?: number;
  /** A line / CSV record longer than this fails the file (LINECAST_IMPORT_MAX_ROW_BYTES). */
  maxRowBytes?: number;
}

export interface ImportProgress {
  rows: number;
  bytes: number;
}

const IMPORT_DEFAULTS = IMPORT_LIMIT_DEFAULTS;
/** Staged rows are flushed once they hold this much text, however few they are (rows may be up to 1 MiB). */
const BATCH_MAX_BYTES = 32 * 1024 * 1024;

const MAX_REJECTED_LISTED = 1000;
const MAX_KEY_LENGTH = 512;

const followAliases: Record<string, FollowStatus> = {
  following: 'following',
  unfollowed: 'unfollowed',
  unknown: 'unknown',
  blocked: 'unfollowed',
};

/** A source value as text for the built-in columns: CSV gives strings, NDJSON may give numbers. */
function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * `textChecked`: the values are text straight from checked UTF-8 bytes (CSV), so they hold no NUL and no lone
 * surrogate; NDJSON can spell both as escapes, so its values are checked one by one.
 */
type Columns = { key: string; lineUserId: string; follow: string; builtIn: Set<string>; maxFieldBytes: number; textChecked: boolean };

/**
 * What PostgreSQL could not store, or the limits refuse, in one row's names and values: NUL and lone surrogates
 * (NDJSON can spell them as \u0000 and \ud800) and values nested too deep are the row's problem; a value over
 * the field size limit fails the file (limits are about the file, not one row). Values are never quoted back.
 */
function rowValueProblem(f: Record<string, unknown>, line: number, maxFieldBytes: number, textChecked: boolean): CodedIssue | null {
  for (const k in f) {
    const kw = textChecked ? null : unstorable(k);
    if (kw) return coded('import_column_name_unstorable');
    const v = f[k];
    const name = k.slice(0, 80);
    if (typeof v === 'string') {
      const why = textChecked ? null : unstorable(v);
      if (why) return coded('import_value_unstorable', { column: name });
      // UTF-8 needs at most 3 bytes per UTF-16 unit, so most values are cleared without counting bytes.
      if (v.length * 3 > maxFieldBytes && Buffer.byteLength(v) > maxFieldBytes)
        throw fileError(line, 'import_field_too_long', { column: name, max: maxFieldBytes });
    } else if (v !== null && typeof v === 'object') {
      const p = jsonProblem(v);
      if (p)
        return p.message.startsWith('nests')
          ? coded('import_value_too_deep', { column: name, max: MAX_JSON_DEPTH })
          : coded('import_value_unstorable', { column: [name, ...p.path].join('.') });
      if (JSON.stringify(v).length > maxFieldBytes) throw fileError(line, 'import_field_too_long', { column: name, max: maxFieldBytes });
    }
  }
  return null;
}

/** The start of a value for a message, cut between characters (never inside an emoji or before a combining mark). */
function excerpt(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}

/** One source row as a staged profile, or the reason it is rejected. */
function toStaged(f: Record<string, unknown>, cols: Columns, line: number): Staged | CodedIssue {
  const bad = rowValueProblem(f, line, cols.maxFieldBytes, cols.textChecked);
  if (bad) return bad;
  const key = asText(f[cols.key]);
  if (!key) return coded('import_no_key', { column: cols.key });
  if (key.length > MAX_KEY_LENGTH) return coded('import_key_too_long', { max: MAX_KEY_LENGTH });
  const lineUserId = asText(f[cols.lineUserId]);
  if (lineUserId !== null && !LINE_USER_ID.test(lineUserId))
    return coded('import_bad_line_user_id', { column: cols.lineUserId, value: excerpt(lineUserId, 80) });
  const rawFollow = asText(f[cols.follow]);
  const follow = rawFollow === null ? null : (followAliases[rawFollow.toLowerCase()] ?? null);
  if (rawFollow !== null && !follow) return coded('import_bad_follow_status', { column: cols.follow, value: excerpt(rawFollow, 40) });
  const attributes: Record<string, unknown> = {};
  for (const k in f) {
    if (cols.builtIn.has(k)) continue;
    const v = f[k];
    // An empty CSV cell (or an absent NDJSON key) says nothing: the stored value stays. NDJSON null clears.
    if (v === undefined || v === '') continue;
    attributes[k] = v;
  }
  return { key, lineUserId, follow, attributes };
}

/**
 * A failure of the source stream (not of the database) as the file error it is: a gzip body that is corrupt or
 * cut short, an upload that stops before its end. `line` is how far the file had been read.
 */
function streamFailure(e: unknown, line: number): unknown {
  if (e instanceof EngineError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code?.startsWith('Z_') || err.code === 'ERR_ZLIB_INITIALIZATION_FAILED')
    return fileError(line, err.code === 'Z_BUF_ERROR' ? 'import_gzip_cut' : 'import_gzip_corrupt');
  if (
    err.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    err.code === 'ECONNRESET' ||
    err.message === 'aborted' ||
    err.message === 'the upload ended early'
  )
    return fileError(line, 'import_upload_ended');
  return e;
}

/** The reader's batches, with failures of the stream under it turned into file errors. */
async function* guarded<T>(batches: AsyncIterable<T>, lines: () => number): AsyncGenerator<T> {
  try {
    for await (const b of batches) yield b;
  } catch (e) {
    throw streamFailure(e, lines());
  }
}

/** Roughly what a staged row holds in memory, counted cheaply (string lengths; nested values by their top level). */
function approxBytes(s: Staged): number {
  let n = s.key.length + 64;
  for (const k in s.attributes) {
    const v = s.attributes[k];
    n += k.length + (typeof v === 'string' ? v.length : 16);
  }
  return n;
}

/**
 * Streams profiles from `source` into a parent segment: upsert by customer key, other columns merged into
 * attributes. Rows with a problem are listed (line numbers, first 1,000) and skipped; the others are staged
 * with COPY in batches and upserted with one INSERT … ON CONFLICT per batch.
 *
 * All or nothing (write.ts: one transaction on PostgreSQL, staged then merged on the embedded engine): a file-level
 * error (broken CSV quoting, no key column, a stream that breaks off) throws EngineError `import_failed` (kind
 * invalid: a 400) and leaves the parent segment exactly as it was.
 */
export async function importProfiles(db: Db, source: Readable, opts: ImportOptions): Promise<ImportResult> {
  const keyCol = opts.keyColumn ?? 'customer_key';
  const idCol = opts.lineUserIdColumn ?? 'line_user_id';
  const followCol = opts.followStatusColumn ?? 'follow_status';
  const batchSize = opts.batchSize ?? 20_000;
  const maxFieldBytes = opts.maxFieldBytes ?? IMPORT_DEFAULTS.maxFieldBytes;
  const cols: Columns = {
    key: keyCol,
    lineUserId: idCol,
    follow: followCol,
    builtIn: new Set([idCol, followCol, 'customer_key']),
    maxFieldBytes,
    textChecked: opts.format === 'csv',
  };
  const result: ImportResult = { inserted: 0, updated: 0, unchanged: 0, rejected: [], rejectedCount: 0 };
  const reject = (line: number, issue: CodedIssue) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_REJECTED_LISTED)
      result.rejected.push({ line, message: issue.message, code: issue.code, params: issue.params });
  };
  // Bytes are turned into UTF-8 text first, whatever the file's encoding; the stats feed progress and the result.
  const stats: DecodeStats = { bytes: 0, encoding: null };
  let rowsRead = 0;
  // Every byte goes through the UTF-8 / NUL / line-length check before a reader sees it, after the file's
  // encoding (Shift_JIS, UTF-8 with or without BOM) has been turned into UTF-8.
  const lines = new Utf8Lines(opts.maxRowBytes ?? IMPORT_DEFAULTS.maxRowBytes);
  const text = pipeline(source, decodeToUtf8(opts.encoding ?? 'auto', stats), lines, () => undefined) as unknown as Readable;
  const read: AsyncIterable<SourceRow[]> =
    opts.format === 'csv'
      ? csvRows(text, {
          delimiter: opts.delimiter ?? ',',
          maxRecordChars: opts.maxRowBytes ?? IMPORT_DEFAULTS.maxRowBytes,
          onHeader: (cols, line) => {
            if (!cols.includes(keyCol)) throw fileError(line, 'import_no_key_column', { column: keyCol });
          },
        })
      : ndjsonRows(text);
  const batches = guarded(read, () => lines.lines + 1);

  // PostgreSQL: one transaction, which blocks no one else. Embedded: committed batches and a merge at the end, so
  // the one session answers other requests while the file is read (write.ts).
  const run = db.engine === 'pglite' ? batchByBatch : inOneTransaction;
  try {
    await run(db, opts.parentSegmentId, result, readAll);
  } catch (e) {
    // Stop reading: the rest of the source (and any gunzip in front of it) is dropped, not left paused.
    lines.destroy();
    throw e;
  }
  const imported = result;

  async function readAll(writeBatch: WriteBatch): Promise<void> {
    let batch = new Map<string, Staged>();
    let batchBytes = 0;
    let duplicates = 0;
    // One batch is written while the next is parsed: the database works on its own thread (embedded) or server,
    // so parsing and writing overlap instead of taking turns. Writes stay in order, one at a time.
    let writing: Promise<void> | null = null;
    const write = async (b: Map<string, Staged>) => {
      if (writing) await writing;
      writing = writeBatch(b);
      // awaited before the next write or at the end; until then a failure must not count as unhandled
      writing.catch(() => undefined);
    };
    try {
      for await (const rows of batches) {
        rowsRead += rows.length;
        opts.onProgress?.({ rows: rowsRead, bytes: stats.bytes });
        for (const row of rows) {
          const staged = 'problem' in row ? row.problem : toStaged(row.fields, cols, row.line);
          if ('code' in staged) {
            reject(row.line, staged);
            continue;
          }
          const prev = batch.get(staged.key);
          if (prev) {
            // The same key twice in a batch: later values win, as they would across batches.
            duplicates++;
            batch.set(staged.key, {
              key: staged.key,
              lineUserId: staged.lineUserId ?? prev.lineUserId,
              follow: staged.follow ?? prev.follow,
              attributes: { ...prev.attributes, ...staged.attributes },
            });
          } else batch.set(staged.key, staged);
          batchBytes += approxBytes(staged);
          if (batch.size >= batchSize || batchBytes >= BATCH_MAX_BYTES) {
            await write(batch);
            batch = new Map();
            batchBytes = 0;
          }
        }
      }
      if (batch.size) await write(batch);
      if (writing) await writing;
    } catch (e) {
      // the transaction is rolled back (or the stage dropped) only once no statement of a write is left running
      await (writing as Promise<void> | null)?.catch(() => undefined);
      throw e;
    }
    result.updated += duplicates;
    if (stats.encoding) result.encoding = stats.encoding;
  }
  // The embedded engine has no autovacuum: without this, the first launch after an import pays for setting
  // every new row's hint bits and runs on empty planner statistics (measured: snapshot 6.4 s instead of 3.9 s
  // per million). On PostgreSQL it only brings forward what autovacuum would do.
  if (imported.inserted + imported.updated > 0) await db.exec('VACUUM (ANALYZE) profiles');
  return imported;
}

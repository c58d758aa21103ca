import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Transform, pipeline, type Readable } from 'node:stream';
import { loadConfig, type Config } from './config.ts';
import { openDb } from './db/open.ts';
import { importProfiles, type ImportFormat } from './audience/import/importer.ts';
import { discardUnfinishedImports } from './audience/import/write.ts';
import { parseDelimiter } from './audience/import/readers.ts';
import { limitBytes } from './audience/import/limits.ts';
import { createParentSegment, parentSegmentByName } from './audience/parent-segments.ts';
import type { ImportResult } from './schemas/audience.ts';
import { IMPORT_ENCODINGS, type ImportEncoding } from './domain/locales.ts';
import { terminalProgress } from './cli-progress.ts';

export interface ImportCliOptions {
  parentSegmentId?: string;
  parentSegmentName?: string;
  /** A path, or '-' for standard input. `.gz` files are decompressed. */
  file: string;
  /** Default: from the file name (.csv/.tsv → csv, .ndjson/.jsonl/.json → ndjson), else csv. */
  format?: ImportFormat;
  keyColumn?: string;
  lineUserIdColumn?: string;
  followStatusColumn?: string;
  /** CSV only: one character or "tab"; .tsv files default to tab. */
  delimiter?: string;
  /** Create the parent segment (by name) when it does not exist yet. */
  create?: boolean;
  /** Text encoding: auto (default: UTF-8 with or without BOM, or Shift_JIS), utf-8 or shift_jis. */
  encoding?: ImportEncoding;
  /** Where the progress line goes; it is drawn only when this is a terminal. Default: standard error. */
  progress?: NodeJS.WriteStream;
  /** Defaults to loadConfig() (DATABASE_URL or the embedded database under LINECAST_DATA_DIR). */
  config?: Config;
}

export function formatFromName(file: string): { format: ImportFormat; delimiter?: string } {
  const base = file.toLowerCase().replace(/\.gz$/, '');
  if (/\.(ndjson|jsonl|json)$/.test(base)) return { format: 'ndjson' };
  if (base.endsWith('.tsv')) return { format: 'csv', delimiter: '\t' };
  return { format: 'csv' };
}

/**
 * `linecast import`: streams a CSV or NDJSON file into a parent segment through the same importer as the
 * API. With the embedded database the server must be stopped (one process per data directory; the error
 * says so) — or use POST /api/v1/parent-segments/{id}/import against the running server.
 * Resolves with the import result; throws with a readable message when the file or target is wrong.
 */
export async function runImportCli(opts: ImportCliOptions): Promise<ImportResult & { parentSegmentId: string }> {
  if (!opts.parentSegmentId === !opts.parentSegmentName) throw new Error('Give either a parent segment id or a parent segment name');
  const guessed = formatFromName(opts.file);
  const format = opts.format ?? guessed.format;
  const delimiter = parseDelimiter(opts.delimiter ?? guessed.delimiter ?? ',');
  if (opts.file !== '-' && !fs.existsSync(opts.file)) throw new Error(`No such file: ${opts.file}`);
  if (opts.encoding !== undefined && !(IMPORT_ENCODINGS as readonly string[]).includes(opts.encoding))
    throw new Error(`--encoding must be one of ${IMPORT_ENCODINGS.join(', ')} (got "${opts.encoding}")`);
  const config = opts.config ?? loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // the server is stopped (it holds the embedded data otherwise): undo an import it was merging when it died
    await discardUnfinishedImports(db);
    let parentSegmentId = opts.parentSegmentId;
    if (!parentSegmentId) {
      const ids = await parentSegmentByName(db, opts.parentSegmentName!);
      if (ids.length > 1)
        throw new Error(`${ids.length} parent segments are named "${opts.parentSegmentName}"; give the id instead (${ids.join(', ')})`);
      if (ids[0]) parentSegmentId = ids[0];
      else if (opts.create) {
        parentSegmentId = (await createParentSegment(db, { name: opts.parentSegmentName!, workspaceIds: [] })).id;
      } else throw new Error(`No parent segment named "${opts.parentSegmentName}" (add --create to create it)`);
    }
    let source: Readable = opts.file === '-' ? process.stdin : fs.createReadStream(path.resolve(opts.file), { highWaterMark: 1 << 20 });
    // Progress counts the bytes of the input as stored (a .gz file's own size is the total), so time left is honest.
    let read = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        read += chunk.length;
        cb(null, chunk);
      },
    });
    source = pipeline(source, counter, () => undefined);
    const bar = terminalProgress(opts.progress ?? process.stderr, opts.file === '-' ? null : fs.statSync(opts.file).size);
    // The same limits as the API (LINECAST_IMPORT_MAX_*): a file that breaks them fails with its line.
    source = opts.file.toLowerCase().endsWith('.gz')
      ? pipeline(source, zlib.createGunzip(), limitBytes(config.importMaxBytes), () => undefined)
      : pipeline(source, limitBytes(config.importMaxBytes), () => undefined);
    let rows = 0;
    const result = await importProfiles(db, source, {
      parentSegmentId,
      format,
      delimiter,
      encoding: opts.encoding ?? 'auto',
      onProgress: (p) => bar.update((rows = p.rows), read),
      maxRowBytes: config.importMaxRowBytes,
      maxFieldBytes: config.importMaxFieldBytes,
      ...(opts.keyColumn ? { keyColumn: opts.keyColumn } : {}),
      ...(opts.lineUserIdColumn ? { lineUserIdColumn: opts.lineUserIdColumn } : {}),
      ...(opts.followStatusColumn ? { followStatusColumn: opts.followStatusColumn } : {}),
    });
    bar.done(rows, read);
    return { parentSegmentId, ...result };
  } finally {
    await db.close();
  }
}

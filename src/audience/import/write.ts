/**
 * Where an import's checked batches go, and when they become visible. Both ways apply a file all or nothing and
 * give the same profiles and the same counts; they differ in what else the database can do meanwhile.
 *
 * - `inOneTransaction` (PostgreSQL): the whole file is one transaction. Other sessions go on working (only the
 *   touched profile rows are locked), and a crash or a file error rolls everything back.
 * - `stagedThenMerged` (the embedded engine): PGlite is one session that runs one transaction at a time, so a
 *   file-long transaction would hold every other request for the whole import. Batches are instead committed into
 *   a temporary table of that session (parsing, checking and COPY), so other statements run between them; only a
 *   file read to its end is merged into the profiles (`merge`). A file error drops the table with nothing merged;
 *   a crash loses it with the session.
 */
import type { Db, Queryable } from '../../db/types.ts';
import type { FollowStatus, ImportResult } from '../../schemas/audience.ts';
import { EngineError } from '../../errors.ts';
import * as sql from '../queries.ts';

export type Staged = { key: string; lineUserId: string | null; follow: FollowStatus | null; attributes: Record<string, unknown> };

/** Writes one batch; called for one batch at a time, in the file's order. */
export type WriteBatch = (batch: Map<string, Staged>) => Promise<void>;

const PROFILE_COLUMNS = ['parent_segment_id', 'customer_key', 'line_user_id', 'follow_status', 'attributes'];
const STAGE_COLUMNS = ['customer_key', 'line_user_id', 'follow_status', 'attributes'];

/** The parent segment, locked until the transaction ends: imports into one parent segment take turns. */
async function lockParentSegment(q: Queryable, parentSegmentId: string): Promise<void> {
  if (!(await q.query(sql.lockParentSegment, [parentSegmentId])).rows.length) throw EngineError.notFound('Parent segment');
}

async function isEmpty(q: Queryable, parentSegmentId: string): Promise<boolean> {
  return !(await q.query(sql.parentSegmentHasProfiles, [parentSegmentId])).rows.length;
}

function countMerge(result: ImportResult, rows: number, r: { inserted: number; affected: number }): void {
  result.inserted += r.inserted;
  result.updated += r.affected - r.inserted;
  result.unchanged += rows - r.affected;
}

/** The whole file in one transaction; `read` calls the writer for each batch. */
export async function inOneTransaction(db: Db, parentSegmentId: string, result: ImportResult, read: (write: WriteBatch) => Promise<void>) {
  await db.tx(async (q) => {
    await lockParentSegment(q, parentSegmentId);
    // the lock keeps "it was empty when we started" true for the whole import
    const mode = { direct: await isEmpty(q, parentSegmentId) };
    await q.query(sql.createImportStage);
    await read((b) => flush(db, q, parentSegmentId, b, result, mode));
  });
}

/**
 * Writes one batch in the one-transaction import. Into a parent segment that was empty when the import began, the
 * batch is first COPied straight into profiles (inside a savepoint): nothing can conflict except a key repeated
 * from an earlier batch, and skipping the staging copy saves about a fifth of the time. On that unique violation
 * the batch is rolled back to the savepoint and upserted through the staging table, as are all later batches.
 */
async function flush(
  db: Db,
  q: Queryable,
  parentSegmentId: string,
  batch: Map<string, Staged>,
  result: ImportResult,
  mode: { direct: boolean },
) {
  if (mode.direct) {
    await q.query('SAVEPOINT linecast_import_batch');
    try {
      await db.copyRows(
        'profiles',
        PROFILE_COLUMNS,
        (function* () {
          for (const s of batch.values()) yield [parentSegmentId, s.key, s.lineUserId, s.follow ?? 'unknown', JSON.stringify(s.attributes)];
        })(),
        q,
      );
      await q.query('RELEASE SAVEPOINT linecast_import_batch');
      result.inserted += batch.size;
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await q.query('ROLLBACK TO SAVEPOINT linecast_import_batch');
      mode.direct = false;
    }
  }
  await q.query(sql.truncateImportStage);
  await db.copyRows(sql.IMPORT_STAGE, STAGE_COLUMNS, stagedRows(batch), q);
  const r = await q.query<{ inserted: number; affected: number }>(sql.mergeImportStage(), [parentSegmentId]);
  countMerge(result, batch.size, r.rows[0]!);
}

function* stagedRows(batch: Map<string, Staged>, n?: number): Generator<unknown[]> {
  for (const s of batch.values()) {
    const row = [s.key, s.lineUserId, s.follow, JSON.stringify(s.attributes)];
    yield n === undefined ? row : [n, ...row];
  }
}

let stages = 0;
/** The merge each parent segment is waiting on, in this process (the embedded engine has one process). */
const merging = new Map<string, Promise<void>>();

/**
 * Batches committed one by one into a session temporary table, then merged (see the top of the file). Imports
 * into one parent segment stage side by side and take turns to merge.
 */
export async function stagedThenMerged(db: Db, parentSegmentId: string, result: ImportResult, read: (write: WriteBatch) => Promise<void>) {
  if (!(await db.query(sql.parentSegmentExists, [parentSegmentId])).rows.length) throw EngineError.notFound('Parent segment');
  // Unique in the session (one per process on this engine): imports running side by side each have their own.
  const stage = `linecast_import_stage_${++stages}_${process.pid}`;
  await db.query(sql.createSessionStage(stage));
  try {
    await db.query(sql.indexSessionStage(stage));
    const sizes: number[] = [];
    await read(async (b) => {
      await db.copyRows(stage, ['batch', ...STAGE_COLUMNS], stagedRows(b, sizes.length));
      sizes.push(b.size);
    });
    if (sizes.length) await takeTurn(parentSegmentId, () => merge(db, stage, parentSegmentId, sizes, result));
  } finally {
    await db.query(sql.dropSessionStage(stage)).catch(() => undefined);
  }
}

async function takeTurn(key: string, fn: () => Promise<void>): Promise<void> {
  const before = merging.get(key) ?? Promise.resolve();
  let done!: () => void;
  const turn = before.then(() => new Promise<void>((r) => (done = r)));
  merging.set(key, turn);
  try {
    await before;
    await fn();
  } finally {
    done();
    if (merging.get(key) === turn) merging.delete(key);
  }
}

/**
 * Into a parent segment that is not empty, the batches are upserted in one transaction (an update cannot be undone
 * after it commits). Into an empty one, the usual case for a large file, each batch commits on its own, so other
 * requests run between them: a journal row marks the parent segment as being filled until the last batch is in
 * (launches on it are refused meanwhile), and a failure, or a start after a crash, deletes what was written
 * (discardUnfinishedImports). Batches are inserted straight; a key repeated from an earlier batch (the one
 * possible conflict) turns that batch and the rest into upserts, so later values win as they come in the file.
 */
async function merge(db: Db, stage: string, parentSegmentId: string, sizes: number[], result: ImportResult): Promise<void> {
  const upsert = async (q: Queryable, n: number) => {
    const r = await q.query<{ inserted: number; affected: number }>(sql.mergeImportStage(stage, true), [parentSegmentId, n]);
    countMerge(result, sizes[n]!, r.rows[0]!);
  };
  const chunked = await db.tx(async (q) => {
    await lockParentSegment(q, parentSegmentId);
    if (await isEmpty(q, parentSegmentId)) {
      await q.query(sql.beginChunkedMerge, [parentSegmentId]);
      return true;
    }
    for (let n = 0; n < sizes.length; n++) await upsert(q, n);
    return false;
  });
  if (!chunked) return;
  try {
    let direct = true;
    for (let n = 0; n < sizes.length; n++) {
      if (direct) {
        try {
          result.inserted += (await db.query(sql.insertSessionStageBatch(stage), [parentSegmentId, n])).rowCount;
          continue;
        } catch (e) {
          if ((e as { code?: string }).code !== '23505') throw e;
          direct = false;
        }
      }
      await upsert(db, n);
    }
    await db.query(sql.endChunkedMerge, [parentSegmentId]);
  } catch (e) {
    await discard(db, parentSegmentId).catch(() => undefined);
    throw e;
  }
}

/** Undoes a merge in committed chunks: its parent segment was empty when it began, so all its profiles are the merge's. */
async function discard(db: Db, parentSegmentId: string): Promise<void> {
  await db.tx(async (q) => {
    await q.query(sql.discardChunkedMerge, [parentSegmentId]);
    await q.query(sql.endChunkedMerge, [parentSegmentId]);
  });
}

/**
 * Deletes what imports cut short by a crash left (run at start, before anything reads profiles): the staging
 * tables of the dead session, and the profiles written by an unfinished merge. Only the
 * embedded engine merges in chunks, and only one process opens its data, so any journal row found is a dead one.
 */
export async function discardUnfinishedImports(db: Db): Promise<string[]> {
  if (db.engine !== 'pglite') return [];
  for (const t of (await db.query<{ name: string }>(sql.deadSessionStages)).rows) await db.query(sql.dropSessionStage(t.name));
  const rows = (await db.query<{ parent_segment_id: string }>(sql.unfinishedMerges)).rows;
  for (const r of rows) await discard(db, r.parent_segment_id);
  return rows.map((r) => r.parent_segment_id);
}

/** Whether parent segment `id` is being filled by an import right now (a launch on it waits until it is not). */
export async function importBeingApplied(q: Queryable, parentSegmentId: string): Promise<boolean> {
  return (await q.query(sql.importBeingApplied, [parentSegmentId])).rows.length > 0;
}

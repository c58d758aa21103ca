/**
 * Where an import's checked batches go, and when they become visible. Both ways apply a file all or nothing and
 * give the same profiles and the same counts; they differ in what else the database can do meanwhile.
 *
 * - `inOneTransaction` (PostgreSQL): the whole file is one transaction. Other sessions go on working (only the
 *   touched profile rows are locked), and a crash or a file error rolls everything back.
 * - `stagedThenMerged` (the embedded engine): PGlite is one session that runs one transaction at a time, so a
 *   file-long transaction would hold every other request for the whole import. Batches are instead committed into
 *   a temporary table of that session (parsing, checking and COPY: most of the import), so other statements run
 *   between them; the profiles are written in one transaction at the end. A file error drops the table with
 *   nothing merged; a crash loses it with the session.
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

/**
 * Batches committed one by one into a session temporary table, then merged in one transaction (see the top of the
 * file). Imports into one parent segment stage side by side and take turns to merge (the parent segment's lock);
 * whether the parent segment is empty is decided under that lock, at the merge.
 */
export async function stagedThenMerged(db: Db, parentSegmentId: string, result: ImportResult, read: (write: WriteBatch) => Promise<void>) {
  if (!(await db.query(sql.parentSegmentExists, [parentSegmentId])).rows.length) throw EngineError.notFound('Parent segment');
  // Unique in the session (one per process on this engine): imports running side by side each have their own.
  const stage = `linecast_import_stage_${++stages}_${process.pid}`;
  await db.query(sql.createSessionStage(stage));
  try {
    const sizes: number[] = [];
    await read(async (b) => {
      await db.copyRows(stage, ['batch', ...STAGE_COLUMNS], stagedRows(b, sizes.length));
      sizes.push(b.size);
    });
    await db.tx(async (q) => {
      await lockParentSegment(q, parentSegmentId);
      await merge(q, stage, parentSegmentId, sizes, result);
    });
  } finally {
    await db.query(sql.dropSessionStage(stage)).catch(() => undefined);
  }
}

/**
 * Into an empty parent segment, every staged row is inserted by one statement; a key repeated across batches (the
 * one possible conflict) rolls that back, and the batches are upserted one by one in the file's order, so later
 * values win as they would have had each batch been written as it came.
 */
async function merge(q: Queryable, stage: string, parentSegmentId: string, sizes: number[], result: ImportResult): Promise<void> {
  if (!sizes.length) return;
  if (await isEmpty(q, parentSegmentId)) {
    await q.query('SAVEPOINT linecast_import_merge');
    try {
      const r = await q.query(sql.insertSessionStage(stage), [parentSegmentId]);
      await q.query('RELEASE SAVEPOINT linecast_import_merge');
      result.inserted += r.rowCount;
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await q.query('ROLLBACK TO SAVEPOINT linecast_import_merge');
    }
  }
  await q.query(sql.indexSessionStage(stage));
  for (let n = 0; n < sizes.length; n++) {
    const r = await q.query<{ inserted: number; affected: number }>(sql.mergeImportStage(stage, true), [parentSegmentId, n]);
    countMerge(result, sizes[n]!, r.rows[0]!);
  }
}

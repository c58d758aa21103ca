/**
 * Where an import's checked batches go, and when they become visible. Both ways apply a file all or nothing and
 * give the same profiles and the same counts; they differ in what else the database can do meanwhile.
 *
 * - `inOneTransaction` (PostgreSQL): the whole file is one transaction. Other sessions go on working (only the
 *   touched profile rows are locked), and a crash or a file error rolls everything back.
 * - `batchByBatch` (the embedded engine): PGlite is one session that runs one transaction at a time, so a
 *   file-long transaction would hold every other request for the whole import. Each batch is instead written in a
 *   transaction of its own, so other statements run between them (`batchByBatch` says how all or nothing
 *   is kept there).
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
    if (await copyStraightIn(db, parentSegmentId, batch, result, q)) {
      await q.query('RELEASE SAVEPOINT linecast_import_batch');
      return;
    }
    await q.query('ROLLBACK TO SAVEPOINT linecast_import_batch');
    mode.direct = false;
  }
  await q.query(sql.truncateImportStage);
  await db.copyRows(sql.IMPORT_STAGE, STAGE_COLUMNS, stagedRows(batch), q);
  const r = await q.query<{ inserted: number; affected: number }>(sql.mergeImportStage(), [parentSegmentId]);
  countMerge(result, batch.size, r.rows[0]!);
}

/**
 * COPies a batch straight into profiles (a parent segment that was empty when the import began); false when a key
 * repeated from an earlier batch collides (the one possible conflict), and the caller upserts it through a stage.
 */
async function copyStraightIn(db: Db, parentSegmentId: string, batch: Map<string, Staged>, result: ImportResult, q?: Queryable) {
  try {
    await db.copyRows('profiles', PROFILE_COLUMNS, profileRows(batch, parentSegmentId), q);
  } catch (e) {
    if ((e as { code?: string }).code !== '23505') throw e;
    return false;
  }
  result.inserted += batch.size;
  return true;
}

function* profileRows(batch: Map<string, Staged>, parentSegmentId: string): Generator<unknown[]> {
  for (const s of batch.values()) yield [parentSegmentId, s.key, s.lineUserId, s.follow ?? 'unknown', JSON.stringify(s.attributes)];
}

function* stagedRows(batch: Map<string, Staged>, n?: number): Generator<unknown[]> {
  for (const s of batch.values()) {
    const row = [s.key, s.lineUserId, s.follow, JSON.stringify(s.attributes)];
    yield n === undefined ? row : [n, ...row];
  }
}

let stages = 0;
/** The import each parent segment is waiting on, in this process (the embedded engine has one process). */
const turns = new Map<string, Promise<void>>();

/**
 * The embedded import (see the top of the file). Imports into one parent segment take turns. Into a parent
 * segment that is empty when its turn comes (the large first import), each batch is COPied straight into profiles
 * and commits on its own, so other requests run between batches; a row in profile_imports marks the parent
 * segment until the file has been read to its end: a launch on it is refused meanwhile, and a file error, a
 * failure, or the next start after a crash deletes what was written (every profile of that parent segment came
 * from this file), so it is empty again, as it was. A key repeated from an earlier batch (the one possible
 * conflict) sends that batch and the rest through the staging table as upserts, so later values win.
 * Into a parent segment that has profiles, updates could not be undone once committed: the file is staged
 * (committed batches into a session temporary table) and upserted in one transaction once it has been read.
 */
export async function batchByBatch(db: Db, parentSegmentId: string, result: ImportResult, read: (write: WriteBatch) => Promise<void>) {
  if (!(await db.query(sql.parentSegmentExists, [parentSegmentId])).rows.length) throw EngineError.notFound('Parent segment');
  await takeTurn(parentSegmentId, async () => {
    // Unique in the session (one per process on this engine): imports running side by side each have their own.
    const stage = `linecast_import_stage_${++stages}_${process.pid}`;
    await db.query(sql.createSessionStage(stage));
    try {
      await db.query(sql.indexSessionStage(stage));
      const empty = await db.tx(async (q) => {
        await lockParentSegment(q, parentSegmentId);
        if (!(await isEmpty(q, parentSegmentId))) return false;
        await q.query(sql.beginChunkedMerge, [parentSegmentId]);
        return true;
      });
      await (empty ? fillEmpty : stageThenMerge)(db, stage, parentSegmentId, result, read);
    } finally {
      await db.query(sql.dropSessionStage(stage)).catch(() => undefined);
    }
  });
}

async function takeTurn(key: string, fn: () => Promise<void>): Promise<void> {
  const before = turns.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((r) => (done = r));
  const turn = before.then(() => mine);
  turns.set(key, turn);
  try {
    await before;
    await fn();
  } finally {
    done();
    if (turns.get(key) === turn) turns.delete(key);
  }
}

type Fill = (
  db: Db,
  stage: string,
  parentSegmentId: string,
  result: ImportResult,
  read: (write: WriteBatch) => Promise<void>,
) => Promise<void>;

async function upsertBatch(q: Queryable, stage: string, parentSegmentId: string, n: number, size: number, result: ImportResult) {
  const r = await q.query<{ inserted: number; affected: number }>(sql.mergeImportStage(stage, true), [parentSegmentId, n]);
  countMerge(result, size, r.rows[0]!);
}

const fillEmpty: Fill = async (db, stage, parentSegmentId, result, read) => {
  let n = 0;
  let direct = true;
  try {
    await read(async (b) => {
      const k = n++;
      if (direct) {
        if (await copyStraightIn(db, parentSegmentId, b, result)) return;
        direct = false;
      }
      await db.copyRows(stage, ['batch', ...STAGE_COLUMNS], stagedRows(b, k));
      await upsertBatch(db, stage, parentSegmentId, k, b.size, result);
    });
    await db.query(sql.endChunkedMerge, [parentSegmentId]);
  } catch (e) {
    await discard(db, parentSegmentId).catch(() => undefined);
    throw e;
  }
};

const stageThenMerge: Fill = async (db, stage, parentSegmentId, result, read) => {
  const sizes: number[] = [];
  await read(async (b) => {
    await db.copyRows(stage, ['batch', ...STAGE_COLUMNS], stagedRows(b, sizes.length));
    sizes.push(b.size);
  });
  await db.tx(async (q) => {
    await lockParentSegment(q, parentSegmentId);
    for (let n = 0; n < sizes.length; n++) await upsertBatch(q, stage, parentSegmentId, n, sizes[n]!, result);
  });
};

/** Undoes an import into an empty parent segment, in one transaction: every profile of it came from that import. */
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

/**
 * A process that imports standard input into a parent segment and is killed halfway by
 * test/db/audience-import-staged.test.ts. argv: data directory or PostgreSQL URL, an empty parent segment's id. It
 * prints "committed N" once N rows of the file it is reading are committed to that parent segment (the embedded
 * engine writes an empty one batch by batch) or, on PostgreSQL, "read N" once N rows were read (the import is then
 * one open transaction).
 */
import { openDb } from '../../src/db/open.ts';
import { importProfiles } from '../../src/audience/import/importer.ts';

const [target, parentSegmentId] = process.argv.slice(2) as [string, string];
const url = target.startsWith('postgres') ? target : null;
const db = await openDb({ databaseUrl: url, dataDir: url ? '.' : target });
let told = false;
let before = 0;
await importProfiles(db, process.stdin, {
  parentSegmentId,
  format: 'csv',
  batchSize: 100,
  onProgress: (p) => {
    // the rows of earlier reads are written by now but the last batch (each batch waits for the one before): ask
    // once those are over 1,000
    const earlier = before;
    before = p.rows;
    if (told || earlier < 1000) return;
    told = true;
    if (url) return void console.log(`read ${p.rows}`);
    // another caller of the one embedded session, between the import's batches
    void (async () => {
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles WHERE parent_segment_id = $1', [parentSegmentId]);
      console.log(`committed ${n.rows[0]!.n}`);
    })();
  },
});
console.log('finished');

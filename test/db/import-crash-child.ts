/**
 * A process that imports standard input into a parent segment and is killed halfway by
 * test/db/audience-import-staged.test.ts. argv: data directory or PostgreSQL URL, parent segment id. It prints
 * "staged N" once N rows of the file it is reading are committed to its staging table (embedded engine) or, on
 * PostgreSQL, "read N" once N rows were read (the import is then one open transaction).
 */
import { openDb } from '../../src/db/open.ts';
import { importProfiles } from '../../src/audience/import/importer.ts';

const [target, parentSegmentId] = process.argv.slice(2) as [string, string];
const url = target.startsWith('postgres') ? target : null;
const db = await openDb({ databaseUrl: url, dataDir: url ? '.' : target });
let told = false;
await importProfiles(db, process.stdin, {
  parentSegmentId,
  format: 'csv',
  batchSize: 100,
  onProgress: (p) => {
    // rows of earlier reads are written by now (each batch waits for the one before): ask at the first read past 1,000
    if (told || p.rows < 1000) return;
    told = true;
    if (url) return void console.log(`read ${p.rows}`);
    // another caller of the one embedded session, between the import's batches
    void (async () => {
      const t = await db.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relname LIKE 'linecast_import_stage%'`);
      const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.rows[0]!.relname}`);
      console.log(`staged ${n.rows[0]!.n}`);
    })();
  },
});
console.log('finished');

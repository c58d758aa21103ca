/**
 * What other requests see while an import runs, and what is left when it fails or its process dies: on the embedded
 * engine the file is staged in committed batches and merged at the end (src/audience/import/write.ts); on
 * PostgreSQL it is one transaction. Both must answer other requests meanwhile and leave no partial import.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { audienceFixture, uid, type AudienceFixture, type Json } from '../audience/fixture.ts';
import { importProfiles } from '../../src/audience/import/importer.ts';
import { importBeingApplied } from '../../src/audience/import/write.ts';
import { testDb } from '../helpers/db.ts';
import { openDb } from '../../src/db/open.ts';
import { loadConfig } from '../../src/config.ts';
import { runImportCli } from '../../src/cli-import.ts';
import type { Db } from '../../src/db/types.ts';

let f: AudienceFixture;
before(async () => {
  f = await audienceFixture();
});
after(() => f.close());

const root = path.join(import.meta.dirname, '../..');
const count = async (db: Db, id: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles WHERE parent_segment_id = $1', [id])).rows[0]!.n;
const stages = async (db: Db) => (await db.query(`SELECT 1 FROM pg_class WHERE relname LIKE 'linecast_import_stage%'`)).rows.length;
const listed = async (id: string) => {
  const r = await f.req('GET', '/api/v1/parent-segments?limit=100');
  assert.equal(r.status, 200);
  return r.json.items.find((p: Json) => p.id === id);
};

for (const filled of [false, true]) {
  test(`other requests are answered while a file is being imported into ${filled ? 'a filled' : 'an empty'} parent segment`, async () => {
    const db = f.t.ctx.db;
    const id = await f.parent(filled ? 'interleaved, filled' : 'interleaved, empty');
    if (filled) await importProfiles(db, Readable.from(['customer_key\nold\n']), { parentSegmentId: id, format: 'csv' });
    const source = new PassThrough();
    const events: string[] = [];
    let next = 0;
    const rows = (n: number) => Array.from({ length: n }, () => `k${next++},${uid(next)},following,gold\n`).join('');
    const imported = importProfiles(db, source, { parentSegmentId: id, format: 'csv', batchSize: 50 }).then((r) => {
      events.push('import finished');
      return r;
    });
    source.write('customer_key,line_user_id,follow_status,tier\n' + rows(200));
    // A request that reads the database (the parent segment list counts its profiles) while the file keeps coming:
    // the import does not end before the source does, so if the request had to wait for the import it is answered
    // only after the whole file has been sent.
    const answered = listed(id).then(async (p) => {
      events.push('answered');
      return { p, applying: await importBeingApplied(db, id) };
    });
    for (let n = 0; n < 100 && !events.includes('answered'); n++) {
      source.write(rows(50));
      await sleep(5);
    }
    source.end(rows(50));
    const [r, during] = await Promise.all([imported, answered]);
    assert.deepEqual(events, ['answered', 'import finished']);
    if (filled) assert.equal(during.p.profileCount, 1, 'nothing of the file is visible before it has all been read');
    // an empty parent segment fills batch by batch, marked (launches wait) until the file has been read
    else if (db.engine === 'pglite') assert.ok(during.applying);
    assert.equal(r.inserted, next);
    assert.equal((await listed(id)).profileCount, next + (filled ? 1 : 0));
    assert.equal(await importBeingApplied(db, id), false);
    assert.equal(await stages(db), 0, 'the staging table is gone');
  });
}

test('a file error after many committed batches leaves the parent segment as it was, new or already filled', async () => {
  const db = f.t.ctx.db;
  const filled = await f.parent('filled, then broken');
  const first = await importProfiles(db, Readable.from(['customer_key,tier\na,gold\nb,gold\n']), {
    parentSegmentId: filled,
    format: 'csv',
  });
  assert.equal(first.inserted, 2);
  const before = (await db.query('SELECT * FROM profiles WHERE parent_segment_id = $1 ORDER BY id', [filled])).rows;
  const body = (broken: boolean) => {
    const lines = ['customer_key,tier', 'a,silver'];
    for (let i = 0; i < 1000; i++) lines.push(`n${i},bronze`);
    if (broken) lines.push('z,"never closed');
    return lines.join('\n');
  };
  const fresh = await f.parent('new, then broken');
  for (const id of [filled, fresh]) {
    await assert.rejects(
      importProfiles(db, Readable.from([body(true)]), { parentSegmentId: id, format: 'csv', batchSize: 10 }),
      /line 1003/,
    );
    assert.equal(await stages(db), 0);
  }
  assert.deepEqual((await db.query('SELECT * FROM profiles WHERE parent_segment_id = $1 ORDER BY id', [filled])).rows, before);
  assert.equal(await count(db, fresh), 0);
  assert.equal((await db.query('SELECT 1 FROM profile_imports')).rows.length, 0);
});

test('imports into one parent segment at once take turns: every row of both, later values per key from one whole file', async () => {
  const db = f.t.ctx.db;
  const id = await f.parent('two at once');
  const file = (tier: string, from: number) =>
    ['customer_key,tier', ...Array.from({ length: 300 }, (_, i) => `c${from + i},${tier}`)].join('\n');
  const [a, b] = await Promise.all([
    importProfiles(db, Readable.from([file('gold', 0)]), { parentSegmentId: id, format: 'csv', batchSize: 40 }),
    importProfiles(db, Readable.from([file('silver', 150)]), { parentSegmentId: id, format: 'csv', batchSize: 40 }),
  ]);
  assert.equal(a.inserted + b.inserted, 450);
  assert.equal(a.updated + b.updated, 150);
  assert.equal(await count(db, id), 450);
  // the overlap (c150–c299) carries one file's tier throughout: the file merged second
  const tiers = await db.query<{ t: string }>(
    `SELECT DISTINCT attributes->>'tier' AS t FROM profiles WHERE parent_segment_id = $1 AND customer_key IN ('c150', 'c200', 'c299')`,
    [id],
  );
  assert.equal(tiers.rows.length, 1);
});

test(
  'a process killed halfway through an import leaves no profile of that file and no staging table, once started again',
  { timeout: 120_000 },
  async () => {
    const tdb = await testDb();
    const ps = (await tdb.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('Killed') RETURNING id`)).rows[0]!.id;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-import-kill-'));
    let db: Db = tdb.db;
    if (!tdb.url) {
      // The embedded database allows one process per directory: hand the data over to the importing process.
      await tdb.db.close();
      fs.renameSync(tdb.dataDir!, path.join(dir, 'db'));
    }
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/db/import-crash-child.ts', tdb.url ?? dir, ps], {
        cwd: root,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      // the pipe breaks when the process is killed with writes still queued
      child.stdin!.on('error', () => undefined);
      let out = '';
      const said = new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /(committed|read) (\d+)/.exec(out);
          if (m) resolve(m[0]);
        });
        child.on('exit', (code) => reject(new Error(`the importing process ended first (${code}): ${out}`)));
      });
      said.catch(() => undefined);
      child.stdin!.write('customer_key,tier\n');
      let i = 0;
      while (!out) {
        child.stdin!.write(Array.from({ length: 300 }, () => `k${i++},gold\n`).join(''));
        await sleep(50);
      }
      const what = await said;
      if (!tdb.url) assert.ok(Number(what.split(' ')[1]) > 0, `rows were committed to the parent segment before the kill (${what})`);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      // the next process to open the database (here `linecast import`; `linecast start` does the same) finds it clean
      const csv = path.join(dir, 'after.csv');
      fs.writeFileSync(csv, 'customer_key\nafter\n');
      const after = await runImportCli({
        parentSegmentName: 'After',
        create: true,
        file: csv,
        config: { ...loadConfig({}), dataDir: dir, databaseUrl: tdb.url },
      });
      assert.equal(after.inserted, 1);
      if (!tdb.url) db = await openDb({ databaseUrl: null, dataDir: dir });
      assert.equal(await count(db, ps), 0);
      assert.equal(await stages(db), 0);
    } finally {
      if (db !== tdb.db) await db.close();
      await (tdb.url ? tdb.close() : Promise.resolve());
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an import into an empty parent segment cut short by a crash is undone at the next start', async (t) => {
  if (f.t.ctx.db.engine !== 'pglite') return t.skip('only the embedded engine commits an import batch by batch');
  const tdb = await testDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-import-merge-'));
  try {
    // What a process that died mid-import leaves: the journal row and the batches it had committed.
    const db = tdb.db;
    const cut = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('Cut short') RETURNING id`)).rows[0]!.id;
    const kept = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('Kept') RETURNING id`)).rows[0]!.id;
    await db.query(`INSERT INTO profiles (parent_segment_id, customer_key) VALUES ($1, 'old')`, [kept]);
    await db.query('INSERT INTO profile_imports (parent_segment_id) VALUES ($1)', [cut]);
    await db.query(`INSERT INTO profiles (parent_segment_id, customer_key) SELECT $1, 'k' || g FROM generate_series(1, 500) g`, [cut]);
    await db.close();
    fs.renameSync(tdb.dataDir!, path.join(dir, 'db'));
    // the next process to open the data (here `linecast import`; `linecast start` does the same) undoes it first
    const csv = path.join(dir, 'more.csv');
    fs.writeFileSync(csv, 'customer_key\nnew\n');
    const config = { ...loadConfig({}), dataDir: dir, databaseUrl: null };
    assert.equal((await runImportCli({ parentSegmentId: kept, file: csv, config })).inserted, 1);
    const after = await openDb({ databaseUrl: null, dataDir: dir });
    try {
      assert.equal(await count(after, cut), 0);
      assert.equal(await count(after, kept), 2);
      assert.equal((await after.query('SELECT 1 FROM profile_imports')).rows.length, 0);
    } finally {
      await after.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

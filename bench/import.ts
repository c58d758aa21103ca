/**
 * Imports N generated profiles from a CSV file into a fresh database, the way `linecast import` does, and prints
 * one JSON line: {"profiles", "seconds", "rows_per_s", "peak_rss_mb", "others_max_wait_ms", …}.
 *   --profiles N         (or BENCH_PROFILES; default 1,000,000); BENCH_BATCH sets the batch size
 *   --database-url URL   a PostgreSQL server: the bench makes a database of its own there (dropped at the end);
 *                        without it, a fresh embedded (PGlite) data directory
 * While the import runs, another caller asks the database `SELECT 1` every 20 ms, as a request of the server
 * would: `others_max_wait_ms` is the longest it waited, `others_answered` how many it got before the import ended.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from '../src/db/open.ts';
import { importProfiles } from '../src/audience/import/importer.ts';
import { numArg, strArg } from './lib/args.ts';

const N = numArg('profiles', Number(process.env.BENCH_PROFILES ?? 1_000_000));
const databaseUrl = strArg('database-url', '');
if (databaseUrl) {
  process.env.LINECAST_TEST_ENGINE = 'postgres';
  process.env.TEST_DATABASE_URL = databaseUrl;
}
const batchSize = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-bench-import-'));
const file = path.join(tmp, 'profiles.csv');

async function writeCsv(): Promise<number> {
  const out = fs.createWriteStream(file);
  const cities = ['Tokyo', 'Osaka', 'Fukuoka', 'Sapporo', 'Taipei', 'Bangkok', 'Nagoya'];
  const tiers = ['bronze', 'silver', 'gold', 'platinum'];
  out.write('customer_key,line_user_id,follow_status,first_name,city,tier,points,signup_date\n');
  let buf = '';
  for (let i = 1; i <= N; i++) {
    const id = i % 10 === 0 ? '' : 'U' + crypto.createHash('md5').update(String(i)).digest('hex');
    const follow = id ? (i % 23 === 0 ? 'unfollowed' : 'following') : '';
    buf += `cust-${i},${id},${follow},"Name ${i % 977}",${cities[i % 7]},${tiers[i % 4]},${(i * 37) % 5000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return fs.statSync(file).size;
}

/** Asks the database a trivial question every 20 ms until stopped: the longest wait, and how many were answered. */
function probe(db: { query(sql: string): Promise<unknown> }) {
  let stop = false;
  let maxWait = 0;
  let answered = 0;
  const done = (async () => {
    while (!stop) {
      const t = performance.now();
      await db.query('SELECT 1');
      if (stop) break;
      answered++;
      maxWait = Math.max(maxWait, performance.now() - t);
      await sleep(20);
    }
  })();
  return async () => {
    stop = true;
    await done;
    return { maxWait, answered };
  };
}

const bytes = await writeCsv();
// PostgreSQL: a database of its own on that server, as the tests make one; embedded: a new data directory
const tdb = databaseUrl ? await (await import('../test/helpers/db.ts')).testDb() : null;
const db = tdb ? tdb.db : await openDb({ databaseUrl: null, dataDir: path.join(tmp, 'data') });
try {
  const ps = await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('bench') RETURNING id`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const others = probe(db);
  const r = await importProfiles(db, fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
    parentSegmentId: ps.rows[0]!.id,
    format: 'csv',
    ...(batchSize ? { batchSize } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const waits = await others();
  const count = (await db.query<{ n: number }>('SELECT count(*) AS n FROM profiles')).rows[0]!.n;
  if (count !== N || r.inserted !== N)
    throw new Error(`expected ${N} profiles, got ${count} (inserted ${r.inserted}, rejected ${r.rejectedCount})`);
  console.log(
    JSON.stringify({
      profiles: N,
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: Math.round(N / seconds),
      // PGlite runs in a thread of this process, so CPU time covers parsing and the database (not a PostgreSQL server); it is steadier than wall time on a busy machine.
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      file_mb: Number((bytes / 1e6).toFixed(1)),
      batch: batchSize ?? 20_000,
      engine: db.engine,
      others_max_wait_ms: Math.round(waits.maxWait),
      others_answered: waits.answered,
    }),
  );
} finally {
  await (tdb ? tdb.close() : db.close());
  fs.rmSync(tmp, { recursive: true, force: true });
}

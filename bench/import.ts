/**
 * Imports N generated profiles from a CSV file into a fresh embedded (PGlite) database, the way
 * `linecast import` does, and prints one JSON line: {"profiles", "seconds", "rows_per_s", "peak_rss_mb", …}.
 * N defaults to 1,000,000 (BENCH_PROFILES to change); BENCH_BATCH sets the staging batch size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { openDb } from '../src/db/open.ts';
import { importProfiles } from '../src/audience/import/importer.ts';

const N = Number(process.env.BENCH_PROFILES ?? 1_000_000);
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

const bytes = await writeCsv();
const db = await openDb({ databaseUrl: null, dataDir: path.join(tmp, 'data') });
try {
  const ps = await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('bench') RETURNING id`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await importProfiles(db, fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
    parentSegmentId: ps.rows[0]!.id,
    format: 'csv',
    ...(batchSize ? { batchSize } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const count = (await db.query<{ n: number }>('SELECT count(*) AS n FROM profiles')).rows[0]!.n;
  if (count !== N || r.inserted !== N)
    throw new Error(`expected ${N} profiles, got ${count} (inserted ${r.inserted}, rejected ${r.rejectedCount})`);
  console.log(
    JSON.stringify({
      profiles: N,
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: Math.round(N / seconds),
      // PGlite runs on this thread, so CPU time covers parsing and the database; it is steadier than wall time on a busy machine.
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      file_mb: Number((bytes / 1e6).toFixed(1)),
      batch: batchSize ?? 20_000,
      engine: db.engine,
    }),
  );
} finally {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

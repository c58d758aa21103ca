// Multicast: N identical-payload recipients, launch → Finished through the real dispatcher, against the
// emulator in a separate process with ~30 ms latency and LINE's 200 req/s limit. One JSON line.
//   --recipients N        (default 1,000,000)
//   --database-url URL    a PostgreSQL server: the bench makes a database of its own there (dropped at the end)
//   --workers K           the dispatcher in K `linecast worker` processes (needs --database-url; default 0: in this
//                         process); profiles are then seeded with COPY, and the workers' RSS is sampled when 1M, 5M
//                         and 10M recipients (those ≤ N) have been accepted
import { numArg, strArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats, peakRssMb } from './lib/emulator-process.ts';

const n = numArg('recipients', 1_000_000);
const databaseUrl = strArg('database-url', '');
const workerCount = process.argv.includes('--workers') ? Number(process.argv[process.argv.indexOf('--workers') + 1]) : 0;
if (databaseUrl) {
  process.env.LINECAST_TEST_ENGINE = 'postgres';
  process.env.TEST_DATABASE_URL = databaseUrl;
}
if (workerCount > 0 && !databaseUrl) throw new Error('--workers needs --database-url (worker processes share a PostgreSQL database)');

const { testDb } = await import('../test/helpers/db.ts');
const { world, campaign } = await import('../test/delivery/fixture.ts');
const { runCampaign, seedProfiles } = await import('./lib/run-campaign.ts');
const { beginSnapshot } = await import('../src/delivery/snapshot.ts');
const pgw = await import('./lib/pg-workers.ts');

// the emulator keeps a count per user: 10M users need more than V8's default heap
const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { multicast: 200 } }, [
  '--max-old-space-size=6144',
]);
const tdb = await testDb();
let workers: Awaited<ReturnType<typeof pgw.startWorkers>> | null = null;
try {
  const db = tdb.db;
  let r: { campaignId: string; seconds: number; sendSeconds: number; snapshotSeconds: number };
  let rssBefore = peakRssMb();
  let seedSeconds = 0;
  const rssAt: Record<string, number[]> = {};
  if (workerCount > 0) {
    const base = await pgw.pgWorld(db);
    const w = await pgw.account(db, base, { apiBaseUrl: emu.url, token: 'bench-multicast-token', multicastPerSecond: 200 });
    const s0 = performance.now();
    await pgw.copyProfiles(db, w.parentSegmentId, n);
    seedSeconds = (performance.now() - s0) / 1000;
    const c = await campaign(db, w, { sendMode: 'multicast', state: 'Active' });
    // workers run before the launch, as deployed (they poll for work)
    workers = await pgw.startWorkers(workerCount, tdb.url!, base.keyHex, { LINECAST_DISPATCH_POLL_MS: '20' });
    const marks = [1_000_000, 5_000_000, 10_000_000].filter((m) => m <= n);
    rssBefore = Math.max(...workers.rssMb());
    const t0 = performance.now();
    // the launch as \`linecast start\` makes it: the first chunk in the launch transaction, the rest streamed by the
    // worker's dispatcher while it sends (a worker finds the campaign at its next poll)
    await db.tx((q) => beginSnapshot(q, c));
    const t1 = performance.now();
    const wk = workers;
    await pgw.waitFinished(db, [c.campaignId], async () => {
      const done = (await pgw.acceptedSoFar(db, [c.campaignId])).get(c.campaignId) ?? 0;
      for (const m of marks) if (done >= m && !rssAt[m]) rssAt[m] = wk.rssMb();
    });
    const t2 = performance.now();
    for (const m of marks) rssAt[m] ??= wk.rssMb();
    r = { campaignId: c.campaignId, seconds: (t2 - t0) / 1000, sendSeconds: (t2 - t1) / 1000, snapshotSeconds: (t1 - t0) / 1000 };
  } else {
    const w = await world(db, { apiBaseUrl: emu.url, multicastPerSecond: 200 });
    await seedProfiles(db, w, n);
    rssBefore = peakRssMb();
    r = await runCampaign(db, w, { sendMode: 'multicast' });
  }
  const s = await emulatorStats(emu.url);
  const reqs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1', [r.campaignId]);
  const requests = reqs.rows[0]!.n;
  const bytes = db.engine === 'postgres' ? await pgw.deliveryBytes(db, r.campaignId) : null;
  console.log(
    JSON.stringify({
      bench: 'multicast',
      engine: db.engine,
      workers: workerCount,
      recipients: n,
      seconds: +r.seconds.toFixed(2),
      snapshot_seconds: +r.snapshotSeconds.toFixed(2),
      send_seconds: +r.sendSeconds.toFixed(2),
      requests,
      requests_per_s: +(requests / r.sendSeconds).toFixed(1),
      limit_per_s: 200,
      utilization: +(requests / r.sendSeconds / 200).toFixed(3),
      rate_limited_429: s.rateLimited as number,
      lost: n - s.distinctUsers,
      duplicates: s.usersWithMultipleDeliveries,
      ...(workers
        ? {
            seed_seconds: +seedSeconds.toFixed(1),
            worker_rss_mb_at_start: rssBefore,
            worker_rss_mb_at: rssAt,
            worker_peak_rss_mb: workers.peakMb(),
          }
        : { peak_rss_mb: peakRssMb(), rss_after_seed_mb: rssBefore }),
      ...(bytes
        ? {
            snapshot_bytes_per_recipient: Math.round(bytes.snapshot / n),
            requests_bytes_per_recipient: +(bytes.requests / n).toFixed(1),
          }
        : {}),
    }),
  );
} finally {
  await workers?.stop();
  await tdb.close();
  await emu.close();
}

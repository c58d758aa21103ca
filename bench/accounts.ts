// Many accounts at once: A LINE accounts, each with a push campaign of N personalized recipients of its own,
// launched together and sent through K `linecast worker` processes on PostgreSQL, against the emulator in a
// process of its own (~30 ms latency, each channel limited to --limit push requests a second). One JSON line:
// per account its rate while sending (recipients accepted between its first and last acceptance, over that time)
// against its limit, the delay from its launch to its first acceptance (starvation shows there), launch → Finished;
// and the totals the emulator counted (0 lost, 0 duplicated).
//   --database-url URL (required)  --accounts 20  --recipients 50000 (per account)  --limit 100  --workers 2
import { numArg, strArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats } from './lib/emulator-process.ts';

const databaseUrl = strArg('database-url', '');
if (!databaseUrl) throw new Error('bench:accounts needs --database-url (a PostgreSQL server; the bench makes a database of its own there)');
process.env.LINECAST_TEST_ENGINE = 'postgres';
process.env.TEST_DATABASE_URL = databaseUrl;
const accounts = numArg('accounts', 20);
const n = numArg('recipients', 50_000);
const limit = numArg('limit', 100);
const workerCount = numArg('workers', 2);

const { testDb } = await import('../test/helpers/db.ts');
const { campaign } = await import('../test/delivery/fixture.ts');
const { snapshotCampaign } = await import('../src/delivery/snapshot.ts');
const pgw = await import('./lib/pg-workers.ts');

const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { push: limit } }, [
  '--max-old-space-size=4096',
]);
const tdb = await testDb();
let workers: Awaited<ReturnType<typeof pgw.startWorkers>> | null = null;
try {
  const db = tdb.db;
  const base = await pgw.pgWorld(db);
  const messages = [{ type: 'text', text: 'Hi {{ profile.first_name }}, see https://example.com/sale' }];
  const campaigns: { id: string; revisionId: number }[] = [];
  for (let a = 0; a < accounts; a++) {
    // each account its own audience: a user counted twice at the emulator is a duplicate
    const ps = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ($1) RETURNING id`, [`P${a}`])).rows[0]!.id;
    const w = await pgw.account(
      db,
      { ...base, parentSegmentId: ps },
      { apiBaseUrl: emu.url, token: `bench-accounts-${a}`, pushPerSecond: limit },
    );
    await pgw.copyProfiles(db, ps, n, a * n);
    const c = await campaign(db, w, { sendMode: 'push', state: 'Active', messages });
    campaigns.push({ id: c.campaignId, revisionId: c.revisionId });
  }
  workers = await pgw.startWorkers(workerCount, tdb.url!, base.keyHex, { LINECAST_DISPATCH_POLL_MS: '20' });
  const launchedAt = new Map<string, number>();
  const t0 = performance.now();
  for (const c of campaigns) {
    await db.tx((q) => snapshotCampaign(q, { campaignId: c.id, revisionId: c.revisionId }));
    launchedAt.set(c.id, Date.now());
  }
  const ids = campaigns.map((c) => c.id);
  const finishedAt = new Map<string, number>();
  // the most accounts each worker held at once (both workers share the accounts)
  const leasesHeld = new Map<string, number>();
  await pgw.waitFinished(db, ids, async () => {
    const l = await db.query<{ holder: string; n: number }>(
      'SELECT holder, count(*)::int AS n FROM dispatcher_leases WHERE expires_at > now() GROUP BY 1',
    );
    for (const r of l.rows) leasesHeld.set(r.holder, Math.max(leasesHeld.get(r.holder) ?? 0, r.n));
    const s = await db.query<{ id: string }>(`SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) AND state = 'Finished'`, [ids]);
    for (const r of s.rows) if (!finishedAt.has(r.id)) finishedAt.set(r.id, Date.now());
  });
  const seconds = (performance.now() - t0) / 1000;
  const times = await db.query<{ c: string; first: Date; last: Date; accepted: number }>(
    `SELECT campaign_id AS c, min(accepted_at) AS first, max(accepted_at) AS last, sum(recipients)::int AS accepted
     FROM delivery_requests WHERE campaign_id = ANY($1::uuid[]) AND status = 'accepted' AND NOT is_test GROUP BY 1`,
    [ids],
  );
  const per = times.rows.map((r) => {
    const sendS = (r.last.getTime() - r.first.getTime()) / 1000;
    const rate = sendS > 0 ? (r.accepted - 1) / sendS : 0;
    return {
      accepted: r.accepted,
      rate: +rate.toFixed(1),
      utilization: +(rate / limit).toFixed(3),
      first_accept_s: +((r.first.getTime() - launchedAt.get(r.c)!) / 1000).toFixed(2),
      launch_to_finished_s: +((finishedAt.get(r.c)! - launchedAt.get(r.c)!) / 1000).toFixed(1),
    };
  });
  const s = await emulatorStats(emu.url);
  const util = per.map((p) => p.utilization);
  console.log(
    JSON.stringify({
      bench: 'accounts',
      engine: db.engine,
      workers: workerCount,
      accounts,
      recipients_per_account: n,
      limit_per_s: limit,
      seconds: +seconds.toFixed(1),
      min_utilization: Math.min(...util),
      median_utilization: [...util].sort((a, b) => a - b)[Math.floor(util.length / 2)],
      max_first_accept_s: Math.max(...per.map((p) => p.first_accept_s)),
      max_leases_by_worker: [...leasesHeld.values()],
      rate_limited_429: s.rateLimited as number,
      lost: accounts * n - s.distinctUsers,
      duplicates: s.usersWithMultipleDeliveries,
      delivered: s.recipientDeliveries,
      worker_peak_rss_mb: workers.peakMb(),
      per_account: per,
    }),
  );
} finally {
  await workers?.stop();
  await tdb.close();
  await emu.close();
}

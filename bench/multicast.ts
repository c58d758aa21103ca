// Multicast: N identical-payload recipients, launch (snapshot) → Finished through the real dispatcher, against the
// emulator in a separate process with ~30 ms latency and LINE's 200 req/s limit. One JSON line.
import { testDb } from '../test/helpers/db.ts';
import { world } from '../test/delivery/fixture.ts';
import { numArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats, peakRssMb } from './lib/emulator-process.ts';
import { runCampaign, seedProfiles } from './lib/run-campaign.ts';

const n = numArg('recipients', 1_000_000);
const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { multicast: 200 } });
const tdb = await testDb();
try {
  const w = await world(tdb.db, { apiBaseUrl: emu.url, multicastPerSecond: 200 });
  await seedProfiles(tdb.db, w, n);
  const rssBefore = peakRssMb();
  const r = await runCampaign(tdb.db, w, { sendMode: 'multicast' });
  const s = await emulatorStats(emu.url);
  const reqs = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1', [r.campaignId]);
  const requests = reqs.rows[0]!.n;
  console.log(
    JSON.stringify({
      bench: 'multicast',
      engine: tdb.db.engine,
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
      peak_rss_mb: peakRssMb(),
      rss_after_seed_mb: rssBefore,
    }),
  );
} finally {
  await tdb.close();
  await emu.close();
}

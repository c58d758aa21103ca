// Time to first message: Launch → the first LINE request at the emulator, for audiences of 1,000, 100,000 and
// 1,000,000 (--sizes 1000,100000,1000000), push and multicast, with the engine already running as `linecast start`
// runs it (default poll; no render thread warmed: the templates here are cheap and render on the calling thread). The clock starts when the launch transaction begins (the revision and
// the snapshot; validation before it is not counted) and stops at the emulator's first push/multicast request
// (its wall clock: same machine). The campaign is then stopped and the next one measured. One JSON line.
import os from 'node:os';
import { testDb } from '../test/helpers/db.ts';
import { addProfiles, campaign, world } from '../test/delivery/fixture.ts';
import * as snapshot from '../src/delivery/snapshot.ts';
import * as service from '../src/delivery/service.ts';
import { enginePorts } from '../src/runtime/context.ts';
import { strArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats, peakRssMb } from './lib/emulator-process.ts';
import type { Queryable } from '../src/db/types.ts';

const sizes = strArg('sizes', '1000,100000,1000000').split(',').map(Number);
const modes = strArg('modes', 'push,multicast').split(',') as ('push' | 'multicast')[];
// The same file runs on a tree before the streamed snapshot (old vs new, back to back): it launches with what is there.
const launchSnapshot: (q: Queryable, c: { campaignId: string; revisionId: number }) => Promise<unknown> =
  (snapshot as { beginSnapshot?: typeof snapshot.snapshotCampaign }).beginSnapshot ?? snapshot.snapshotCampaign;
const wake = (service as { wakeDeliveryEngines?: () => void }).wakeDeliveryEngines ?? (() => {});

const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { push: 2_000, multicast: 200 } });
const tdb = await testDb();
const figures: Record<string, number> = {};
const launchTx: Record<string, number> = {};
try {
  const w = await world(tdb.db, { apiBaseUrl: emu.url, pushPerSecond: 2_000, multicastPerSecond: 200 });
  let seeded = 0;
  for (const n of sizes) {
    for (let i = seeded; i < n; i += 200_000) await addProfiles(tdb.db, w.parentSegmentId, Math.min(200_000, n - i), i);
    // as the importer leaves them (it runs VACUUM (ANALYZE) after every import)
    if (n > seeded) await tdb.db.exec('VACUUM (ANALYZE) profiles');
    seeded = Math.max(seeded, n);
    for (const sendMode of modes) {
      const messages = [{ type: 'text', text: sendMode === 'push' ? 'Hi {{ profile.first_name }}' : 'Hello' }];
      const c = await campaign(tdb.db, w, { sendMode, messages, state: 'Active', recipientCap: n });
      // the worker is up and idle, as it is when a marketer clicks Launch
      const engine = service.startDeliveryEngine(tdb.db, enginePorts(w.box), {});
      await new Promise((r) => setTimeout(r, 1_200));
      await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
      const t0 = Date.now();
      await tdb.db.tx((q) => launchSnapshot(q, c));
      launchTx[`${sendMode}_${n}`] = Date.now() - t0;
      wake();
      let first: number | null = null;
      while (first === null) {
        first = (await emulatorStats(emu.url)).firstSendAt as number | null;
        if (first === null) await new Promise((r) => setTimeout(r, 2));
        if (Date.now() - t0 > 120_000) throw new Error('no request within 2 minutes');
      }
      figures[`${sendMode}_${n}`] = first - t0;
      await engine.stop();
      await tdb.db.query(`UPDATE campaigns SET state = 'Suspended' WHERE id = $1`, [c.campaignId]);
    }
  }
  console.log(
    JSON.stringify({
      bench: 'first-message',
      engine: tdb.db.engine,
      goal_ms: 250,
      first_request_ms: figures,
      launch_tx_ms: launchTx,
      streamed: launchSnapshot !== snapshot.snapshotCampaign,
      load: os.loadavg().map((x) => +x.toFixed(1)),
      peak_rss_mb: peakRssMb(),
    }),
  );
} finally {
  await tdb.close();
  await emu.close();
}

import { beginSnapshot } from '../../src/delivery/snapshot.ts';
import { startDeliveryEngine, wakeDeliveryEngines } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import type { Db } from '../../src/db/types.ts';
import { addProfiles, campaign, type CampaignOpts, type World } from '../../test/delivery/fixture.ts';

export async function seedProfiles(db: Db, w: World, n: number): Promise<void> {
  for (let i = 0; i < n; i += 200_000) await addProfiles(db, w.parentSegmentId, Math.min(200_000, n - i), i);
  // as the importer leaves them (it runs VACUUM (ANALYZE) after every import)
  await db.exec('VACUUM (ANALYZE) profiles');
}

/**
 * Launch → Finished with the real dispatcher, as `linecast start` runs it: the engine is up before the launch, the
 * launch transaction writes the snapshot's first chunk and wakes it, and the dispatcher streams the rest while it
 * sends. Returns seconds from launch, the launch transaction's own seconds, and seconds after it.
 */
export async function runCampaign(
  db: Db,
  w: World,
  o: CampaignOpts,
): Promise<{ campaignId: string; seconds: number; sendSeconds: number; snapshotSeconds: number }> {
  const c = await campaign(db, w, { ...o, state: 'Active' });
  // as `linecast start` / `linecast worker` run it: no render thread is warmed (cheap templates render on the calling
  // thread; a heavy one starts a thread when it renders)
  const engine = startDeliveryEngine(db, enginePorts(w.box), { pollMs: 20, idleStopMs: 1_000, maxInFlight: 256 });
  const t0 = performance.now();
  await db.tx((q) => beginSnapshot(q, c));
  wakeDeliveryEngines();
  const t1 = performance.now();
  for (;;) {
    const s = await db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]);
    if (s.rows[0]!.state === 'Finished') break;
    if (s.rows[0]!.state !== 'Active') throw new Error(`campaign became ${s.rows[0]!.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const t2 = performance.now();
  await engine.stop();
  return { campaignId: c.campaignId, seconds: (t2 - t0) / 1000, sendSeconds: (t2 - t1) / 1000, snapshotSeconds: (t1 - t0) / 1000 };
}

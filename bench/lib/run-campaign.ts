import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { startDeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { renderPool } from '../../src/delivery/render/pool.ts';
import type { Db } from '../../src/db/types.ts';
import { addProfiles, campaign, type CampaignOpts, type World } from '../../test/delivery/fixture.ts';

export async function seedProfiles(db: Db, w: World, n: number): Promise<void> {
  for (let i = 0; i < n; i += 200_000) await addProfiles(db, w.parentSegmentId, Math.min(200_000, n - i), i);
  // as the importer leaves them (it runs VACUUM (ANALYZE) after every import)
  await db.exec('VACUUM (ANALYZE) profiles');
}

/** Launch (revision + snapshot) → Finished with the real dispatcher; returns seconds from launch and send start. */
export async function runCampaign(
  db: Db,
  w: World,
  o: CampaignOpts,
): Promise<{ campaignId: string; seconds: number; sendSeconds: number; snapshotSeconds: number }> {
  const c = await campaign(db, w, { ...o, state: 'Active' });
  // the render threads start with the process (linecast start / worker), not with a campaign
  await renderPool().warm();
  const t0 = performance.now();
  await db.tx((q) => snapshotCampaign(q, c));
  const t1 = performance.now();
  const engine = startDeliveryEngine(db, enginePorts(w.box), { pollMs: 20, idleStopMs: 1_000, maxInFlight: 256 });
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

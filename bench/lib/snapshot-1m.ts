// Measures snapshotCampaign on N profiles (default 1,000,000) on a fresh PGlite database; prints one JSON line.
import { numArg } from './args.ts';
import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { testDb } from '../../test/helpers/db.ts';
import { addProfiles, campaign, world } from '../../test/delivery/fixture.ts';

const n = numArg('recipients', 1_000_000);
const tdb = await testDb();
const w = await world(tdb.db);
for (let i = 0; i < n; i += 200_000) await addProfiles(tdb.db, w.parentSegmentId, Math.min(200_000, n - i), i);
// as the importer leaves them (VACUUM (ANALYZE) after every import), and written out as hours-old data would be
await tdb.db.exec('VACUUM (ANALYZE) profiles');
await tdb.db.query('CHECKPOINT');
const { campaignId, revisionId } = await campaign(tdb.db, w);
const t0 = performance.now();
const res = await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    bench: 'snapshot',
    engine: tdb.db.engine,
    profiles: n,
    pending: res.pending,
    seconds: +seconds.toFixed(2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await tdb.close();

// Push: N personalized recipients (one request each) through the real dispatcher at the account's 2,000/s, against
// the emulator in a separate process with ~30 ms latency; then a plain sequential @line/bot-sdk pushMessage loop
// on a sample for comparison. One JSON line.
import crypto from 'node:crypto';
import { messagingApi } from '@line/bot-sdk';
import { testDb } from '../test/helpers/db.ts';
import { uid, world } from '../test/delivery/fixture.ts';
import { numArg } from './lib/args.ts';
import { emulatorProcess, emulatorStats, peakRssMb } from './lib/emulator-process.ts';
import { runCampaign, seedProfiles } from './lib/run-campaign.ts';

const n = numArg('recipients', 60_000);
const limit = numArg('limit', 2_000);
const sample = numArg('sdk-sample', 300);
const emu = await emulatorProcess({ record: 'counts', faults: { latencyMs: 30 }, rateLimits: { push: limit } });
const tdb = await testDb();
try {
  const w = await world(tdb.db, { apiBaseUrl: emu.url, pushPerSecond: limit, token: 'bench-push-token' });
  await seedProfiles(tdb.db, w, n);
  const messages = [{ type: 'text', text: 'Hi {{ profile.first_name }}, see https://example.com/sale' }];
  const r = await runCampaign(tdb.db, w, { sendMode: 'push', messages });
  const s = await emulatorStats(emu.url);
  const perS = n / r.sendSeconds;

  // the same kind of send as a plain loop with the official SDK: one await per recipient
  const sdk = new messagingApi.MessagingApiClient({ channelAccessToken: 'bench-push-token', baseURL: emu.url });
  const t0 = performance.now();
  for (let i = 0; i < sample; i++) {
    await sdk.pushMessage(
      { to: uid(10_000_000 + i), messages: [{ type: 'text', text: `Hi N${i}, see https://example.com/sale` }] },
      crypto.randomUUID(),
    );
  }
  const sdkPerS = sample / ((performance.now() - t0) / 1000);
  console.log(
    JSON.stringify({
      bench: 'push',
      engine: tdb.db.engine,
      recipients: n,
      seconds: +r.seconds.toFixed(2),
      snapshot_seconds: +r.snapshotSeconds.toFixed(2),
      send_seconds: +r.sendSeconds.toFixed(2),
      requests_per_s: +perS.toFixed(1),
      limit_per_s: limit,
      utilization: +(perS / limit).toFixed(3),
      rate_limited_429: s.rateLimited as number,
      lost: n - s.distinctUsers,
      duplicates: s.usersWithMultipleDeliveries,
      peak_rss_mb: peakRssMb(),
      sdk_loop_per_s: +sdkPerS.toFixed(1),
      speedup: +(perS / sdkPerS).toFixed(1),
    }),
  );
} finally {
  await tdb.close();
  await emu.close();
}

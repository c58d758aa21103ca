import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfiles, statusCounts, world, type World } from './fixture.ts';
import { emuStats, launched, waitState } from './helpers.ts';

// What LINE receives from two workers sharing one account, counted at the emulator, whose own token bucket is set to
// the account's rate: a dispatcher that sent faster than configured (or two dispatchers sending at once) meets 429s.
const RATE = 100;
let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engines: DeliveryEngine[] = [];

before(async () => {
  tdb = await testDb();
  // half a second of burst: the dispatcher's own burst is 50 ms of tokens
  emu = await startEmulator({ port: 0, record: 'counts', rateLimits: { push: RATE, multicast: RATE, burstSeconds: 0.5 } });
  w = await world(tdb.db, { apiBaseUrl: emu.url, pushPerSecond: RATE, multicastPerSecond: RATE });
  await addProfiles(tdb.db, w.parentSegmentId, 800);
  engines = ['worker-a', 'worker-b'].map((holder) =>
    startDeliveryEngine(tdb.db, enginePorts(w.box), { holder, pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 }),
  );
});
after(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  await emu.close();
  await tdb.close();
});

type EndpointStats = { requests: number; rateLimited: number; perSecond: { peakLastMinute: number } };

test('two workers on one account: LINE never sees more than the configured rate (0 × 429, per-second counts within it)', async () => {
  const c = await launched(tdb.db, w, { sendMode: 'push' });
  await waitState(tdb.db, c.campaignId, ['Finished'], 60_000);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 800 });
  const s = (await emuStats(emu.url)) as unknown as {
    rateLimited: number;
    recipientDeliveries: number;
    usersWithMultipleDeliveries: number;
    perEndpoint: { push: EndpointStats };
  };
  assert.equal(s.rateLimited, 0);
  assert.deepEqual([s.perEndpoint.push.requests, s.recipientDeliveries, s.usersWithMultipleDeliveries], [800, 800, 0]);
  // per calendar second of arrival: the rate plus the dispatcher's 50 ms burst, with room for arrivals bunched by the
  // network (the emulator's bucket above is the exact check)
  assert.ok(s.perEndpoint.push.perSecond.peakLastMinute <= RATE * 1.5, `peak ${s.perEndpoint.push.perSecond.peakLastMinute}/s`);
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startDeliveryEngine, wakeDeliveryEngines, type DeliveryEngine } from '../../src/delivery/service.ts';
import { beginSnapshot } from '../../src/delivery/snapshot.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfile, addProfiles, campaign, statusCounts, uid, world, type World } from './fixture.ts';
import { emuConfig, emuStats, launched, waitState } from './helpers.ts';

let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfiles(tdb.db, w.parentSegmentId, 1_234);
  await addProfile(tdb.db, w.parentSegmentId, 'nobody', null);
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 });
});
after(async () => {
  await engine.stop();
  await emu.close();
  await tdb.close();
});
beforeEach(async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
});

test('multicast: every eligible recipient gets the bundle once, in 500-recipient requests; then Finished (invariants 5, 7, 8)', async () => {
  const c = await launched(tdb.db, w, {
    sendMode: 'multicast',
    messages: [
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ],
  });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 1_234, 'excluded/missing_recipient_id': 1 });
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 1_234);
  assert.equal(s.distinctUsers, 1_234);
  assert.equal(s.usersWithMultipleDeliveries, 0);
  const reqs = await tdb.db.query<{ n: number; r: number }>(
    `SELECT count(*)::int AS n, max(recipients) AS r FROM delivery_requests WHERE campaign_id = $1`,
    [c.campaignId],
  );
  assert.deepEqual(reqs.rows[0], { n: 3, r: 500 });
  const got = (await (await fetch(`${emu.url}/_emulator/users/${uid(7)}/messages`)).json()) as { messages?: unknown[] } & Record<
    string,
    unknown
  >;
  assert.match(JSON.stringify(got), /"text":"A".*"text":"B"/);
});

test('push: one request per recipient, each with its own stored retry key', async () => {
  const c = await launched(tdb.db, w, { sendMode: 'push', recipientCap: 300 });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.equal((await statusCounts(tdb.db, c.campaignId)).accepted, 300);
  const r = await tdb.db.query<{ n: number; keys: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT retry_key)::int AS keys FROM deliveries WHERE campaign_id = $1 AND status = 'accepted'`,
    [c.campaignId],
  );
  assert.deepEqual(r.rows[0], { n: 300, keys: 300 });
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 300);
  assert.equal(s.usersWithMultipleDeliveries, 0);
});

test('5xx and timeouts after acceptance are retried with the same key: nothing lost, nothing twice (invariants 2, 3)', async () => {
  // exactly the next 20 requests answer 5xx and the 10 after them are accepted but never answered
  await emuConfig(emu.url, { faults: { serverError: { next: 20 }, timeoutAfterAccept: { next: 10 }, afterAccept: 'close' } });
  const c = await launched(tdb.db, w, {
    sendMode: 'push',
    recipientCap: 200,
    activation: { maxAttempts: 20, backoffBaseMs: 100, backoffCapMs: 1000 },
  });
  await waitState(tdb.db, c.campaignId, ['Finished'], 60_000);
  assert.equal((await statusCounts(tdb.db, c.campaignId)).accepted, 200);
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 200);
  assert.equal(s.usersWithMultipleDeliveries, 0);
  // each fault cost exactly one more attempt; each timed-out acceptance was answered 409 on its retry
  assert.deepEqual([s.totalRequests, s.serverErrors, s.timeouts, s.duplicateRequests], [230, 20, 10, 10]);
  const attempts = await tdb.db.query<{ n: number; keys: number }>(
    `SELECT sum(attempts)::int AS n, count(DISTINCT retry_key)::int AS keys FROM delivery_requests WHERE campaign_id = $1`,
    [c.campaignId],
  );
  assert.deepEqual(attempts.rows[0], { n: 230, keys: 200 });
});

test('every push and multicast request of a campaign carries its aggregation unit, as LINE receives it; none when unset (DESIGN §6)', async () => {
  await emuConfig(emu.url, { faults: { serverError: { rate: 0.2 } } }); // retries must carry it too
  const push = await launched(tdb.db, w, {
    sendMode: 'push',
    recipientCap: 40,
    aggregationUnit: 'spring_sale',
    activation: { maxAttempts: 20, backoffBaseMs: 100, backoffCapMs: 1000 },
  });
  const multi = await launched(tdb.db, w, {
    sendMode: 'multicast',
    aggregationUnit: 'winter_2026',
    activation: { maxAttempts: 20, backoffBaseMs: 100, backoffCapMs: 1000 },
  });
  await waitState(tdb.db, push.campaignId, ['Finished']);
  await waitState(tdb.db, multi.campaignId, ['Finished']);
  await emuConfig(emu.url, { faults: { serverError: { rate: 0 } } });
  const s = (await emuStats(emu.url)) as unknown as {
    requestsByAggregationUnit: Record<string, Record<string, number>>;
    perEndpoint: Record<string, { requests: number }>;
  };
  assert.deepEqual(s.requestsByAggregationUnit, {
    push: { spring_sale: s.perEndpoint.push!.requests },
    multicast: { winter_2026: s.perEndpoint.multicast!.requests },
  });
  const attempts = await tdb.db.query<{ endpoint: string; n: number }>(
    `SELECT endpoint, sum(attempts)::int AS n FROM delivery_requests WHERE campaign_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
    [[push.campaignId, multi.campaignId]],
  );
  assert.deepEqual(attempts.rows, [
    { endpoint: 'multicast', n: s.perEndpoint.multicast!.requests },
    { endpoint: 'push', n: s.perEndpoint.push!.requests },
  ]);

  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
  const plain = await launched(tdb.db, w, { sendMode: 'push', recipientCap: 5 });
  await waitState(tdb.db, plain.campaignId, ['Finished']);
  assert.deepEqual((await emuStats(emu.url)).requestsByAggregationUnit, { push: { '(none)': 5 } });
});

for (const sendMode of ['multicast', 'push'] as const) {
  test(`${sendMode}: a launch that writes one profile streams the rest through the dispatcher; each recipient once, Finished after the last chunk (issue 16)`, async () => {
    const c = await campaign(tdb.db, w, { sendMode, recipientCap: sendMode === 'push' ? 400 : null });
    const first = await tdb.db.tx((q) => beginSnapshot(q, c, 1));
    assert.equal(first.complete, false, 'the launch wrote the first chunk only');
    wakeDeliveryEngines();
    await waitState(tdb.db, c.campaignId, ['Finished']);
    const want = sendMode === 'push' ? 400 : 1_234;
    const counts = await statusCounts(tdb.db, c.campaignId);
    assert.equal(counts.accepted, want);
    const s = await emuStats(emu.url);
    assert.equal(s.recipientDeliveries, want);
    assert.equal(s.distinctUsers, want);
    assert.equal(s.usersWithMultipleDeliveries, 0);
    const snap = await tdb.db.query<{ done: boolean; pending_total: number }>(
      'SELECT snap_next IS NULL AS done, pending_total FROM delivery_campaigns WHERE campaign_id = $1',
      [c.campaignId],
    );
    assert.deepEqual(snap.rows[0], { done: true, pending_total: want });
    if (sendMode === 'multicast') {
      // whole 500s while the snapshot streamed: no short request at each chunk's front
      const reqs = await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1`, [
        c.campaignId,
      ]);
      assert.equal(reqs.rows[0]!.n, 3);
    }
  });
}

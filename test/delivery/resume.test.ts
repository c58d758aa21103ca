import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { onCampaignCanceled, onCampaignResumed } from '../../src/delivery/index.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { transition } from '../../src/campaigns/transitions.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfiles, statusCounts, world, type World } from './fixture.ts';
import { emuConfig, emuStats, launched, waitFor, waitState } from './helpers.ts';

// Resuming after the retry key's 24 hours: a request LINE certainly refused every time goes again under a new key;
// one LINE may have accepted keeps the 24 h rule and fails retry_window_expired rather than risk a duplicate.
let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;
const TOKEN = 'resume-token';

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url, token: TOKEN });
  await addProfiles(tdb.db, w.parentSegmentId, 600);
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000, requestTimeoutMs: 500 });
});
after(async () => {
  await engine.stop();
  await emu.close();
  await tdb.close();
});
beforeEach(async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
});

const move = (campaignId: string, event: 'resume' | 'cancel') =>
  tdb.db.tx(async (q) => {
    await transition(q, campaignId, event, { actor: 'test' });
    if (event === 'resume') await onCampaignResumed(q, campaignId);
    else await onCampaignCanceled(q, campaignId);
  });
const dayLater = (campaignId: string) =>
  tdb.db.query(
    `UPDATE delivery_requests SET first_attempt_at = first_attempt_at - interval '25 hours' WHERE campaign_id = $1 AND status <> 'accepted'`,
    [campaignId],
  );
const keys = async (campaignId: string) =>
  new Map(
    (
      await tdb.db.query<{ id: number; retry_key: string }>(`SELECT id, retry_key FROM delivery_requests WHERE campaign_id = $1`, [
        campaignId,
      ])
    ).rows.map((r) => [Number(r.id), r.retry_key]),
  );

test('quota ran out, resumed a day later: the refused requests go again under new keys; everyone gets it once', async () => {
  // 50 messages left this month: neither request (500 and 100 recipients) fits
  await emuConfig(emu.url, { quota: { type: 'limited', value: 1200 }, consumption: 1150, consumptionToken: TOKEN });
  const c = await launched(tdb.db, w, { sendMode: 'multicast' });
  assert.deepEqual(
    await waitFor(
      async () =>
        (
          await tdb.db.query<{ state: string; state_reason: string }>('SELECT state, state_reason FROM campaigns WHERE id = $1', [
            c.campaignId,
          ])
        ).rows.find((r) => r.state === 'Suspended'),
      30_000,
      'Suspended',
    ),
    {
      state: 'Suspended',
      state_reason: 'quota_exhausted',
    },
  );
  assert.equal((await emuStats(emu.url)).recipientDeliveries, 0);
  const before = await keys(c.campaignId);
  await dayLater(c.campaignId);
  await emuConfig(emu.url, { quota: { type: 'none' } });
  await move(c.campaignId, 'resume');
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 600 });
  const s = await emuStats(emu.url);
  assert.deepEqual([s.recipientDeliveries, s.usersWithMultipleDeliveries], [600, 0]);
  const after = await keys(c.campaignId);
  assert.equal(before.size, 2);
  assert.deepEqual(
    [...before].map(([id, key]) => after.get(id) !== key),
    [true, true],
    'both requests went again under new keys',
  );
});

test('a request LINE may have accepted (its answer timed out) keeps the 24 h rule: past it, it fails retry_window_expired and is not sent again', async () => {
  // every push is accepted and recorded by the emulator, then the connection is dropped before the answer
  await emuConfig(emu.url, { faults: { timeoutAfterAccept: { rate: 1 }, afterAccept: 'close' } });
  const c = await launched(tdb.db, w, {
    sendMode: 'push',
    recipientCap: 5,
    activation: { maxAttempts: 10, backoffBaseMs: 60_000, backoffCapMs: 300_000 },
  });
  await waitFor(
    async () =>
      (
        await tdb.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1 AND attempts = 1 AND NOT in_flight`,
          [c.campaignId],
        )
      ).rows[0]!.n === 5,
    30_000,
    'one answered attempt each',
  );
  assert.equal((await emuStats(emu.url)).recipientDeliveries, 5, 'LINE did take them');
  await move(c.campaignId, 'cancel');
  await emuConfig(emu.url, { faults: { timeoutAfterAccept: { rate: 0 } } });
  await dayLater(c.campaignId);
  const before = await keys(c.campaignId);
  await move(c.campaignId, 'resume');
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { 'failed/retry_window_expired': 5, 'excluded/recipient_cap': 595 });
  const s = await emuStats(emu.url);
  assert.deepEqual([s.recipientDeliveries, s.usersWithMultipleDeliveries], [5, 0], 'nobody got it twice');
  assert.deepEqual(await keys(c.campaignId), before, 'no key was renewed');
});

test('a request whose answer was never recorded (its process died with it on the wire) counts as possibly accepted', async () => {
  await emuConfig(emu.url, { quota: { type: 'limited', value: 0 } }); // every request refused: 429 monthly
  const c = await launched(tdb.db, w, { sendMode: 'push', recipientCap: 4 });
  await waitFor(
    async () =>
      (await tdb.db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId])).rows[0]!.state === 'Suspended',
    30_000,
    'Suspended',
  );
  await waitFor(
    async () =>
      (
        await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1 AND in_flight`, [
          c.campaignId,
        ])
      ).rows[0]!.n === 0,
    30_000,
    'nothing in flight',
  );
  // two of them as a dead process leaves them: handed to a sender, answer never written
  const r = await tdb.db.query<{ id: number }>(`SELECT id FROM delivery_requests WHERE campaign_id = $1 ORDER BY id`, [c.campaignId]);
  assert.equal(r.rows.length, 4);
  const doubtful = r.rows.slice(0, 2).map((x) => Number(x.id));
  await tdb.db.query(`UPDATE delivery_requests SET in_flight = true WHERE id = ANY($1::bigint[])`, [doubtful]);
  await dayLater(c.campaignId);
  await emuConfig(emu.url, { quota: { type: 'none' } });
  await move(c.campaignId, 'resume');
  await waitState(tdb.db, c.campaignId, ['Finished']);
  const outcome = await tdb.db.query<{ id: number; status: string; reason: string | null; ambiguous: boolean }>(
    `SELECT id, status, reason, ambiguous FROM delivery_requests WHERE campaign_id = $1 ORDER BY id`,
    [c.campaignId],
  );
  assert.deepEqual(
    outcome.rows.map((x) => [x.status, x.reason, x.ambiguous]),
    [
      ['failed', 'retry_window_expired', true],
      ['failed', 'retry_window_expired', true],
      ['accepted', null, false],
      ['accepted', null, false],
    ],
  );
  assert.equal((await emuStats(emu.url)).recipientDeliveries, 2);
});

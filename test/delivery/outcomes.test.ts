import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { onCampaignCanceled, onCampaignResumed } from '../../src/delivery/index.ts';
import { acquireLease, leaseHolder } from '../../src/delivery/lease.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { transition } from '../../src/campaigns/transitions.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfiles, statusCounts, uid, world, type World } from './fixture.ts';
import { emuConfig, emuStats, launched, stateOf, waitFor, waitState } from './helpers.ts';

let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;
const TOKEN = 'outcomes-token';

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url, token: TOKEN });
  await addProfiles(tdb.db, w.parentSegmentId, 600);
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

/** Every request's answer recorded (none handed to a sender and unanswered) and the account's dispatcher stopped. */
const quiet = (campaignId: string) =>
  waitFor(
    async () =>
      engine.dispatchers.size === 0 &&
      (
        await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1 AND in_flight`, [
          campaignId,
        ])
      ).rows[0]!.n === 0,
    30_000,
    'no request in flight and the dispatcher idle',
  );

const resume = (campaignId: string) =>
  tdb.db.tx(async (q) => {
    await transition(q, campaignId, 'resume', { actor: 'test' });
    await onCampaignResumed(q, campaignId);
  });

test('monthly quota 429 suspends the campaign (quota_exhausted); resume finishes it without sending anyone twice', async () => {
  await emuConfig(emu.url, { quota: { type: 'limited', value: 1200 }, consumption: 1000, consumptionToken: TOKEN });
  const c = await launched(tdb.db, w, { sendMode: 'multicast' });
  assert.deepEqual(await waitState(tdb.db, c.campaignId, ['Suspended']), { state: 'Suspended', reason: 'quota_exhausted' });
  // 200 messages left: the 500-recipient request is refused; the 100-recipient one fits if it left before the suspension
  const sentBefore = (await emuStats(emu.url)).recipientDeliveries;
  assert.ok(sentBefore === 0 || sentBefore === 100, String(sentBefore));
  await emuConfig(emu.url, { quota: { type: 'none' } });
  await resume(c.campaignId);
  await waitState(tdb.db, c.campaignId, ['Finished']);
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 600);
  assert.equal(s.usersWithMultipleDeliveries, 0);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 600 });
});

test('401 suspends the campaign (sender_unauthorized) and nothing is marked failed', async () => {
  await emuConfig(emu.url, { tokens: ['some-other-token'] });
  const c = await launched(tdb.db, w, { sendMode: 'push', recipientCap: 20 });
  assert.deepEqual(await waitState(tdb.db, c.campaignId, ['Suspended']), { state: 'Suspended', reason: 'sender_unauthorized' });
  // every answer on the wire recorded, and the account's dispatcher gone idle: nothing more can happen
  await quiet(c.campaignId);
  const counts = await statusCounts(tdb.db, c.campaignId);
  // all 20 wait for the resume (claimed with their keys, or not claimed yet); none failed, none accepted
  assert.deepEqual(
    Object.keys(counts).filter((k) => k !== 'sending' && k !== 'pending'),
    ['excluded/recipient_cap'],
  );
  assert.equal((counts.sending ?? 0) + (counts.pending ?? 0), 20);
  await emuConfig(emu.url, { tokens: null });
  await resume(c.campaignId);
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.equal((await statusCounts(tdb.db, c.campaignId)).accepted, 20);
});

test('push 400 (no such user) fails that recipient as invalid_recipient; the rest are accepted', async () => {
  await emuConfig(emu.url, { users: { unknown: [uid(3), uid(9)] } });
  const c = await launched(tdb.db, w, { sendMode: 'push', recipientCap: 30 });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  const counts = await statusCounts(tdb.db, c.campaignId);
  assert.equal(counts.accepted, 28);
  assert.equal(counts['failed/invalid_recipient'], 2);
});

test('multicast 400 for a bad recipient: the batch is split until the bad IDs are isolated; everyone else gets it once', async () => {
  await emuConfig(emu.url, { multicastUnknown: 'reject', users: { unknown: [uid(77), uid(444)] } });
  const c = await launched(tdb.db, w, { sendMode: 'multicast' });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  const counts = await statusCounts(tdb.db, c.campaignId);
  assert.equal(counts.accepted, 598);
  assert.equal(counts['failed/invalid_recipient'], 2);
  const bad = await tdb.db.query<{ line_user_id: string }>(
    `SELECT line_user_id FROM deliveries WHERE campaign_id = $1 AND status = 'failed' ORDER BY 1`,
    [c.campaignId],
  );
  assert.deepEqual(
    bad.rows.map((r) => r.line_user_id),
    [uid(77), uid(444)],
  );
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 598);
  assert.equal(s.usersWithMultipleDeliveries, 0);
});

test('multicast 400 naming no recipient: the batch is split in halves down to the bad IDs, never failed whole', async () => {
  await emuConfig(emu.url, { multicastUnknown: 'fail', users: { unknown: [uid(77), uid(444)] } });
  const c = await launched(tdb.db, w, { sendMode: 'multicast' });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 598, 'failed/invalid_recipient': 2 });
  const bad = await tdb.db.query<{ line_user_id: string }>(
    `SELECT line_user_id FROM deliveries WHERE campaign_id = $1 AND status = 'failed' ORDER BY 1`,
    [c.campaignId],
  );
  assert.deepEqual(
    bad.rows.map((r) => r.line_user_id),
    [uid(77), uid(444)],
  );
  // halving: every superseded request is exactly split into its two halves
  const reqs = await tdb.db.query<{ first_id: number; last_id: number; recipients: number; status: string }>(
    `SELECT first_id, last_id, recipients, status FROM delivery_requests WHERE campaign_id = $1 ORDER BY first_id, recipients DESC`,
    [c.campaignId],
  );
  const superseded = reqs.rows.filter((r) => r.status === 'superseded');
  assert.ok(superseded.length > 0);
  for (const p of superseded) {
    const kids = reqs.rows.filter(
      (r) => r !== p && r.recipients < p.recipients && Number(r.first_id) >= Number(p.first_id) && Number(r.last_id) <= Number(p.last_id),
    );
    const halves = kids.filter((k) => k.recipients === Math.ceil(p.recipients / 2) || k.recipients === Math.floor(p.recipients / 2));
    assert.ok(
      halves.some((k) => Number(k.first_id) === Number(p.first_id)) && halves.some((k) => Number(k.last_id) === Number(p.last_id)),
      JSON.stringify(p),
    );
  }
  const s = await emuStats(emu.url);
  assert.deepEqual([s.recipientDeliveries, s.usersWithMultipleDeliveries], [598, 0]);
});

test('rate-limit 429s are retried (same key) until accepted', async () => {
  await emuConfig(emu.url, { faults: { rateLimit: { rate: 0.3 } } });
  const c = await launched(tdb.db, w, {
    sendMode: 'push',
    recipientCap: 100,
    activation: { maxAttempts: 1, backoffBaseMs: 100, backoffCapMs: 1000 },
  });
  await waitState(tdb.db, c.campaignId, ['Finished'], 60_000);
  await emuConfig(emu.url, { faults: { rateLimit: { rate: 0 } } });
  assert.equal((await statusCounts(tdb.db, c.campaignId)).accepted, 100);
  assert.equal((await emuStats(emu.url)).usersWithMultipleDeliveries, 0);
});

test('cancel stops promptly and marks the rest canceled; resume continues without re-sending', async () => {
  await emuConfig(emu.url, { faults: { latencyMs: 20 } });
  const c = await launched(tdb.db, w, { sendMode: 'push', deliverySpeed: { mode: 'staged', perMinute: 6000 } });
  await waitFor(async () => (await emuStats(emu.url)).recipientDeliveries >= 20, 30_000, 'some sends');
  await tdb.db.tx(async (q) => {
    await transition(q, c.campaignId, 'cancel', { actor: 'test' });
    await onCampaignCanceled(q, c.campaignId);
  });
  await quiet(c.campaignId);
  const atCancel = (await emuStats(emu.url)).recipientDeliveries;
  const counts = await statusCounts(tdb.db, c.campaignId);
  assert.equal(counts.accepted, atCancel, 'what LINE accepted is recorded, even if it was on the wire at cancel');
  assert.equal(counts.canceled, 600 - atCancel, 'the rest reads canceled');
  assert.equal(engine.dispatchers.size, 0, 'nothing is left to send anything more');
  await emuConfig(emu.url, { faults: { latencyMs: 0 } });
  await tdb.db.query(`UPDATE campaign_revisions SET content = jsonb_set(content, '{deliverySpeed}', '{"mode":"fastest"}') WHERE id = $1`, [
    c.revisionId,
  ]);
  await resume(c.campaignId);
  await waitState(tdb.db, c.campaignId, ['Finished'], 60_000);
  const s = await emuStats(emu.url);
  assert.equal(s.recipientDeliveries, 600);
  assert.equal(s.usersWithMultipleDeliveries, 0);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 600 });
  assert.equal((await stateOf(tdb.db, c.campaignId)).state, 'Finished');
});

test('lease: one holder per account; a live holder keeps it, an expired one is taken over', async () => {
  const acct = '00000000-0000-4000-8000-0000000000aa';
  assert.equal(await acquireLease(tdb.db, acct, 'A', 60_000), true);
  assert.equal(await acquireLease(tdb.db, acct, 'B', 60_000), false);
  assert.equal(await acquireLease(tdb.db, acct, 'A', 60_000), true, 'renewal');
  assert.equal(await leaseHolder(tdb.db, acct), 'A');
  await tdb.db.query(`UPDATE dispatcher_leases SET expires_at = now() - interval '1 second' WHERE line_account_id = $1`, [acct]);
  assert.equal(await acquireLease(tdb.db, acct, 'B', 60_000), true, 'A died: B takes over');
  assert.equal(await acquireLease(tdb.db, acct, 'A', 60_000), false);
});

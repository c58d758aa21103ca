/**
 * Wake-on-work (src/delivery/wake.ts): on the embedded database the delivery engine and the scheduler sleep while
 * idle instead of polling every half second, and a campaign that becomes Active or Planned wakes them. The idle
 * periods here are ten minutes, so a campaign that is delivered or started within the test's time was woken.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { snapshotCampaign } from '../../src/delivery/index.ts';
import { transition } from '../../src/campaigns/transitions.ts';
import { startScheduler, type Scheduler } from '../../src/campaigns/scheduler.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';

/** Idle sleeps are the embedded database's: on PostgreSQL other processes make work, so the engine keeps its polls. */
const embeddedOnly = testEngine !== 'pglite' && 'wake on work applies to the embedded database (PostgreSQL keeps its polls)';
import { addProfiles, campaign, world, type World } from './fixture.ts';
import { waitFor, waitState } from './helpers.ts';

const IDLE_MS = 600_000;
let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;
let scheduler: Scheduler;

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfiles(tdb.db, w.parentSegmentId, 40);
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 20, idlePollMs: IDLE_MS, idleStopMs: 300, leaseTtlMs: 3_000 });
  scheduler = startScheduler(tdb.db, enginePorts(w.box).senderFor, { intervalMs: 20, idleMs: IDLE_MS });
});
after(async () => {
  await scheduler.stop();
  await engine.stop();
  await emu.close();
  await tdb.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  'an idle engine does not poll: 20 ms polls would be dozens in a second, idle it makes at most one',
  { skip: embeddedOnly },
  async () => {
    await waitFor(async () => engine.polls >= 1, 60_000, 'a first poll');
    await sleep(200);
    const before = engine.polls;
    await sleep(1_000);
    assert.ok(engine.polls - before <= 1, `polled ${engine.polls - before} times while idle`);
  },
);

test('a campaign launched (Draft → Active) wakes the idle engine, which delivers it', { skip: embeddedOnly }, async () => {
  const c = await campaign(tdb.db, w, { state: 'Draft', sendMode: 'push' });
  await tdb.db.tx(async (q) => {
    await transition(q, c.campaignId, 'launch', { actor: 'test' });
    await snapshotCampaign(q, c);
  });
  // far sooner than the ten-minute idle poll
  await waitState(tdb.db, c.campaignId, ['Finished'], 120_000);
  const n = await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1`, [c.campaignId]);
  assert.equal(n.rows[0]!.n, 40);
  // and it goes back to sleep
  await waitFor(async () => engine.dispatchers.size === 0, 60_000, 'the dispatcher to stop');
  await sleep(300);
  const idle = engine.polls;
  await sleep(1_000);
  assert.ok(engine.polls - idle <= 1, `polled ${engine.polls - idle} times after the campaign`);
});

test(
  'a campaign scheduled (Draft → Planned) a moment ahead wakes the idle scheduler and starts when due',
  { skip: embeddedOnly },
  async () => {
    const c = await campaign(tdb.db, w, { state: 'Draft', sendMode: 'push' });
    await tdb.db.tx(async (q) => {
      await transition(q, c.campaignId, 'schedule', { actor: 'test' });
      await q.query(`UPDATE campaigns SET scheduled_at = now() + interval '1 second', schedule = $2 WHERE id = $1`, [
        c.campaignId,
        JSON.stringify({ mode: 'scheduled', at: '2099-01-01T00:00', timeZone: 'UTC' }),
      ]);
    });
    const r = await tdb.db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId]);
    assert.equal(r.rows[0]!.state, 'Planned');
    // The scheduler, woken, finds it not yet due and sleeps until it is, not for its ten-minute idle period. Whether
    // it then starts it or gives it back as a Draft (this bare campaign may not pass the start's checks), it acted.
    await waitFor(
      async () =>
        (await tdb.db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c.campaignId])).rows[0]!.state !== 'Planned',
      120_000,
      'the scheduler to take the campaign',
    );
    const h = await tdb.db.query<{ actor: string }>(
      `SELECT actor FROM campaign_history WHERE campaign_id = $1 AND from_state = 'Planned'`,
      [c.campaignId],
    );
    assert.equal(h.rows.length, 1);
    assert.notEqual(h.rows[0]!.actor, 'test');
  },
);

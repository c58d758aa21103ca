import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { RENDER_BUDGET } from '../../src/domain/index.ts';
import { listDeliveries } from '../../src/delivery/log.ts';
import { renderPool } from '../../src/delivery/render/pool.ts';
import { campaignProgress } from '../../src/delivery/progress.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfile, addProfiles, statusCounts, uid, world, type World } from './fixture.ts';
import { emuStats, launched, waitState } from './helpers.ts';

let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;
type Stats = { recipientDeliveries: number; totalRequests: number; usersWithMultipleDeliveries: number };

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfiles(tdb.db, w.parentSegmentId, 20); // first_name N1…N20, LINE IDs uid(1…20)
  await addProfile(tdb.db, w.parentSegmentId, 'no-name', uid(101), 'following', {});
  await addProfile(tdb.db, w.parentSegmentId, 'long-bio', uid(102), 'following', { first_name: 'L', bio: 'b'.repeat(5000) });
  await addProfile(tdb.db, w.parentSegmentId, 'loop', uid(103), 'following', { first_name: 'P', n: 1e9 });
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 });
  // both render threads up before any campaign starts (a thread's first start loads the code)
  const warm = { key: 'warm', campaign: { id: 'w', name: 'w' }, messages: [{ type: 'text', text: '{{ profile.x }}' }], utm: null };
  await Promise.all(
    [1, 2].map((i) => renderPool().render(`warm${i}`, warm, [{ id: i, profile: { x: 1 } }], RENDER_BUDGET, { isolate: true })),
  );
});
after(async () => {
  await engine.stop();
  await emu.close();
  await tdb.close();
});
beforeEach(async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
});

const failures = async (campaignId: string) =>
  (await listDeliveries(tdb.db, campaignId, { status: 'failed', limit: 500 })).items.map((i) => [
    i.lineUserId,
    i.reason,
    i.attempts,
    i.detail,
  ]);

test('push: a recipient whose render fails or whose payload breaks a LINE rule fails alone, never reaches LINE; the rest go', async () => {
  const c = await launched(tdb.db, w, {
    sendMode: 'push',
    messages: [
      {
        type: 'text',
        text: '{{ profile.first_name }}{{ profile.bio }}{% if profile.n %}{% for i in (1..profile.n) %}x{% endfor %}{% endif %}',
      },
    ],
  });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), {
    accepted: 20,
    'failed/invalid_rendered_message': 2,
    'failed/render_failed': 1,
  });
  assert.deepEqual(await failures(c.campaignId), [
    [uid(101), 'invalid_rendered_message', 0, 'messages[0].text: May not be empty (length 0)'],
    [uid(102), 'invalid_rendered_message', 0, 'messages[0].text: Length must be between 0 and 5000 (length 5001)'],
    [
      uid(103),
      'render_failed',
      0,
      'messages[0].text: render budget exceeded: more than 1000000 memory units (Liquid: memory alloc limit exceeded, line:1, col:60)',
    ],
  ]);
  const s = (await emuStats(emu.url)) as unknown as Stats;
  assert.deepEqual(
    [s.totalRequests, s.recipientDeliveries, s.usersWithMultipleDeliveries],
    [20, 20, 0],
    'only the 20 good payloads were sent, once each',
  );
  // the rollups behind progress and the report count them by their reasons
  const p = (await campaignProgress(tdb.db, c.campaignId))!;
  assert.deepEqual(p.counts, { pending: 0, sending: 0, accepted: 20, failed: 3, excluded: 0, canceled: 0 });
  assert.deepEqual(p.failed, { invalid_rendered_message: 2, render_failed: 1 });
});

test('multicast: the shared payload is checked once; when it breaks a rule every recipient fails with that reason and LINE gets no call', async () => {
  const c = await launched(tdb.db, w, {
    sendMode: 'multicast',
    // 4,975 units as written; the UTM tags add 54
    messages: [{ type: 'text', text: 'a'.repeat(4950) + ' https://example.com/sale' }],
    utm: { source: 'line', medium: 'social', campaign: 'spring', extra: {} },
  });
  await waitState(tdb.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { 'failed/invalid_rendered_message': 23 });
  const f = await failures(c.campaignId);
  assert.deepEqual(new Set(f.map((x) => x[3])), new Set(['messages[0].text: Length must be between 0 and 5000 (length 5029)']));
  assert.equal(((await emuStats(emu.url)) as unknown as Stats).totalRequests, 0);
});

test('a template over the render budget that reached delivery fails its recipients and never stalls the account: another campaign on it finishes first', async () => {
  // as if written into the revision directly: launch validation would refuse it
  const heavy = await launched(tdb.db, w, {
    sendMode: 'push',
    recipientCap: 6, // each takes two tries of a second
    messages: [
      { type: 'text', text: '{% for a in (1..3000) %}{% for b in (1..3000) %}{% endfor %}{% endfor %}Hi {{ profile.first_name }}' },
    ],
  });
  const light = await launched(tdb.db, w, {
    sendMode: 'push',
    messages: [{ type: 'text', text: 'Hello {{ profile.first_name | default: "there" }}' }],
  });
  await waitState(tdb.db, light.campaignId, ['Finished']);
  await waitState(tdb.db, heavy.campaignId, ['Finished']);
  const finished = await tdb.db.query<{ id: string }>(`SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) ORDER BY finished_at`, [
    [heavy.campaignId, light.campaignId],
  ]);
  assert.deepEqual(
    finished.rows.map((r) => r.id),
    [light.campaignId, heavy.campaignId],
    'the cheap campaign was not held behind the expensive one',
  );
  assert.deepEqual(await statusCounts(tdb.db, light.campaignId), { accepted: 23 });
  assert.deepEqual(await statusCounts(tdb.db, heavy.campaignId), { 'failed/render_failed': 6, 'excluded/recipient_cap': 17 });
  for (const [, , attempts, detail] of await failures(heavy.campaignId)) {
    assert.equal(attempts, 0);
    assert.match(String(detail), /^messages\[0\]\.text: render budget exceeded: (over 1000 ms|more than 1000000 memory units)/);
  }
  // one request row per recipient, each closed once: the dispatcher did not go round on them
  const rows = await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_requests WHERE campaign_id = $1`, [
    heavy.campaignId,
  ]);
  assert.equal(rows.rows[0]!.n, 6);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, type Fixture } from './fixture.ts';
import { transition } from '../../src/campaigns/transitions.ts';

let f: Fixture;
before(async () => {
  f = await campaignFixture(5);
  await f.setQuota(null, 0);
});
after(() => f.close());

const later = { mode: 'scheduled', at: '2099-06-01T09:00', timeZone: 'Asia/Tokyo' };
const post = (id: string, action: string) => f.req('POST', `campaigns/${id}/${action}`);

async function campaignIn(state: 'Draft' | 'Planned' | 'Active' | 'Suspended' | 'Finished'): Promise<string> {
  const id = await f.readyCampaign(`In ${state}`);
  await f.req('PATCH', `campaigns/${id}`, { schedule: later });
  const must = async (action: string) => {
    const r = await post(id, action);
    assert.equal(r.status, 200, `${action}: ${r.body}`);
  };
  if (state === 'Planned') await must('schedule');
  if (state === 'Active' || state === 'Suspended' || state === 'Finished') await must('launch');
  if (state === 'Suspended') await must('cancel');
  if (state === 'Finished') await f.t.ctx.db.tx((q) => transition(q, id, 'finish', { actor: 'system' }));
  return id;
}

test('launch freezes a revision, goes Active and snapshots the audience in one step', async () => {
  const id = await f.readyCampaign('Launch me');
  await f.req('PATCH', `campaigns/${id}`, { utm: { campaign: '{{campaign.id}}' }, recipientCap: 50, aggregationUnit: 'launch_unit' });
  const r = await post(id, 'launch');
  assert.equal(r.status, 200, r.body);
  const c = r.json;
  assert.equal(c.state, 'Active');
  assert.ok(c.launchedAt);
  assert.equal(typeof c.revisionId, 'number');
  assert.deepEqual(
    c.history.map((h: { from: string; to: string; actor: string }) => [h.from, h.to, h.actor]),
    [['Draft', 'Active', 'marketer@example.com']],
  );
  const rev = (
    await f.t.ctx.db.query<{ campaign_id: string; content: Record<string, unknown> }>(
      'SELECT campaign_id, content FROM campaign_revisions WHERE id = $1',
      [c.revisionId],
    )
  ).rows[0]!;
  assert.equal(rev.campaign_id, id);
  assert.deepEqual(rev.content.campaign, { id, name: 'Launch me' });
  assert.equal(rev.content.lineAccountId, f.accountId);
  assert.deepEqual(rev.content.messages, c.content.messages);
  assert.deepEqual(rev.content.utm, c.utm);
  assert.deepEqual(rev.content.activation, c.activation);
  assert.equal(rev.content.sendMode, 'multicast');
  assert.equal(rev.content.recipientCap, 50);
  assert.equal(rev.content.trackingEnabled, true);
  assert.equal(rev.content.aggregationUnit, 'launch_unit');
  const d = await f.t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND NOT is_test', [id]);
  assert.equal(d.rows[0]!.n, 5, 'one delivery row per profile, written by the snapshot');
});

test('schedule stores the UTC instant of the local time; unschedule goes back to Draft and clears it', async () => {
  const id = await f.readyCampaign('Plan me');
  await f.req('PATCH', `campaigns/${id}`, { schedule: later });
  const s = await post(id, 'schedule');
  assert.equal(s.status, 200, s.body);
  assert.equal(s.json.state, 'Planned');
  assert.equal(s.json.scheduledAt, '2099-06-01T00:00:00.000Z');
  assert.equal((await f.req('PATCH', `campaigns/${id}`, { name: 'x' })).status, 409, 'a Planned campaign is not edited in place');
  const u = await post(id, 'unschedule');
  assert.equal(u.json.state, 'Draft');
  assert.equal(u.json.scheduledAt, null);
  assert.deepEqual(
    u.json.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`),
    ['Draft>Planned', 'Planned>Draft'],
  );
  assert.equal((await f.req('PATCH', `campaigns/${id}`, { name: 'Edited again' })).status, 200);
});

test('schedule needs "Schedule for later"', async () => {
  const id = await f.readyCampaign('Immediate');
  const r = await post(id, 'schedule');
  assert.equal(r.status, 422);
  assert.deepEqual(
    r.json.error.details.map((d: { path: string }) => d.path),
    ['schedule.mode'],
  );
});

test('cancel of a Planned campaign suspends it for good; cancel of an Active one can be resumed', async () => {
  const planned = await campaignIn('Planned');
  const c1 = await post(planned, 'cancel');
  assert.equal(c1.json.state, 'Suspended');
  assert.equal(c1.json.stateReason, 'canceled');
  assert.equal(c1.json.scheduledAt, null);
  const r1 = await post(planned, 'resume');
  assert.equal(r1.status, 409);
  assert.equal(r1.json.error.currentState, 'Suspended');

  const active = await campaignIn('Active');
  const c2 = await post(active, 'cancel');
  assert.equal(c2.status, 200, c2.body);
  assert.equal(c2.json.state, 'Suspended');
  const canceled = async () =>
    (await f.t.ctx.db.query<{ canceled: boolean }>('SELECT canceled FROM delivery_campaigns WHERE campaign_id = $1', [active])).rows[0]
      ?.canceled;
  assert.equal(await canceled(), true, 'the delivery engine was told about the cancel in the same transaction');
  const r2 = await post(active, 'resume');
  assert.equal(r2.status, 200, r2.body);
  assert.equal(await canceled(), false, 'and about the resume');
  assert.equal(r2.json.state, 'Active');
  assert.equal(r2.json.stateReason, null);
  const h = r2.json.history.map((x: { from: string; to: string; reason: string | null }) => `${x.from}>${x.to}:${x.reason ?? ''}`);
  assert.deepEqual(h, ['Draft>Active:', 'Active>Suspended:canceled', 'Suspended>Active:']);
  for (const x of r2.json.history) assert.ok(!Number.isNaN(Date.parse(x.at)));
});

test('a suspension whose cause does not allow it cannot be resumed', async () => {
  const id = await campaignIn('Active');
  await f.t.ctx.db.tx((q) => transition(q, id, 'suspend', { actor: 'system', reason: 'launch_failed' }));
  const r = await post(id, 'resume');
  assert.equal(r.status, 409);
  assert.match(r.json.error.message, /launch_failed/);
});

test('every state × every action: legal moves succeed, illegal ones answer 409 with the current state', async () => {
  const legal: Record<string, string[]> = {
    Draft: ['launch', 'schedule'],
    Planned: ['unschedule', 'cancel'],
    Active: ['cancel'],
    Suspended: ['resume'],
    Finished: [],
  };
  const after: Record<string, string> = {
    launch: 'Active',
    schedule: 'Planned',
    unschedule: 'Draft',
    cancel: 'Suspended',
    resume: 'Active',
  };
  for (const state of ['Draft', 'Planned', 'Active', 'Suspended', 'Finished'] as const) {
    for (const action of ['launch', 'schedule', 'unschedule', 'cancel', 'resume']) {
      const id = await campaignIn(state);
      const r = await post(id, action);
      if (legal[state]!.includes(action)) {
        assert.equal(r.status, 200, `${state} ${action}: ${r.body}`);
        assert.equal(r.json.state, after[action], `${state} ${action}`);
      } else {
        assert.equal(r.status, 409, `${state} ${action}: ${r.body}`);
        assert.equal(r.json.error.code, 'illegal_transition');
        assert.equal(r.json.error.currentState, state, `${state} ${action}`);
        assert.equal((await f.req('GET', `campaigns/${id}`)).json.state, state);
      }
    }
  }
});

test('an unknown campaign id answers 404 for every action', async () => {
  for (const action of ['launch', 'schedule', 'unschedule', 'cancel', 'resume', 'duplicate', 'archive', 'validate'])
    assert.equal((await post('00000000-0000-4000-8000-000000000000', action)).status, 404, action);
});

test('a launch on a parent segment an embedded import is still filling is refused (409) until the import has finished', async () => {
  const id = await f.readyCampaign('During an import');
  // what a merge in committed chunks holds while it runs (src/audience/import/write.ts)
  await f.t.ctx.db.query('INSERT INTO profile_imports (parent_segment_id) VALUES ($1)', [f.parentSegmentId]);
  const refused = await post(id, 'launch');
  assert.equal(refused.status, 409, refused.body);
  assert.equal(refused.json.error.code, 'import_in_progress');
  assert.equal((await f.req('GET', `campaigns/${id}`)).json.state, 'Draft');
  await f.t.ctx.db.query('DELETE FROM profile_imports WHERE parent_segment_id = $1', [f.parentSegmentId]);
  assert.equal((await post(id, 'launch')).status, 200);
});

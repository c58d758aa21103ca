import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, uid, type Fixture } from '../campaigns/fixture.ts';
import { seedDeliveries } from '../reporting/fixture.ts';
import { segmentReach } from '../../src/audience/reach.ts';
import { campaignLookup } from '../../src/campaigns/lookup.ts';
import { compileSegment, parseRule } from '../../src/audience/index.ts';

/**
 * Engagement rules read only their own workspace: a rule naming another workspace's campaign ("received
 * campaign X") is refused with a 400 naming the rule path in reach, segment save, validate and launch; and a
 * rule that got stored anyway (saved before this check) reads nothing of the other workspace.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let f: Fixture;
let foreignCampaign: string;
let ownCampaign: string;

before(async () => {
  f = await campaignFixture(3);
  await f.setQuota(null, 0);
  const db = f.t.ctx.db;
  const make = async (ws: string, account: string, name: string) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO campaigns (workspace_id, name, state, line_account_id, launched_at) VALUES ($1, $2, 'Finished', $3, now()) RETURNING id`,
        [ws, name, account],
      )
    ).rows[0]!.id;
  // The other workspace's campaign reached the same LINE users as two of this workspace's profiles (c1, c2).
  foreignCampaign = await make(f.otherWs, f.otherAccountId, 'Theirs');
  await seedDeliveries(db, foreignCampaign, f.otherAccountId, [
    { key: 'a', profileId: null, lineUserId: uid(1), status: 'accepted' },
    { key: 'b', profileId: null, lineUserId: uid(2), status: 'accepted' },
  ]);
  ownCampaign = await make(f.ws, f.accountId, 'Ours');
  await seedDeliveries(db, ownCampaign, f.accountId, [{ key: 'a', profileId: null, lineUserId: uid(3), status: 'accepted' }]);
});
after(() => f.close());

const received = (campaignId: string) => ({ type: 'group', op: 'and', children: [{ type: 'engagement', event: 'received', campaignId }] });
const base = () => `/api/v1/workspaces/${f.ws}`;

test('reach with another workspace’s campaign is a 400 naming the leaf, and answers no counts or sample', async () => {
  for (const key of [f.keys.viewer, f.keys.marketer, f.keys.admin]) {
    const r = await f.req('POST', `${base()}/reach`, { parentSegmentId: f.parentSegmentId, rule: received(foreignCampaign) }, key);
    assert.equal(r.status, 400, r.body);
    assert.equal(r.json.error.code, 'invalid_rule');
    assert.deepEqual(r.json.error.details, [
      { path: 'body.rule.children[0].campaignId', message: 'No campaign with this id in this workspace' },
    ]);
    assert.equal(r.json.sample, undefined);
  }
  // The workspace's own campaign works and finds who received it.
  const own = await f.req('POST', `${base()}/reach`, { parentSegmentId: f.parentSegmentId, rule: received(ownCampaign) });
  assert.equal(own.status, 200, own.body);
  assert.deepEqual(
    own.json.sample.map((p: Json) => p.customerKey),
    ['c3'],
  );
});

test('a segment cannot be saved (created or updated) with another workspace’s campaign, however deep the leaf', async () => {
  const deep = {
    type: 'group',
    op: 'or',
    children: [
      { type: 'condition', attribute: 'tier', operator: 'exists' },
      { type: 'group', op: 'and', children: [{ type: 'engagement', event: 'not_clicked', campaignId: foreignCampaign }] },
    ],
  };
  let r = await f.req('POST', `${base()}/segments`, { name: 'Theirs', parentSegmentId: f.parentSegmentId, rule: deep });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.details[0].path, 'body.rule.children[1].children[0].campaignId');
  r = await f.req('PATCH', `${base()}/segments/${f.segmentId}`, { rule: received(foreignCampaign) });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.details[0].path, 'body.rule.children[0].campaignId');
  const seg = await f.t.ctx.db.query<{ rule: Json }>('SELECT rule FROM segments WHERE id = $1', [f.segmentId]);
  assert.deepEqual(seg.rows[0]!.rule.children, [], 'the stored rule is unchanged');
});

test('a segment saved before the check (stored directly) fails validate and launch, and its reach reads nothing of theirs', async () => {
  const db = f.t.ctx.db;
  const seg = (
    await db.query<{ id: string }>(
      `INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, 'Old', $3) RETURNING id`,
      [f.ws, f.parentSegmentId, JSON.stringify(received(foreignCampaign))],
    )
  ).rows[0]!.id;
  let r = await f.req('GET', `${base()}/segments/${seg}/reach`);
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.details[0].path, 'rule.children[0].campaignId');

  const id = await f.readyCampaign('Targets theirs');
  r = await f.req('PATCH', `campaigns/${id}`, { audience: { segmentId: seg } });
  assert.equal(r.status, 200, r.body);
  r = await f.req('POST', `campaigns/${id}/validate`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.valid, false);
  assert.ok(
    r.json.errors.some(
      (e: Json) => e.tab === 'audience' && e.path === 'audience.segmentId' && e.message.includes('rule.children[0].campaignId'),
    ),
    JSON.stringify(r.json.errors),
  );
  r = await f.req('POST', `campaigns/${id}/launch`);
  assert.equal(r.status, 422, r.body);
  const sent = await db.query('SELECT 1 FROM deliveries WHERE campaign_id = $1', [id]);
  assert.equal(sent.rows.length, 0);

  // Below the checks, the compiled SQL itself is scoped to the workspace: the foreign campaign matches nobody.
  const params: unknown[] = [];
  const sql = compileSegment(parseRule(received(foreignCampaign)), params, 'p', { workspaceId: f.ws });
  const who = await db.query(`SELECT p.customer_key FROM profiles p WHERE p.parent_segment_id = '${f.parentSegmentId}' AND ${sql}`, params);
  assert.equal(who.rows.length, 0);
  const theirs = compileSegment(parseRule(received(foreignCampaign)), ((params.length = 0), params), 'p', { workspaceId: f.otherWs });
  const seen = await db.query(
    `SELECT p.customer_key FROM profiles p WHERE p.parent_segment_id = '${f.parentSegmentId}' AND ${theirs}`,
    params,
  );
  assert.equal(seen.rows.length, 2, 'in its own workspace the rule does read the campaign');
  await assert.rejects(
    segmentReach(db, campaignLookup, { workspaceId: f.ws, parentSegmentId: f.parentSegmentId, rule: received(foreignCampaign) }),
    /No campaign with this id/,
  );
});

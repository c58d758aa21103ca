import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfile, addProfiles, campaign, statusCounts, uid, world, type World } from '../delivery/fixture.ts';

let tdb: TestDb;
let w: World;
before(async () => {
  tdb = await testDb();
  w = await world(tdb.db);
  const p = w.parentSegmentId;
  await addProfiles(tdb.db, p, 10);
  await addProfile(tdb.db, p, 'no-id', null);
  await addProfile(tdb.db, p, 'bad-id', 'u1234');
  await addProfile(tdb.db, p, 'upper-hex', 'U' + 'A'.repeat(32));
  await addProfile(tdb.db, p, 'gone', uid(1000), 'unfollowed');
  await addProfile(tdb.db, p, 'unknown-follow', uid(1001), 'unknown');
  await addProfile(tdb.db, p, 'dup-of-3', uid(3));
  await addProfile(tdb.db, p, 'dup-of-3-again', uid(3));
});
after(() => tdb.close());

test('snapshot: one row per profile, each exclusion with its reason (invariant 1)', async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w);
  const res = await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  assert.deepEqual(res, { pending: 11, excluded: { missing_recipient_id: 3, unfollowed: 1, duplicate_recipient: 2 } });
  assert.deepEqual(await statusCounts(tdb.db, campaignId), {
    pending: 11,
    'excluded/missing_recipient_id': 3,
    'excluded/unfollowed': 1,
    'excluded/duplicate_recipient': 2,
  });
  // the kept duplicate is the lowest profile id, i.e. the original uid(3) profile
  const kept = await tdb.db.query<{ customer_key: string }>(
    `SELECT p.customer_key FROM deliveries d JOIN profiles p ON p.id = d.profile_id WHERE d.campaign_id = $1 AND d.line_user_id = $2 AND d.status = 'pending'`,
    [campaignId, uid(3)],
  );
  assert.deepEqual(kept.rows, [{ customer_key: 'c3' }]);
});

test("snapshot: each row takes its profile id; the pending ids' ends are recorded as the claim range", async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w);
  await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  const r = await tdb.db.query<{ lo: number; hi: number; n: number; other: number }>(
    `SELECT min(id)::int AS lo, max(id)::int AS hi, count(*)::int AS n, count(*) FILTER (WHERE id <> profile_id)::int AS other
     FROM delivery_recipients WHERE campaign_id = $1 AND status = 'pending'`,
    [campaignId],
  );
  const c = await tdb.db.query<{ first_id: number; last_id: number; next_id: number; pending_total: number }>(
    'SELECT first_id, last_id, next_id, pending_total FROM delivery_campaigns WHERE campaign_id = $1',
    [campaignId],
  );
  const { lo, hi, n, other } = r.rows[0]!;
  assert.equal(other, 0);
  assert.ok(n > 0);
  assert.deepEqual(c.rows[0], { first_id: lo, last_id: hi, next_id: lo, pending_total: n });
});

test('snapshot: a campaign is snapshotted once; a second snapshot is refused and keeps the first', async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w);
  const first = await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  await assert.rejects(
    tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId })),
    (e: Error & { code?: string }) => e.code === 'already_snapshotted',
  );
  const n = await tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM delivery_recipients WHERE campaign_id = $1 AND status = 'pending'`,
    [campaignId],
  );
  assert.equal(n.rows[0]!.n, first.pending);
});

test('snapshot: recipientCap keeps the first N eligible profiles, the rest excluded as recipient_cap', async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w, { recipientCap: 4 });
  const res = await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  assert.equal(res.pending, 4);
  assert.equal(res.excluded.recipient_cap, 7);
  assert.equal(res.excluded.duplicate_recipient, 2);
  const ids = await tdb.db.query<{ line_user_id: string }>(
    `SELECT line_user_id FROM deliveries WHERE campaign_id = $1 AND status = 'pending' ORDER BY id`,
    [campaignId],
  );
  assert.deepEqual(
    ids.rows.map((r) => r.line_user_id),
    [uid(1), uid(2), uid(3), uid(4)],
  );
});

test('snapshot: editing profiles after launch does not change the frozen recipients', async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w);
  await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  await tdb.db.query(`UPDATE profiles SET line_user_id = NULL WHERE customer_key = 'c1' AND parent_segment_id = $1`, [w.parentSegmentId]);
  const r = await tdb.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND line_user_id = $2 AND status = 'pending'`, [
    campaignId,
    uid(1),
  ]);
  assert.equal(r.rows.length, 1);
  await tdb.db.query(`UPDATE profiles SET line_user_id = $2 WHERE customer_key = 'c1' AND parent_segment_id = $1`, [
    w.parentSegmentId,
    uid(1),
  ]);
});

test('snapshot: rolled back with the launch transaction', async () => {
  const { campaignId, revisionId } = await campaign(tdb.db, w);
  await assert.rejects(
    tdb.db.tx(async (q) => {
      await snapshotCampaign(q, { campaignId, revisionId });
      throw new Error('launch failed later');
    }),
  );
  assert.deepEqual(await statusCounts(tdb.db, campaignId), {});
});

test('snapshot: a LINE ID that becomes shared by an update (not an insert) is still de-duplicated', async () => {
  const w2 = await world(tdb.db);
  const p = w2.parentSegmentId;
  await addProfile(tdb.db, p, 'a', uid(7001));
  await addProfile(tdb.db, p, 'b', uid(7002));
  const flags = () =>
    tdb.db.query<{ customer_key: string; line_id_shared: boolean }>(
      `SELECT customer_key, line_id_shared FROM profiles WHERE parent_segment_id = $1 ORDER BY customer_key`,
      [p],
    );
  assert.deepEqual(
    (await flags()).rows.map((r) => r.line_id_shared),
    [false, false],
  );
  await tdb.db.query(`UPDATE profiles SET line_user_id = $2 WHERE parent_segment_id = $1 AND customer_key = 'b'`, [p, uid(7001)]);
  assert.deepEqual(
    (await flags()).rows.map((r) => r.line_id_shared),
    [true, true],
  );
  const { campaignId, revisionId } = await campaign(tdb.db, w2);
  const res = await tdb.db.tx((q) => snapshotCampaign(q, { campaignId, revisionId }));
  assert.deepEqual(res, { pending: 1, excluded: { duplicate_recipient: 1 } });
});

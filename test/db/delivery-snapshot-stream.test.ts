/**
 * The streamed snapshot (issue 16): a launch writes the first chunk, the dispatcher the rest. Whatever the chunk
 * sizes, the rows must be those of the one-statement snapshot (same exclusions, same kept duplicate, same cap), and
 * one LINE ID never gets two pending rows, even when profiles change between chunks.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { beginSnapshot, snapshotChunk, snapshotCampaign } from '../../src/delivery/snapshot.ts';
import type { Queryable } from '../../src/db/types.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfile, addProfiles, campaign, uid, world, type CampaignOpts, type World } from '../delivery/fixture.ts';

let tdb: TestDb;
let w: World;
before(async () => {
  tdb = await testDb();
  w = await world(tdb.db);
  const p = w.parentSegmentId;
  await addProfile(tdb.db, p, 'early-dup-of-7', uid(7));
  await addProfiles(tdb.db, p, 10);
  await addProfile(tdb.db, p, 'no-id', null);
  await addProfile(tdb.db, p, 'bad-id', 'u1234');
  await addProfile(tdb.db, p, 'gone', uid(1000), 'unfollowed');
  await addProfile(tdb.db, p, 'dup-of-3', uid(3));
  await addProfiles(tdb.db, p, 5, 100);
  await addProfile(tdb.db, p, 'dup-of-3-again', uid(3));
  await addProfile(tdb.db, p, 'dup-of-101', uid(101));
});
after(() => tdb.close());

async function rows(q: Queryable, campaignId: string) {
  const r = await q.query<{ id: number; status: string; reason: string | null }>(
    'SELECT id::int AS id, status, reason FROM delivery_recipients WHERE campaign_id = $1 ORDER BY id',
    [campaignId],
  );
  const c = await q.query<{ first_id: number; last_id: number; next_id: number; pending_total: number; excluded: unknown; done: boolean }>(
    `SELECT first_id::int AS first_id, last_id::int AS last_id, next_id::int AS next_id, pending_total, excluded, snap_next IS NULL AS done
     FROM delivery_campaigns WHERE campaign_id = $1`,
    [campaignId],
  );
  return { rows: r.rows, campaign: c.rows[0] };
}

async function streamed(o: CampaignOpts, first: number, chunk: number) {
  const c = await campaign(tdb.db, w, o);
  let r = await tdb.db.tx((q) => beginSnapshot(q, c, first));
  let chunks = 1;
  while (!r.complete) {
    r = await tdb.db.tx((q) => snapshotChunk(q, c.campaignId, chunk));
    chunks++;
  }
  return { ...(await rows(tdb.db, c.campaignId)), chunks };
}

for (const o of [{}, { recipientCap: 6 }, { recipientCap: 1 }] as CampaignOpts[]) {
  test(`streamed snapshot in chunks of any size writes the rows of the one-statement snapshot (${JSON.stringify(o)})`, async () => {
    const c = await campaign(tdb.db, w, o);
    await tdb.db.tx((q) => snapshotCampaign(q, c));
    const whole = await rows(tdb.db, c.campaignId);
    assert.ok(whole.rows.some((r) => r.reason === 'duplicate_recipient'));
    for (const [first, chunk] of [
      [1, 1],
      [2, 3],
      [0, 7],
      [5, 2],
    ] as const) {
      const s = await streamed(o, first, chunk);
      assert.ok(s.chunks > 3, 'written in several chunks');
      assert.deepEqual(s.rows, whole.rows, `first ${first}, chunks of ${chunk}`);
      assert.deepEqual(s.campaign, whole.campaign, `first ${first}, chunks of ${chunk}`);
    }
  });
}

test('a profile created after the launch is not in the streamed audience', async () => {
  const c = await campaign(tdb.db, w);
  const r = await tdb.db.tx((q) => beginSnapshot(q, c, 1));
  assert.equal(r.complete, false);
  await addProfile(tdb.db, w.parentSegmentId, 'late', uid(5000));
  while (!(await tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 4))).complete);
  const late = await tdb.db.query(
    `SELECT 1 FROM delivery_recipients d JOIN profiles p ON p.id = d.profile_id WHERE d.campaign_id = $1 AND p.customer_key = 'late'`,
    [c.campaignId],
  );
  assert.equal(late.rows.length, 0);
  await tdb.db.query(`DELETE FROM profiles WHERE customer_key = 'late'`);
});

test('a LINE ID already given by an earlier chunk is never given again, even after its first holder changed', async () => {
  const c = await campaign(tdb.db, w);
  // the chunk with the first uid(3) profile (c3) is written; then c3 unfollows and changes nothing else
  let r = await tdb.db.tx((q) => beginSnapshot(q, c, 6));
  const c3 = await tdb.db.query<{ status: string }>(
    `SELECT d.status FROM delivery_recipients d JOIN profiles p ON p.id = d.profile_id WHERE d.campaign_id = $1 AND p.customer_key = 'c3'`,
    [c.campaignId],
  );
  assert.deepEqual(c3.rows, [{ status: 'pending' }]);
  await tdb.db.query(`UPDATE profiles SET follow_status = 'unfollowed' WHERE customer_key = 'c3'`);
  try {
    while (!r.complete) r = await tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 2));
    const pending = await tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_recipients WHERE campaign_id = $1 AND status = 'pending' AND line_user_id = $2`,
      [c.campaignId, uid(3)],
    );
    assert.equal(pending.rows[0]!.n, 1, 'uid(3) has one pending row');
  } finally {
    await tdb.db.query(`UPDATE profiles SET follow_status = 'following' WHERE customer_key = 'c3'`);
  }
});

test('two writers of one chunk (a lease changing hands) never write it twice, and the stream goes on exactly', async () => {
  const c = await campaign(tdb.db, w, {});
  await tdb.db.tx((q) => beginSnapshot(q, c, 3));
  // On PostgreSQL the two transactions overlap: both read the cursor, the second's rows wait on the first's keys and
  // collide once it commits. On the embedded database's one session they take turns (the second writes the next
  // chunk). Whichever: at least one commits, a refused one is refused for that reason, and no row is doubled.
  const both = await Promise.allSettled([
    tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 4)),
    tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 4)),
  ]);
  assert.ok(both.some((r) => r.status === 'fulfilled'));
  for (const r of both)
    if (r.status === 'rejected')
      assert.match(String((r.reason as { code?: string }).code ?? (r.reason as Error).message), /23505|moved during a chunk/);
  let r = await tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 4));
  while (!r.complete) r = await tdb.db.tx((q) => snapshotChunk(q, c.campaignId, 4));
  const got = await rows(tdb.db, c.campaignId);
  const c2 = await campaign(tdb.db, w, {});
  await tdb.db.tx((q) => snapshotCampaign(q, c2));
  const whole = await rows(tdb.db, c2.campaignId);
  assert.deepEqual(got.rows, whole.rows);
  assert.equal(got.campaign!.pending_total, whole.campaign!.pending_total);
  assert.deepEqual(got.campaign!.excluded, whole.campaign!.excluded);
});

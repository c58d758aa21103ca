import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { requestCounts, sendMinutes } from '../../src/delivery/counts.ts';
import type { Queryable } from '../../src/db/types.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

// The rollups (migration 330) must always equal an aggregate over the request rows, whatever statements the
// engine runs: multi-row inserts, status moves, splits, updates that move nothing, deletes.
let t: TestApp;
let campaignId: string;
let accountId: string;

before(async () => {
  t = await testApp();
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1',
    channelSecret: 'rollup-secret-1234',
    channelAccessToken: 'access-token-xyz',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [t.workspaceId],
  });
  accountId = a.id;
  const c = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, state, line_account_id) VALUES ($1, 'R', 'Active', $2) RETURNING id`,
    [t.workspaceId, accountId],
  );
  campaignId = c.rows[0]!.id;
});
after(() => t.close());

async function direct(q: Queryable) {
  const counts = await q.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, reason, sum(recipients)::int AS n FROM delivery_requests
     WHERE campaign_id = $1 AND NOT is_test AND status <> 'superseded' GROUP BY 1, 2`,
    [campaignId],
  );
  const minutes = await q.query<{ minute: Date; requests: number; recipients: number }>(
    `SELECT date_trunc('minute', accepted_at) AS minute, count(*)::int AS requests, sum(recipients)::int AS recipients FROM delivery_requests
     WHERE campaign_id = $1 AND NOT is_test AND status = 'accepted' GROUP BY 1 ORDER BY 1`,
    [campaignId],
  );
  return { counts: counts.rows, minutes: minutes.rows };
}

const sortCounts = (rows: { status: string; reason: string | null; n: number }[]) =>
  [...rows].sort((a, b) => `${a.status}/${a.reason}`.localeCompare(`${b.status}/${b.reason}`));

async function assertRollupsMatch(step: string) {
  const q = t.ctx.db;
  const want = await direct(q);
  assert.deepEqual(sortCounts(await requestCounts(q, campaignId)), sortCounts(want.counts), `counts after ${step}`);
  assert.deepEqual(await sendMinutes(q, campaignId), want.minutes, `minutes after ${step}`);
}

const insert = (values: string) =>
  t.ctx.db.query(
    `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, is_test, status, reason, accepted_at)
     SELECT $1, $2, 'multicast', f, l, n, tst, s, r, acc FROM (VALUES ${values}) v(f, l, n, tst, s, r, acc)`,
    [campaignId, accountId],
  );

test('request rollups equal the aggregate of the request rows after every kind of write', async () => {
  const q = t.ctx.db;
  await insert(`(1, 500, 500, false, 'queued', NULL::text, NULL::timestamptz), (501, 1000, 500, false, 'queued', NULL, NULL),
    (1001, 1200, 200, false, 'queued', NULL, NULL), (-2, -1, 2, true, 'queued', NULL, NULL)`);
  await assertRollupsMatch('insert');
  assert.deepEqual(await requestCounts(q, campaignId), [{ status: 'queued', reason: null, n: 1200 }], 'test sends are not counted');

  // accepted in two different minutes, in one statement
  await q.query(
    `UPDATE delivery_requests SET status = 'accepted', accepted_at = CASE WHEN first_id = 1 THEN now() - interval '3 minutes' ELSE now() END
     WHERE campaign_id = $1 AND first_id IN (1, 501, -2)`,
    [campaignId],
  );
  await assertRollupsMatch('accept');
  assert.equal((await sendMinutes(q, campaignId)).length, 2);

  // an update that moves no count (a retry's new next_attempt_at)
  await q.query(
    `UPDATE delivery_requests SET next_attempt_at = now() + interval '1 minute', attempts = attempts + 1 WHERE campaign_id = $1`,
    [campaignId],
  );
  await assertRollupsMatch('no-op update');

  // a split: the rejected multicast is superseded by two halves, one fails
  await q.query(`UPDATE delivery_requests SET status = 'superseded' WHERE campaign_id = $1 AND first_id = 1001`, [campaignId]);
  await insert(
    `(1001, 1100, 100, false, 'queued', NULL::text, NULL::timestamptz), (1101, 1200, 100, false, 'failed', 'invalid_recipient', NULL)`,
  );
  await assertRollupsMatch('split');

  // accepted_at moved to another minute
  await q.query(
    `UPDATE delivery_requests SET accepted_at = accepted_at - interval '10 minutes' WHERE campaign_id = $1 AND first_id = 501 AND NOT is_test`,
    [campaignId],
  );
  await assertRollupsMatch('moved minute');

  await q.query(`DELETE FROM delivery_requests WHERE campaign_id = $1 AND status = 'failed'`, [campaignId]);
  await assertRollupsMatch('delete');
  const counts = Object.fromEntries((await requestCounts(q, campaignId)).map((r) => [r.status, r.n]));
  assert.deepEqual(counts, { accepted: 1000, queued: 100 });
});

test('deleting a campaign removes its rollups', async () => {
  const q = t.ctx.db;
  await q.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
  const left = await q.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM delivery_counts WHERE campaign_id = $1)::int + (SELECT count(*) FROM delivery_send_minutes WHERE campaign_id = $1)::int AS n`,
    [campaignId],
  );
  assert.equal(left.rows[0]!.n, 0);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Db } from '../../src/db/types.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { startDueCampaigns, startOneDue, startScheduler } from '../../src/campaigns/scheduler.ts';
import { senderFactory } from '../../src/admin/line-access.ts';

const box = new SecretBox(crypto.randomBytes(32));
const senderFor = senderFactory(box);
const PROFILES = 3;
let t: TestDb;
let reopened: Db | null = null;
let seed: { ws: string; accountId: string; parentSegmentId: string; segmentId: string };

before(async () => {
  t = await testDb();
  const db = t.db;
  const one = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
  const ws = await one(`INSERT INTO workspaces (name) VALUES ('w') RETURNING id`);
  const account = await createLineAccount(db, box, {
    name: 'OA',
    channelId: '1',
    channelSecret: 'secret-secret',
    channelAccessToken: 'token-token-token',
    // The scheduler never calls LINE (the quota was checked when the campaign was scheduled).
    apiBaseUrl: 'http://127.0.0.1:9',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [ws],
    isEmulator: true,
  });
  const parentSegmentId = await one(`INSERT INTO parent_segments (name) VALUES ('p') RETURNING id`);
  await db.query('INSERT INTO parent_segment_workspaces VALUES ($1, $2)', [parentSegmentId, ws]);
  for (let i = 1; i <= PROFILES; i++)
    await db.query(`INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, $2, $3, 'following')`, [
      parentSegmentId,
      `k${i}`,
      'U' + i.toString(16).padStart(32, '0'),
    ]);
  const segmentId = await one(`INSERT INTO segments (workspace_id, parent_segment_id, name) VALUES ($1, $2, 's') RETURNING id`, [
    ws,
    parentSegmentId,
  ]);
  seed = { ws, accountId: account.id, parentSegmentId, segmentId };
});
after(async () => {
  // After the PGlite restart the test owns the reopened handle; the original one is already closed.
  if (reopened) {
    await reopened.close();
    fs.rmSync(t.dataDir!, { recursive: true, force: true });
  } else await t.close();
});

/** A campaign as `schedule` leaves it, due `inMs` from now (negative: already due). */
async function planned(db: Db, inMs: number, name = 'c'): Promise<string> {
  const id = (
    await db.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, state, parent_segment_id, segment_id, line_account_id, messages, schedule, scheduled_at)
       VALUES ($1, $2, 'Planned', $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) RETURNING id`,
      [
        seed.ws,
        name,
        seed.parentSegmentId,
        seed.segmentId,
        seed.accountId,
        JSON.stringify([{ type: 'text', text: 'Hello' }]),
        JSON.stringify({ mode: 'scheduled', at: '2099-01-01T00:00', timeZone: 'UTC' }),
        inMs / 1000,
      ],
    )
  ).rows[0]!.id;
  await db.query(`INSERT INTO campaign_history (campaign_id, from_state, to_state, actor) VALUES ($1, 'Draft', 'Planned', 'test')`, [id]);
  return id;
}

async function facts(db: Db, id: string) {
  const q = async (sql: string) => (await db.query<{ n: number }>(sql, [id])).rows[0]!.n;
  return {
    state: (await db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [id])).rows[0]!.state,
    revisions: await q('SELECT count(*)::int AS n FROM campaign_revisions WHERE campaign_id = $1'),
    starts: await q(`SELECT count(*)::int AS n FROM campaign_history WHERE campaign_id = $1 AND to_state = 'Active'`),
    deliveries: await q('SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1'),
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test(`${testEngine}: a campaign that is not due yet stays Planned`, async () => {
  const id = await planned(t.db, 60 * 60_000);
  await startDueCampaigns(t.db, senderFor);
  assert.equal((await facts(t.db, id)).state, 'Planned');
  await t.db.query(`UPDATE campaigns SET state = 'Draft', scheduled_at = NULL WHERE id = $1`, [id]);
});

test(`${testEngine}: two schedulers never start the same campaign twice`, async () => {
  // On PostgreSQL each scheduler has its own connection pool, as two servers would.
  const second = testEngine === 'postgres' ? await openPostgres(t.url!, { max: 4 }) : t.db;
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await planned(t.db, -1000, `due ${i}`));
  const a = startScheduler(t.db, senderFor, { intervalMs: 5 });
  const b = startScheduler(second, senderFor, { intervalMs: 5 });
  try {
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    await waitFor(
      'all started',
      async () => (await t.db.query(`SELECT 1 FROM campaigns WHERE state = 'Planned' AND scheduled_at <= now()`)).rows.length === 0,
    );
    const started = [...ra, ...rb].map((o) => o.campaignId);
    assert.equal(new Set(started).size, started.length, 'no campaign started by both in the same round');
  } finally {
    await a.stop();
    await b.stop();
    if (second !== t.db) await second.close();
  }
  for (const id of ids) {
    const f = await facts(t.db, id);
    assert.deepEqual(f, { state: 'Active', revisions: 1, starts: 1, deliveries: PROFILES }, id);
  }
  const h = await t.db.query<{ actor: string }>(
    `SELECT DISTINCT actor FROM campaign_history WHERE campaign_id = ANY($1::uuid[]) AND to_state = 'Active'`,
    [ids],
  );
  assert.deepEqual(
    h.rows.map((r) => r.actor),
    ['scheduler'],
  );
});

test(`${testEngine}: a campaign that came due while no scheduler ran starts after a restart`, async () => {
  const down = startScheduler(t.db, senderFor, { intervalMs: 5 });
  await down.stop();
  const id = await planned(t.db, -5 * 60_000, 'due while down');
  // The process goes away and a new one comes up: PGlite's data directory is closed and opened again; on
  // PostgreSQL the new process has connections of its own.
  let db: Db;
  if (testEngine === 'postgres') db = await openPostgres(t.url!, { max: 4 });
  else {
    await t.db.close();
    db = reopened = await openPglite(t.dataDir!);
    t.db = db;
  }
  try {
    assert.equal((await facts(db, id)).state, 'Planned');
    const up = startScheduler(db, senderFor, { intervalMs: 5 });
    try {
      await waitFor('the restarted scheduler to start it', async () => (await facts(db, id)).state === 'Active');
    } finally {
      await up.stop();
    }
    assert.deepEqual(await facts(db, id), { state: 'Active', revisions: 1, starts: 1, deliveries: PROFILES });
  } finally {
    if (testEngine === 'postgres') await db.close();
  }
});

test(`${testEngine}: a campaign that became invalid while Planned goes back to Draft with the reason`, async () => {
  const id = await planned(t.db, -1000, 'broken');
  await t.db.query('UPDATE campaigns SET segment_id = NULL WHERE id = $1', [id]);
  const out = await startOneDue(t.db, senderFor);
  assert.equal(out?.campaignId, id);
  assert.equal(out?.outcome, 'returned_to_draft');
  const f = await facts(t.db, id);
  assert.deepEqual(f, { state: 'Draft', revisions: 0, starts: 0, deliveries: 0 });
  const h = await t.db.query<{ reason: string; actor: string }>(
    `SELECT reason, actor FROM campaign_history WHERE campaign_id = $1 AND to_state = 'Draft'`,
    [id],
  );
  assert.match(h.rows[0]!.reason, /start_failed: audience.segmentId/);
  assert.equal(h.rows[0]!.actor, 'scheduler');
});

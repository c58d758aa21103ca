// delivery_recipients is partitioned by campaign (migration 500): the migration over existing rows, a partition per
// launch (rolled back with it), and archiving old campaigns by partition without touching live ones, their reports
// keeping their totals. Runs on both engines (LINECAST_TEST_ENGINE).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { migrate, migrationFiles, splitSql } from '../../src/db/migrate.ts';
import { archiveDeliveries, recipientPartition } from '../../src/delivery/archive.ts';
import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { campaignProgress } from '../../src/delivery/progress.ts';
import { computeAggregates } from '../../src/reporting/deliveries.ts';
import { retryFailed } from '../../src/delivery/retry-failed.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { campaignFinishPort } from '../../src/campaigns/finished.ts';
import { parseArchiveOptions } from '../../src/runtime/archive-deliveries.ts';
import type { Db } from '../../src/db/types.ts';
import { emptyDb, testDb, type TestDb } from '../helpers/db.ts';
import { addProfiles, campaign, world, type World } from '../delivery/fixture.ts';
import { seedDeliveries } from '../reporting/fixture.ts';

let tdb: TestDb;
let db: Db;
let w: World;
const dirs: string[] = [];

before(async () => {
  tdb = await testDb();
  db = tdb.db;
  w = await world(db);
  await addProfiles(db, w.parentSegmentId, 40);
});
after(async () => {
  await tdb.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function partitions(q: Db): Promise<string[]> {
  const r = await q.query<{ t: string }>(
    `SELECT inhrelid::regclass::text AS t FROM pg_inherits WHERE inhparent = 'delivery_recipients'::regclass ORDER BY 1`,
  );
  return r.rows.map((x) => x.t);
}

const user = (n: number) => 'U' + n.toString(16).padStart(32, '0');

test('the migration moves existing recipient rows into one partition per campaign; the delivery log reads the same', async () => {
  const e = await emptyDb();
  try {
    // the schema as it was before migration 500, with rows in it
    await e.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const dir = path.join(import.meta.dirname, '../../src/db/migrations');
    for (const f of migrationFiles().filter((f) => f < '500')) {
      await e.db.tx(async (q) => {
        for (const s of splitSql(fs.readFileSync(path.join(dir, f), 'utf8'))) await q.query(s);
        await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      });
    }
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    const acct = '33333333-3333-4333-8333-333333333333';
    await e.db.query(
      `INSERT INTO delivery_recipients (id, campaign_id, revision_id, profile_id, line_user_id, status, reason, is_test)
       SELECT g, CASE WHEN g <= 30 THEN $1::uuid ELSE $2::uuid END, 1, g, 'U' || lpad(to_hex(g), 32, '0'),
              CASE WHEN g % 10 = 0 THEN 'excluded' ELSE 'pending' END, CASE WHEN g % 10 = 0 THEN 'unfollowed' END, false
       FROM generate_series(1, 50) g`,
      [a, b],
    );
    await e.db.query(
      `INSERT INTO delivery_recipients (id, campaign_id, line_user_id, status, is_test) VALUES (-1, $1, $2, 'pending', true)`,
      [a, user(99)],
    );
    await e.db.query(
      `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, status, accepted_at)
       VALUES ($1, $3, 'multicast', 1, 30, 27, 'accepted', now()), ($2, $3, 'multicast', 31, 40, 9, 'failed', NULL)`,
      [a, b, acct],
    );
    const logBefore = await e.db.query(`SELECT campaign_id, id, status, reason, is_test FROM deliveries ORDER BY campaign_id, id`);
    assert.equal(logBefore.rows.length, 51);

    const applied = await migrate(e.db);
    assert.ok(applied.includes('500_delivery_partitions.sql'), applied.join(','));
    assert.deepEqual(await partitions(e.db), [recipientPartition(a), recipientPartition(b)]);
    const inA = await e.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${recipientPartition(a)}`);
    assert.equal(inA.rows[0]!.n, 31);
    const logAfter = await e.db.query(`SELECT campaign_id, id, status, reason, is_test FROM deliveries ORDER BY campaign_id, id`);
    assert.deepEqual(logAfter.rows, logBefore.rows);
    // the key still holds across the parent
    await assert.rejects(
      e.db.query(`INSERT INTO delivery_recipients (id, campaign_id, status) VALUES (1, $1, 'pending')`, [a]),
      /duplicate key|unique/,
    );
    // no default partition: a writer that did not make its campaign's partition fails instead of filling a shared table
    await assert.rejects(
      e.db.query(`INSERT INTO delivery_recipients (id, campaign_id, status) VALUES (1, $1, 'pending')`, [acct]),
      /no partition/,
    );
  } finally {
    await e.close();
  }
});

test('a snapshot makes its campaign a partition, and a launch rolled back leaves none', async () => {
  const c = await campaign(db, w, { state: 'Active' });
  await assert.rejects(
    db.tx(async (q) => {
      await snapshotCampaign(q, c);
      throw new Error('launch failed after the snapshot');
    }),
    /launch failed/,
  );
  assert.ok(!(await partitions(db)).includes(recipientPartition(c.campaignId)));
  const r = await db.tx((q) => snapshotCampaign(q, c));
  assert.equal(r.pending, 40);
  const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${recipientPartition(c.campaignId)}`);
  assert.equal(n.rows[0]!.n, 40);
});

async function finishedCampaign(name: string, finishedAgo: string): Promise<string> {
  const c = await campaign(db, w, { state: 'Finished' });
  await db.query('UPDATE campaigns SET name = $2 WHERE id = $1', [c.campaignId, name]);
  await db.query(
    `INSERT INTO campaign_history (campaign_id, from_state, to_state, at, actor) VALUES ($1, 'Active', 'Finished', now() - $2::interval, 'system')`,
    [c.campaignId, finishedAgo],
  );
  return c.campaignId;
}

async function seed(campaignId: string, base: number): Promise<void> {
  await seedDeliveries(db, campaignId, w.accountId, [
    { key: 'a', profileId: base + 1, lineUserId: user(base + 1), status: 'accepted', acceptedAt: "now() - interval '40 days'" },
    { key: 'b', profileId: base + 2, lineUserId: user(base + 2), status: 'accepted', acceptedAt: "now() - interval '40 days'" },
    { key: 'c', profileId: base + 3, lineUserId: user(base + 3), status: 'failed', reason: 'invalid_recipient' },
    { key: 'd', profileId: base + 4, lineUserId: null, status: 'excluded', reason: 'missing_recipient_id' },
    { key: 't', profileId: null, lineUserId: user(base + 9), status: 'accepted', isTest: true },
  ]);
}

async function rowsOf(campaignId: string): Promise<{ recipients: number; requests: number }> {
  const r = await db.query<{ recipients: number; requests: number }>(
    `SELECT (SELECT count(*)::int FROM delivery_recipients WHERE campaign_id = $1) AS recipients,
            (SELECT count(*)::int FROM delivery_requests WHERE campaign_id = $1) AS requests`,
    [campaignId],
  );
  return r.rows[0]!;
}

test('archiving drops old finished campaigns by partition (exported first), keeps their totals, and leaves live and recent ones alone', async () => {
  const old = await finishedCampaign('Old sale', '40 days');
  const recent = await finishedCampaign('Last week', '2 days');
  const live = (await campaign(db, w, { state: 'Active' })).campaignId;
  const suspended = (await campaign(db, w, { state: 'Suspended' })).campaignId;
  await seed(old, 1000);
  await seed(recent, 2000);
  await seed(live, 3000);
  await seed(suspended, 4000);
  const liveBefore = await rowsOf(live);
  const progressBefore = { ...(await campaignProgress(db, old))!, at: null };
  const aggBefore = await computeAggregates(db, old);
  assert.equal(aggBefore.byStatus.accepted, 2);
  assert.equal(
    aggBefore.sends.reduce((s, m) => s + m.accepted, 0),
    2,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-archive-'));
  dirs.push(dir);
  const before = new Date(Date.now() - 10 * 86_400_000);
  const dry = await archiveDeliveries(db, campaignFinishPort, { before, dryRun: true });
  assert.deepEqual(
    dry.archived.map((a) => a.campaignId),
    [old],
  );
  assert.deepEqual(await rowsOf(old), { recipients: 5, requests: 4 });

  const r = await archiveDeliveries(db, campaignFinishPort, { before, exportDir: dir });
  assert.deepEqual(
    r.archived.map((a) => [a.campaignId, a.recipients, a.requests]),
    [[old, 5, 4]],
  );
  const leftAlone = new Map(r.leftAlone.map((l) => [l.campaignId, l.why]));
  assert.equal(leftAlone.get(recent), 'recent');
  assert.equal(leftAlone.get(live), 'live');
  assert.equal(leftAlone.get(suspended), 'live');

  // the old campaign's partition and requests are gone, everyone else's untouched
  const parts = await partitions(db);
  assert.ok(!parts.includes(recipientPartition(old)));
  for (const c of [recent, live, suspended]) assert.ok(parts.includes(recipientPartition(c)));
  assert.equal(await db.query(`SELECT to_regclass($1) AS t`, [recipientPartition(old)]).then((x) => x.rows[0]!.t), null);
  assert.deepEqual(await rowsOf(old), { recipients: 0, requests: 0 });
  assert.deepEqual(await rowsOf(live), liveBefore);
  assert.deepEqual(await rowsOf(recent), { recipients: 5, requests: 4 });

  // reports still answer with the same totals
  assert.deepEqual({ ...(await campaignProgress(db, old))!, at: null }, progressBefore);
  assert.deepEqual(await computeAggregates(db, old), aggBefore);

  // the export holds every recipient with what became of it
  const file = r.archived[0]!.exportFile!;
  assert.equal(path.dirname(file), path.resolve(dir));
  const lines = zlib
    .gunzipSync(fs.readFileSync(file))
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { status: string; reason: string | null; is_test: boolean; line_user_id: string | null });
  assert.equal(lines.length, 5);
  assert.deepEqual(lines.map((l) => `${l.status}:${l.reason ?? ''}:${l.is_test}`).sort(), [
    'accepted::false',
    'accepted::false',
    'accepted::true',
    'excluded:missing_recipient_id:false',
    'failed:invalid_recipient:false',
  ]);
  const rec = await db.query<{ recipients: number; requests: number; export_file: string }>(
    'SELECT recipients::int, requests::int, export_file FROM delivery_archives WHERE campaign_id = $1',
    [old],
  );
  assert.deepEqual(rec.rows[0], { recipients: 5, requests: 4, export_file: file });

  // named explicitly, a live campaign is still refused; a second run finds nothing more to do
  const again = await archiveDeliveries(db, campaignFinishPort, { before: new Date(), campaignIds: [live, recent] });
  assert.deepEqual(
    again.archived.map((a) => a.campaignId),
    [recent],
  );
  assert.deepEqual(
    again.leftAlone.map((l) => [l.campaignId, l.why]),
    [[live, 'live']],
  );
  assert.deepEqual(await rowsOf(live), liveBefore);
});

test('a retry of failed deliveries cannot revive an archived campaign', async () => {
  const c = await finishedCampaign('Retried', '30 days');
  await seedDeliveries(db, c, w.accountId, [
    { key: 'a', profileId: 5001, lineUserId: user(5001), status: 'failed', reason: 'transient_exhausted' },
  ]);
  await archiveDeliveries(db, campaignFinishPort, { before: new Date(), campaignIds: [c] });
  const r = await db.tx((q) => retryFailed(q, enginePorts(w.box), c, 'test'));
  assert.deepEqual(r, { requeued: 0 });
  const s = await db.query<{ state: string }>('SELECT state FROM campaigns WHERE id = $1', [c]);
  assert.equal(s.rows[0]!.state, 'Finished');
});

test('the CLI options: a date, a copy or an explicit drop', () => {
  assert.match(parseArchiveOptions({}) as string, /--before/);
  assert.match(parseArchiveOptions({ before: 'last tuesday', drop: true }) as string, /--before: not a date/);
  assert.match(parseArchiveOptions({ before: '2026-01-01' }) as string, /--export-dir .* or --drop/);
  assert.match(parseArchiveOptions({ before: '2026-01-01', drop: true, campaign: ['x'] }) as string, /--campaign: not a campaign id: x/);
  const ok = parseArchiveOptions({ before: '2026-01-01', drop: true });
  assert.ok(typeof ok !== 'string');
  assert.equal(ok.before.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.equal(ok.exportDir, null);
});

test('while a launch holds its new partition uncommitted, other campaigns are read and written (PostgreSQL)', async (t) => {
  if (db.engine !== 'postgres') return t.skip('one connection on PGlite: nothing runs beside a transaction');
  const other = (await campaign(db, w, { state: 'Active' })).campaignId;
  await seed(other, 6000);
  const launching = (await campaign(db, w, { state: 'Active' })).campaignId;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let began!: () => void;
  const inside = new Promise<void>((r) => (began = r));
  const launch = db.tx(async (q) => {
    await q.query('SELECT delivery_recipients_partition($1::uuid)', [launching]);
    await q.query(`INSERT INTO delivery_recipients (id, campaign_id, status) VALUES (1, $1, 'pending')`, [launching]);
    began();
    await held;
  });
  await inside;
  try {
    await db.tx(async (q) => {
      // a lock wait would fail this instead of hanging the test
      await q.query(`SET LOCAL lock_timeout = '5s'`);
      await q.query(`INSERT INTO delivery_recipients (id, campaign_id, status) VALUES (6999, $1, 'pending')`, [other]);
      const n = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1`, [other]);
      assert.equal(n.rows[0]!.n, 6);
      await q.query(`UPDATE delivery_requests SET attempts = attempts WHERE campaign_id = $1`, [other]);
    });
  } finally {
    release();
    await launch;
  }
});

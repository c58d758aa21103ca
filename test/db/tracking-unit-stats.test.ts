import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { importUnitStatistics, type UnitStatsFetcher } from '../../src/tracking/unit-stats.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let accountId: string;
const calls: { unit: string; from: string; to: string; baseUrl: string }[] = [];
const fetcher: UnitStatsFetcher = async (client, unit, from, to) => {
  calls.push({ unit, from, to, baseUrl: client.baseUrl });
  if (unit === 'broken') return { ok: false, status: 400, error: '{"message":"invalid unit"}' };
  return { ok: true, body: { overview: { uniqueImpression: 120, uniqueClick: null, uniqueMediaPlayed: null }, messages: [], clicks: [] } };
};

async function campaign(unit: string, launchedAt: string, state = 'Finished'): Promise<string> {
  const r = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, aggregation_unit, line_account_id, state, launched_at) VALUES ($1, $2, $2, $3, $4, $5) RETURNING id`,
    [t.workspaceId, unit, accountId, state, launchedAt],
  );
  return r.rows[0]!.id;
}

before(async () => {
  t = await testApp();
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1',
    channelSecret: 'secret-12345678',
    channelAccessToken: 'access-token-xyz',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [],
  });
  accountId = a.id;
});
after(async () => t.close());

test('imports per-unit statistics in JST dates, keeps nulls (under 20) as null, within the hourly budget', async () => {
  const now = new Date('2026-08-10T03:00:00Z'); // 12:00 JST
  const a = await campaign('unit_a', '2026-08-08T16:00:00Z'); // 2026-08-09 01:00 JST
  await campaign('unit_b', '2026-08-09T00:00:00Z');
  await campaign('unit_c', '2026-08-09T01:00:00Z');
  await campaign('old', '2026-07-01T00:00:00Z'); // past LINE's 14-day window
  await campaign('draft', '2026-08-09T00:00:00Z', 'Draft');

  const r1 = await importUnitStatistics(t.ctx.db, t.ctx, { now, fetcher, perHour: 2 });
  assert.deepEqual(r1, { updated: 2, skippedForBudget: 1, failed: 0 });
  assert.deepEqual(calls[0], { unit: 'unit_a', from: '20260809', to: '20260810', baseUrl: 'https://api.line.me' });
  const s = await t.ctx.db.query<{ unique_impression: number; unique_click: number | null }>(
    'SELECT unique_impression, unique_click FROM campaign_line_stats WHERE campaign_id = $1',
    [a],
  );
  assert.deepEqual(s.rows[0], { unique_impression: 120, unique_click: null });

  // Same hour: budget spent, nothing more is called.
  const r2 = await importUnitStatistics(t.ctx.db, t.ctx, { now: new Date(now.getTime() + 10 * 60_000), fetcher, perHour: 2 });
  assert.equal(r2.updated, 0);
  assert.equal(calls.length, 2);

  // Next hour: the one left waits no longer; the fetched ones are fresh (refresh interval) and are not refetched.
  const r3 = await importUnitStatistics(t.ctx.db, t.ctx, { now: new Date(now.getTime() + 61 * 60_000), fetcher, perHour: 2 });
  assert.deepEqual(r3, { updated: 1, skippedForBudget: 0, failed: 0 });
  assert.equal(calls.at(-1)!.unit, 'unit_c');
  assert.equal(calls.filter((c) => c.unit === 'old' || c.unit === 'draft').length, 0);
});

test('a failing unit is remembered with its error and not retried before the refresh interval', async () => {
  const now = new Date('2026-08-20T03:00:00Z');
  const id = await campaign('broken', '2026-08-19T00:00:00Z');
  const r = await importUnitStatistics(t.ctx.db, t.ctx, { now, fetcher, perHour: 30 });
  assert.equal(r.failed, 1);
  const s = await t.ctx.db.query<{ last_error: string }>('SELECT last_error FROM campaign_line_stats WHERE campaign_id = $1', [id]);
  assert.match(s.rows[0]!.last_error, /^400: .*invalid unit/);
  const before = calls.length;
  await importUnitStatistics(t.ctx.db, t.ctx, { now: new Date(now.getTime() + 60_000), fetcher, perHour: 30 });
  assert.equal(calls.filter((c) => c.unit === 'broken').length, calls.slice(0, before).filter((c) => c.unit === 'broken').length);
});

test('fetchUnitStats goes through the LINE client: the emulator answers the aggregation endpoint, a bad unit is a failure', async () => {
  const { startEmulator } = await import('../../src/emulator/index.ts');
  const { fetchUnitStats } = await import('../../src/tracking/unit-stats.ts');
  const { LineClient } = await import('../../src/line/client.ts');
  const emu = await startEmulator({ port: 0 });
  const account = new LineClient({ baseUrl: emu.url, channelAccessToken: 'token-unit-stats' });
  try {
    const ok = await fetchUnitStats(account, 'summer_sale', '20261101', '20261102');
    assert.equal(ok.ok, true, JSON.stringify(ok));
    if (ok.ok) assert.ok(ok.body.overview, 'overview present');
    const bad = await fetchUnitStats(account, 'not a valid unit!', '20261101', '20261102');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.status, 400);
  } finally {
    await account.close();
    await emu.close();
  }
});

test('the import goes through lineClientFor: an account pointing where its token may not go is recorded as failed and nothing is sent', async () => {
  const { listener } = await import('../helpers/listener.ts');
  const trap = await listener();
  try {
    const a = await createLineAccount(t.ctx.db, t.ctx.box, {
      name: 'Legacy',
      channelId: '2',
      channelSecret: 'secret-12345678',
      channelAccessToken: 'stats-token-not-for-you',
      apiBaseUrl: trap.url,
      pushPerSecond: 2000,
      multicastPerSecond: 200,
      workspaceIds: [],
    });
    const r = await t.ctx.db.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, aggregation_unit, line_account_id, state, launched_at) VALUES ($1, 'legacy', 'legacy_unit', $2, 'Finished', $3) RETURNING id`,
      [t.workspaceId, a.id, '2027-03-01T00:00:00Z'],
    );
    // months after the other tests' campaigns, so only this one is due (the real fetcher is used: nothing else may be called)
    const out = await importUnitStatistics(t.ctx.db, t.ctx, { now: new Date('2027-03-02T00:00:00Z'), perHour: 30 });
    assert.equal(out.updated, 0);
    assert.equal(out.failed, 1);
    const s = await t.ctx.db.query<{ last_error: string }>('SELECT last_error FROM campaign_line_stats WHERE campaign_id = $1', [
      r.rows[0]!.id,
    ]);
    assert.match(s.rows[0]!.last_error, /apiBaseUrl is refused/);
    assert.equal(trap.requests.length, 0);
  } finally {
    await trap.close();
  }
});

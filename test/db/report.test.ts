import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import type { ClickRecorder } from '../../src/tracking/click-recorder.ts';
import { compileEngagement } from '../../src/tracking/engagement.ts';
import { createLinkRewriter } from '../../src/tracking/rewriter.ts';
import { signBody } from '../../src/tracking/webhook.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { seedDeliveries } from '../reporting/fixture.ts';
import { campaignProgress } from '../../src/delivery/progress.ts';

let t: TestApp;
let campaignId: string;
let accountId: string;
let parentSegmentId: string;
const ids: Record<string, number> = {};
const SECRET = 'report-secret-1234';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const user = (n: number) => 'U' + n.toString(16).padStart(32, '0');

before(async () => {
  t = await testApp();
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1',
    channelSecret: SECRET,
    channelAccessToken: 'access-token-xyz',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [t.workspaceId],
  });
  accountId = a.id;
  const c = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, state, line_account_id, launched_at) VALUES ($1, 'Summer', 'Active', $2, now() - interval '1 hour') RETURNING id`,
    [t.workspaceId, accountId],
  );
  campaignId = c.rows[0]!.id;
  const ps = await t.ctx.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('p') RETURNING id`);
  parentSegmentId = ps.rows[0]!.id;
  await t.ctx.db.query('INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) VALUES ($1, $2)', [
    parentSegmentId,
    t.workspaceId,
  ]);
  for (let i = 1; i <= 6; i++) {
    const p = await t.ctx.db.query<{ id: number }>(
      `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, $2, $3, 'following') RETURNING id`,
      [ps.rows[0]!.id, `c${i}`, user(i)],
    );
    ids[`p${i}`] = Number(p.rows[0]!.id);
  }
  Object.assign(
    ids,
    await seedDeliveries(t.ctx.db, campaignId, accountId, [
      { key: 'd1', profileId: ids.p1!, lineUserId: user(1), status: 'accepted', acceptedAt: "now() - interval '30 minutes'" },
      { key: 'd2', profileId: ids.p2!, lineUserId: user(2), status: 'accepted', acceptedAt: "now() - interval '30 minutes'" },
      { key: 'd3', profileId: ids.p3!, lineUserId: user(3), status: 'accepted', acceptedAt: "now() - interval '29 minutes'" },
      { key: 'd4', profileId: ids.p4!, lineUserId: user(4), status: 'failed', reason: 'invalid_recipient' },
      { key: 'd5', profileId: ids.p5!, lineUserId: null, status: 'excluded', reason: 'missing_recipient_id' },
      { key: 'd6', profileId: ids.p6!, lineUserId: user(6), status: 'pending' },
      { key: 'dt', profileId: null, lineUserId: user(9), status: 'accepted', isTest: true },
    ]),
  );
  // Clicks: d1 clicks link A twice and link B once; d2 clicks A once; a preview bot; a tester.
  const rw = await createLinkRewriter(t.ctx.db, { campaignId, publicBaseUrl: 'https://go.example', perRecipient: true, enabled: true });
  const A = 'https://shop.example/a?utm_source=line';
  const B = 'https://shop.example/b?utm_source=line';
  const hits: [string, string][] = [
    [rw(A, { deliveryId: ids.d1 }), CHROME],
    [rw(A, { deliveryId: ids.d1 }), CHROME],
    [rw(B, { deliveryId: ids.d1 }), CHROME],
    [rw(A, { deliveryId: ids.d2 }), CHROME],
    [rw(A, { deliveryId: ids.d3 }), 'facebookexternalhit/1.1;line-poker/1.0'],
  ];
  await rw.flush();
  const testRw = await createLinkRewriter(t.ctx.db, {
    campaignId,
    publicBaseUrl: 'https://go.example',
    perRecipient: true,
    enabled: true,
    isTest: true,
  });
  hits.push([testRw(A, { deliveryId: ids.dt }), CHROME]);
  await testRw.flush();
  for (const [u, ua] of hits) {
    const res = await t.app.inject({ url: u.replace('https://go.example', ''), headers: { 'user-agent': ua } });
    assert.equal(res.statusCode, 302);
  }
  await (t.ctx.services.clickRecorder as ClickRecorder).flush();
  // d3's user blocks 10 minutes after the message; user 9 (the tester) blocks too but test sends never count.
  const payload = JSON.stringify({
    destination: 'U0',
    events: [
      {
        type: 'unfollow',
        timestamp: Date.now() - 19 * 60_000,
        webhookEventId: '01HREPORTBLOCK00000000000A',
        source: { type: 'user', userId: user(3) },
      },
      { type: 'unfollow', timestamp: Date.now(), webhookEventId: '01HREPORTBLOCK00000000000B', source: { type: 'user', userId: user(9) } },
    ],
  });
  const wh = await t.app.inject({
    method: 'POST',
    url: `/webhooks/line/${accountId}`,
    payload,
    headers: { 'content-type': 'application/json', 'x-line-signature': signBody(payload, SECRET) },
  });
  assert.equal(wh.statusCode, 200);
});
after(async () => t.close());

test('campaign report: counts by status and reason, clicks, unique clickers, per link, blocks; test sends excluded', async () => {
  const res = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report`, headers: t.auth() });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.equal(r.audience, 6);
  assert.equal(r.accepted, 3);
  assert.deepEqual(r.failed, { total: 1, byReason: { invalid_recipient: 1 } });
  assert.deepEqual(r.excluded, { total: 1, byReason: { missing_recipient_id: 1 } });
  assert.equal(r.pending, 1);
  assert.equal(r.canceled, 0);
  assert.deepEqual(r.clicks, { total: 4, unique: 2, clickRate: 0.6667, bots: 1 });
  assert.deepEqual(
    r.links.map((l: { url: string; clicks: number; uniqueClickers: number }) => [l.url, l.clicks, l.uniqueClickers]),
    [
      ['https://shop.example/a?utm_source=line', 3, 2],
      ['https://shop.example/b?utm_source=line', 1, 1],
    ],
  );
  assert.deepEqual(r.blocks, { count: 1, rate: 0.3333, windowHours: 24 });
  assert.equal(r.line, null);
  assert.equal(
    r.timelines.sends.reduce((a: number, s: { accepted: number }) => a + s.accepted, 0),
    3,
  );
  assert.equal(
    r.timelines.clicks.reduce((a: number, s: { clicks: number }) => a + s.clicks, 0),
    4,
  );
  // The report and the delivery engine's progress agree on every count.
  const p = (await campaignProgress(t.ctx.db, campaignId))!;
  assert.equal(r.accepted, p.counts.accepted);
  assert.equal(r.pending, p.counts.pending + p.counts.sending);
  assert.equal(r.canceled, p.counts.canceled);
  assert.equal(r.audience, p.total);
  assert.deepEqual(r.failed.byReason, p.failed);
  assert.deepEqual(r.excluded.byReason, p.excluded);
});

test('report.csv and clicks.csv', async () => {
  const rep = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report.csv`, headers: t.auth() });
  assert.equal(rep.statusCode, 200);
  assert.match(rep.headers['content-type'] as string, /text\/csv/);
  assert.match(rep.body, /deliveries,accepted,3\r\n/);
  assert.match(rep.body, /failed,invalid_recipient,1\r\n/);
  assert.match(rep.body, /clicks,unique,2\r\n/);
  const clicks = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/clicks.csv`, headers: t.auth() });
  assert.equal(clicks.statusCode, 200);
  const lines = clicks.body.trim().split('\r\n');
  assert.equal(lines[0], 'clicked_at,link_id,url,delivery_id,line_user_id,is_bot,is_test,user_agent,time_zone');
  assert.equal(lines.length, 1 + 6);
  assert.ok(lines.some((l) => l.includes(user(1)) && l.includes('false,false')));
});

test('reports and exports speak the workspace time zone: series buckets, times with their offset, the zone named', async () => {
  const base = `/api/v1/workspaces/${t.workspaceId}`;
  await t.app.inject({ method: 'PATCH', url: base, headers: t.auth(), payload: { timeZone: 'Asia/Tokyo' } });
  try {
    const r = (await t.app.inject({ url: `${base}/campaigns/${campaignId}/report?bucket=hour`, headers: t.auth() })).json();
    assert.equal(r.timeZone, 'Asia/Tokyo');
    assert.equal(r.series.bucket, 'hour');
    assert.ok(r.series.points.length > 0);
    for (const p of r.series.points) assert.match(p.start, /^\d{4}-\d\d-\d\dT\d\d:00:00\.000\+09:00$/);
    const sum = (k: 'accepted' | 'clicks') => r.series.points.reduce((a: number, p: Record<string, number>) => a + p[k]!, 0);
    assert.equal(
      sum('accepted'),
      r.timelines.sends.reduce((a: number, s: { accepted: number }) => a + s.accepted, 0),
    );
    assert.equal(
      sum('clicks'),
      r.timelines.clicks.reduce((a: number, s: { clicks: number }) => a + s.clicks, 0),
    );

    const rep = await t.app.inject({ url: `${base}/campaigns/${campaignId}/report.csv`, headers: t.auth() });
    assert.match(rep.body, /campaign,time_zone,Asia\/Tokyo\r\n/);
    assert.match(rep.body, /campaign,launched_at,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00\r\n/);
    assert.match(rep.body, /\r\nminute,accepted,clicks\r\n\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000\+09:00,/);
    const clicks = (await t.app.inject({ url: `${base}/campaigns/${campaignId}/clicks.csv`, headers: t.auth() })).body.trim().split('\r\n');
    for (const l of clicks.slice(1)) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00,.*,Asia\/Tokyo$/);
    const deliveries = (await t.app.inject({ url: `${base}/campaigns/${campaignId}/deliveries.csv`, headers: t.auth() })).body
      .trim()
      .split('\n');
    assert.match(deliveries[0]!, /,accepted_at,is_test,detail,time_zone$/);
    const accepted = deliveries.filter((l) => /,accepted,/.test(l));
    assert.ok(accepted.length > 0);
    for (const l of accepted) assert.match(l, /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00,(true|false),[^,]*,Asia\/Tokyo$/);
  } finally {
    await t.ctx.db.query('UPDATE workspaces SET time_zone = NULL WHERE id = $1', [t.workspaceId]);
  }
});

test('overview lists launched campaigns with headline numbers; other workspaces see 404', async () => {
  const res = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/reports/overview`, headers: t.auth() });
  assert.equal(res.statusCode, 200, res.body);
  const item = res.json().items[0];
  assert.equal(item.campaignId, campaignId);
  assert.equal(item.accepted, 3);
  assert.equal(item.uniqueClicks, 2);
  assert.equal(item.blocks, 1);
  const ws2 = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: t.auth(), payload: { name: 'other' } });
  const other = await t.app.inject({ url: `/api/v1/workspaces/${ws2.json().id}/campaigns/${campaignId}/report`, headers: t.auth() });
  assert.equal(other.statusCode, 404);
  const anon = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${campaignId}/report` });
  assert.equal(anon.statusCode, 401);
});

test('engagement segment conditions: received, clicked (any link or one link), not clicked', async () => {
  const who = async (leaf: Parameters<typeof compileEngagement>[0]) => {
    const params: unknown[] = [];
    const sql = compileEngagement(leaf, params, 'p');
    const r = await t.ctx.db.query<{ id: number }>(`SELECT p.id FROM profiles p WHERE ${sql} ORDER BY p.id`, params);
    return r.rows.map((x) => Number(x.id));
  };
  assert.deepEqual(await who({ type: 'engagement', event: 'received', campaignId }), [ids.p1, ids.p2, ids.p3]);
  assert.deepEqual(await who({ type: 'engagement', event: 'clicked', campaignId }), [ids.p1, ids.p2]);
  const links = await t.ctx.db.query<{ link_id: string }>(
    `SELECT link_id FROM campaign_links WHERE campaign_id = $1 AND url LIKE '%/b?%'`,
    [campaignId],
  );
  assert.deepEqual(await who({ type: 'engagement', event: 'clicked', campaignId, linkId: links.rows[0]!.link_id }), [ids.p1]);
  // A link on `received` is ignored (it used to leave an untyped SQL parameter: a 500 found by the API fuzz suite).
  assert.deepEqual(await who({ type: 'engagement', event: 'received', campaignId, linkId: links.rows[0]!.link_id }), [
    ids.p1,
    ids.p2,
    ids.p3,
  ]);
  assert.deepEqual(
    await who({ type: 'engagement', event: 'not_clicked', campaignId }),
    [ids.p3],
    'the bot preview does not count as a click',
  );
});

test('a canceled campaign mid-send: sending, canceled and unclaimed counts match the delivery engine progress', async () => {
  const c = await t.ctx.db.query<{ id: string }>(
    `INSERT INTO campaigns (workspace_id, name, state, line_account_id, launched_at) VALUES ($1, 'Canceled', 'Finished', $2, now()) RETURNING id`,
    [t.workspaceId, accountId],
  );
  const id = c.rows[0]!.id;
  await seedDeliveries(t.ctx.db, id, accountId, [
    { key: 'a', profileId: null, lineUserId: user(21), status: 'accepted' },
    { key: 'b', profileId: null, lineUserId: user(22), status: 'sending' },
    { key: 'c', profileId: null, lineUserId: user(23), status: 'canceled' },
    { key: 'd', profileId: null, lineUserId: user(24), status: 'failed', reason: 'transient_exhausted' },
    { key: 'e', profileId: null, lineUserId: user(25), status: 'pending' },
    { key: 'f', profileId: null, lineUserId: user(26), status: 'pending' },
    { key: 'g', profileId: null, lineUserId: user(21), status: 'excluded', reason: 'duplicate_recipient' },
    { key: 'h', profileId: null, lineUserId: user(27), status: 'excluded', reason: 'unfollowed' },
    { key: 't', profileId: null, lineUserId: user(28), status: 'failed', reason: 'invalid_recipient', isTest: true },
  ]);
  await t.ctx.db.query('UPDATE delivery_campaigns SET canceled = true WHERE campaign_id = $1', [id]);
  const res = await t.app.inject({ url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${id}/report`, headers: t.auth() });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  const p = (await campaignProgress(t.ctx.db, id))!;
  assert.deepEqual(
    { audience: r.audience, accepted: r.accepted, pending: r.pending, canceled: r.canceled, failed: r.failed, excluded: r.excluded },
    {
      audience: 8,
      accepted: 1,
      pending: 1,
      canceled: 3,
      failed: { total: 1, byReason: { transient_exhausted: 1 } },
      excluded: { total: 2, byReason: { duplicate_recipient: 1, unfollowed: 1 } },
    },
  );
  assert.equal(r.audience, p.total);
  assert.equal(r.accepted, p.counts.accepted);
  assert.equal(r.pending, p.counts.pending + p.counts.sending);
  assert.equal(r.canceled, p.counts.canceled);
  assert.deepEqual(r.failed.byReason, p.failed);
  assert.deepEqual(r.excluded.byReason, p.excluded);
});

test('engagement conditions through the segment reach API (compiler registered by the app)', async () => {
  const reach = async (event: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/workspaces/${t.workspaceId}/reach`,
      headers: t.auth(),
      payload: { parentSegmentId, rule: { type: 'group', op: 'and', children: [{ type: 'engagement', event, campaignId }] } },
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    return [r.profiles, r.sample.map((p: { id: number }) => Number(p.id))];
  };
  assert.deepEqual(await reach('received'), [3, [ids.p1, ids.p2, ids.p3]]);
  assert.deepEqual(await reach('clicked'), [2, [ids.p1, ids.p2]]);
  assert.deepEqual(await reach('not_clicked'), [1, [ids.p3]]);
});

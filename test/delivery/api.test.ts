import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { addAccount, addProfile, addProfiles, statusCounts, uid, type World } from './fixture.ts';
import { emuConfig, emuStats, launched, waitState } from './helpers.ts';

let t: TestApp;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url, headers: t.auth() });
  return {
    status: r.statusCode,
    json: (r.headers['content-type'] ?? '').toString().includes('json') ? (r.json() as Json) : null,
    body: r.body,
    headers: r.headers,
  };
};
const post = async (url: string, payload?: unknown) => {
  const r = await t.app.inject({
    method: 'POST',
    url,
    headers: t.auth(),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: r.statusCode, json: r.json() as Json };
};

before(async () => {
  t = await testApp();
  emu = await startEmulator({ port: 0 });
  const db = t.ctx.db;
  const accountId = await addAccount(db, t.ctx.box, t.workspaceId, { apiBaseUrl: emu.url });
  const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
  w = { box: t.ctx.box, ws: t.workspaceId, accountId, parentSegmentId };
  await addProfiles(db, parentSegmentId, 120);
  await addProfile(db, parentSegmentId, 'gone', uid(999), 'unfollowed');
  engine = startDeliveryEngine(db, enginePorts(t.ctx.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 });
});
after(async () => {
  await engine.stop();
  await emu.close();
  await t.close();
});

const path = (id: string, rest: string) => `/api/v1/workspaces/${t.workspaceId}/campaigns/${id}/${rest}`;

test('delivery log: filters, cursor paging, CSV streamed; progress and its SSE stream', async () => {
  const c = await launched(t.ctx.db, w, { sendMode: 'multicast' });
  await waitState(t.ctx.db, c.campaignId, ['Finished']);
  const first = await get(path(c.campaignId, 'deliveries?limit=50&status=accepted'));
  assert.equal(first.status, 200);
  assert.equal(first.json.items.length, 50);
  assert.ok(first.json.items.every((i: Json) => i.status === 'accepted' && i.retryKey && i.acceptedAt && !i.isTest));
  const seen = new Set<string>(first.json.items.map((i: Json) => i.id));
  let cursor = first.json.nextCursor;
  while (cursor) {
    const p = await get(path(c.campaignId, `deliveries?limit=50&status=accepted&cursor=${cursor}`));
    for (const i of p.json.items) seen.add(i.id);
    cursor = p.json.nextCursor;
  }
  assert.equal(seen.size, 120);
  const ex = await get(path(c.campaignId, 'deliveries?status=excluded'));
  assert.deepEqual(
    ex.json.items.map((i: Json) => [i.lineUserId, i.reason]),
    [[uid(999), 'unfollowed']],
  );

  const csv = await get(path(c.campaignId, 'deliveries.csv'));
  assert.equal(csv.status, 200);
  const lines = csv.body.trim().split('\n');
  assert.equal(
    lines[0],
    'id,line_user_id,profile_id,status,reason,attempts,endpoint,retry_key,line_request_id,accepted_at,is_test,detail,time_zone',
  );
  assert.equal(lines.length, 1 + 121);

  const prog = await get(path(c.campaignId, 'progress'));
  assert.equal(prog.json.state, 'Finished');
  assert.deepEqual(prog.json.counts, { pending: 0, sending: 0, accepted: 120, failed: 0, excluded: 1, canceled: 0 });
  assert.equal(prog.json.rate.limitPerSecond, 200);

  const sse = await get(path(c.campaignId, 'progress/stream'));
  assert.match(String(sse.headers['content-type']), /text\/event-stream/);
  const ev = sse.body.split('\n\n').filter(Boolean);
  assert.equal(ev.length, 1);
  assert.match(ev[0]!, /^event: progress\ndata: /);
  assert.equal(JSON.parse(ev[0]!.split('data: ')[1]!).counts.accepted, 120);

  const other = await get(`/api/v1/workspaces/${t.workspaceId}/campaigns/00000000-0000-4000-8000-000000000000/deliveries`);
  assert.equal(other.status, 404);
});

test('retry-failed re-queues only transient failures, with new retry keys', async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
  await emuConfig(emu.url, { faults: { serverError: { rate: 1 } } });
  const c = await launched(t.ctx.db, w, {
    sendMode: 'push',
    recipientCap: 5,
    activation: { maxAttempts: 1, backoffBaseMs: 100, backoffCapMs: 1000 },
  });
  await waitState(t.ctx.db, c.campaignId, ['Finished']);
  assert.deepEqual(await statusCounts(t.ctx.db, c.campaignId), {
    'failed/transient_exhausted': 5,
    'excluded/recipient_cap': 115,
    'excluded/unfollowed': 1,
  });
  const oldKeys = (await get(path(c.campaignId, 'deliveries?status=failed'))).json.items.map((i: Json) => i.retryKey);
  await emuConfig(emu.url, { faults: { serverError: { rate: 0 } } });
  const r = await post(path(c.campaignId, 'retry-failed'));
  assert.deepEqual(r.json, { requeued: 5 });
  await waitState(t.ctx.db, c.campaignId, ['Finished']);
  const now = (await get(path(c.campaignId, 'deliveries?status=accepted'))).json.items;
  assert.equal(now.length, 5);
  for (const i of now) assert.ok(!oldKeys.includes(i.retryKey));
  assert.equal((await emuStats(emu.url)).recipientDeliveries, 5);
  // the reopening is the state table's retry move, on the record like every other move
  const h = await t.ctx.db.query<{ from_state: string; to_state: string; reason: string | null }>(
    `SELECT from_state, to_state, reason FROM campaign_history WHERE campaign_id = $1 ORDER BY id`,
    [c.campaignId],
  );
  assert.deepEqual(h.rows.slice(-2), [
    { from_state: 'Finished', to_state: 'Active', reason: 'retry_failed' },
    { from_state: 'Active', to_state: 'Finished', reason: null },
  ]);
});

test('test send: whole bundle in order to each named user, recorded as is_test and kept out of progress; works on a draft', async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
  const db = t.ctx.db;
  const id = (
    await db.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, line_account_id, messages) VALUES ($1, 'Draft', $2, $3) RETURNING id`,
      [
        t.workspaceId,
        w.accountId,
        JSON.stringify([
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ]),
      ],
    )
  ).rows[0]!.id;
  await db.query(`INSERT INTO test_recipients (workspace_id, line_user_id) VALUES ($1, $2)`, [t.workspaceId, uid(5001)]);
  const r = await post(path(id, 'test-send'), { lineUserId: uid(5000), useSavedList: true, lineUserIds: ['not-an-id'] });
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.json.results.map((x: Json) => [x.lineUserId, x.status, x.reason ?? null]),
    [
      [uid(5000), 'accepted', null],
      ['not-an-id', 'failed', 'missing_recipient_id'],
      [uid(5001), 'accepted', null],
    ],
  );
  const got = await (await fetch(`${emu.url}/_emulator/users/${uid(5000)}/messages`)).text();
  assert.match(got, /"text":"one".*"text":"two"/);
  const log = await get(path(id, 'deliveries?isTest=true'));
  assert.equal(log.json.items.length, 3);
  assert.deepEqual(await statusCounts(db, id), {});
  const prog = await get(path(id, 'progress'));
  assert.equal(prog.json.counts.accepted, 0);
});

test('test send: every template problem is a 400 naming the message field with the Liquid error, and nothing is sent or recorded', async () => {
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
  const db = t.ctx.db;
  const draft = async (text: string, utm?: unknown) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO campaigns (workspace_id, name, line_account_id, messages, utm) VALUES ($1, 'Draft', $2, $3, $4) RETURNING id`,
        [
          t.workspaceId,
          w.accountId,
          JSON.stringify([
            { type: 'text', text: 'first' },
            { type: 'text', text },
          ]),
          JSON.stringify(utm ?? { source: 'line', medium: 'social', campaign: '', extra: {} }),
        ],
      )
    ).rows[0]!.id;
  const cases: [string, string, RegExp][] = [
    ['{% include "header" %}', 'template_invalid', /include/],
    ['{% render "card" %}', 'template_invalid', /render/],
    ['{% layout "base" %}', 'template_invalid', /layout/],
    ['{% block main %}x{% endblock %}', 'template_invalid', /block/],
    ['{% if profile.vip %}VIP', 'template_invalid', /not closed/],
    ['{{ profile.first_name ', 'template_invalid', /not closed/],
    [
      '{% for a in (1..3000) %}{% for b in (1..3000) %}{% endfor %}{% endfor %}Hi',
      'render_budget_exceeded',
      /render budget exceeded: over 50 ms/,
    ],
    ['{% for i in (1..5000000) %}{% endfor %}', 'render_budget_exceeded', /memory/],
    ['{{ profile.first_name }}', 'invalid_rendered_message', /For the blank profile: after rendering .*May not be empty/],
  ];
  for (const [text, code, message] of cases) {
    const id = await draft(text);
    const r = await post(path(id, 'test-send'), { lineUserId: uid(5000) });
    assert.equal(r.status, 400, `${text}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.error.code, 'validation_failed');
    assert.equal(r.json.error.details.length, 1, text);
    const d = r.json.error.details[0];
    assert.deepEqual([d.path, d.code], ['content.messages[1].text', code], text);
    assert.match(d.message, message, text);
    assert.equal((await db.query('SELECT 1 FROM delivery_recipients WHERE campaign_id = $1', [id])).rows.length, 0, 'no delivery row');
  }
  const badUtm = await draft('ok', { source: '{{ nope', medium: 'social', campaign: '', extra: {} });
  const u = await post(path(badUtm, 'test-send'), { lineUserId: uid(5000) });
  assert.equal(u.status, 400);
  assert.equal(u.json.error.details[0].path, 'utm');
  assert.equal(((await emuStats(emu.url)) as unknown as { totalRequests: number }).totalRequests, 0);
});

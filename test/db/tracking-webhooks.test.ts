import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { signBody } from '../../src/tracking/webhook.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let accountId: string;
let parentId: string;
const SECRET = 'channel-secret-0123456789';
const U1 = 'U' + '1'.repeat(32);
const U2 = 'U' + '2'.repeat(32);

function event(type: string, userId: string, timestamp: number, id: string) {
  return {
    type,
    mode: 'active',
    timestamp,
    webhookEventId: id,
    source: { type: 'user', userId },
    deliveryContext: { isRedelivery: false },
  };
}
async function post(events: unknown[], opts: { secret?: string; signature?: string | null; account?: string } = {}) {
  const payload = JSON.stringify({ destination: 'U' + 'f'.repeat(32), events });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const sig = opts.signature === undefined ? signBody(payload, opts.secret ?? SECRET) : opts.signature;
  if (sig !== null) headers['x-line-signature'] = sig;
  return t.app.inject({ method: 'POST', url: `/webhooks/line/${opts.account ?? accountId}`, payload, headers });
}
async function status(userId: string): Promise<string[]> {
  const r = await t.ctx.db.query<{ follow_status: string }>('SELECT follow_status FROM profiles WHERE line_user_id = $1 ORDER BY id', [
    userId,
  ]);
  return r.rows.map((x) => x.follow_status);
}

before(async () => {
  t = await testApp();
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1234567890',
    channelSecret: SECRET,
    channelAccessToken: 'token-abcdefgh',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [t.workspaceId],
  });
  accountId = a.id;
  const p = await t.ctx.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('p') RETURNING id`);
  parentId = p.rows[0]!.id;
  const p2 = await t.ctx.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('p2') RETURNING id`);
  // The same LINE user in two parent segments: both profiles follow the webhook.
  await t.ctx.db.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES
     ($1, 'a', $3, 'following'), ($2, 'a', $3, 'unknown'), ($1, 'b', $4, 'following')`,
    [parentId, p2.rows[0]!.id, U1, U2],
  );
});
after(async () => t.close());

test("an empty events list (LINE's connectivity check) answers 200", async () => {
  const res = await post([]);
  assert.equal(res.statusCode, 200);
});

test('a bad or missing signature answers 401 and changes nothing', async () => {
  const evs = [event('unfollow', U1, Date.now(), '01HBADSIG0000000000000000A')];
  assert.equal((await post(evs, { signature: null })).statusCode, 401);
  assert.equal((await post(evs, { secret: 'another-secret-xyz' })).statusCode, 401);
  assert.equal((await post(evs, { signature: 'not base64 at all' })).statusCode, 401);
  assert.deepEqual(await status(U1), ['following', 'unknown']);
  const r = await t.ctx.db.query('SELECT 1 FROM webhook_events');
  assert.equal(r.rows.length, 0);
});

test('a body changed after signing fails the signature (checked on the raw bytes)', async () => {
  const payload = JSON.stringify({ destination: 'x', events: [event('unfollow', U1, Date.now(), '01HRAW0000000000000000000A')] });
  const sig = signBody(payload, SECRET);
  const reformatted = JSON.stringify(JSON.parse(payload), null, 2);
  const res = await t.app.inject({
    method: 'POST',
    url: `/webhooks/line/${accountId}`,
    payload: reformatted,
    headers: { 'content-type': 'application/json', 'x-line-signature': sig },
  });
  assert.equal(res.statusCode, 401);
});

test('unknown account answers 404', async () => {
  assert.equal((await post([], { account: '00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  assert.equal((await post([], { account: 'nope' })).statusCode, 404);
});

test('unfollow and follow update every profile of that user and are recorded once', async () => {
  const t0 = Date.now() - 60_000;
  const res = await post([event('unfollow', U1, t0, '01HUNFOLLOW000000000000001'), event('message', U2, t0, '01HMSG00000000000000000001')]);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { received: 2, processed: 1, duplicates: 0, ignored: 1 });
  assert.deepEqual(await status(U1), ['unfollowed', 'unfollowed']);
  assert.deepEqual(await status(U2), ['following']);

  // A redelivery of the same event is ignored.
  const again = await post([{ ...event('unfollow', U1, t0, '01HUNFOLLOW000000000000001'), deliveryContext: { isRedelivery: true } }]);
  assert.deepEqual(again.json(), { received: 1, processed: 0, duplicates: 1, ignored: 0 });
  const fe = await t.ctx.db.query<{ event: string }>('SELECT event FROM follow_events WHERE line_user_id = $1', [U1]);
  assert.deepEqual(
    fe.rows.map((r) => r.event),
    ['unfollow'],
  );

  // Follow (unblock) later restores the status.
  await post([event('follow', U1, t0 + 30_000, '01HFOLLOW00000000000000001')]);
  assert.deepEqual(await status(U1), ['following', 'following']);

  // An older event arriving late does not undo the newer state.
  await post([event('unfollow', U1, t0 - 10_000, '01HLATE0000000000000000001')]);
  assert.deepEqual(await status(U1), ['following', 'following']);
  const n = await t.ctx.db.query('SELECT 1 FROM follow_events WHERE line_user_id = $1', [U1]);
  assert.equal(n.rows.length, 3, 'the late event is still kept in the history');
});

test('events that do not fit the expected shape are skipped, the rest applied', async () => {
  const res = await post([{ nonsense: true }, event('unfollow', U2, Date.now(), '01HSHAPE000000000000000001')]);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { received: 2, processed: 1, duplicates: 0, ignored: 1 });
  assert.deepEqual(await status(U2), ['unfollowed']);
});

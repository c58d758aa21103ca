import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

// The emulator signs and POSTs real webhook bodies (per LINE's webhook.yml) to the app listening on a port,
// so the signature check runs on bytes produced by an independent implementation.
let t: TestApp;
let emu: RunningEmulator;
let hookUrl: string;
const SECRET = 'emulator-webhook-secret-42';
const U1 = 'U' + 'a'.repeat(32);
const U2 = 'U' + 'b'.repeat(32);

async function fire(body: Record<string, unknown>): Promise<{ status: number; responseBody: unknown }> {
  const res = await fetch(`${emu.url}/_emulator/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: hookUrl, channelSecret: SECRET, ...body }),
  });
  assert.equal(res.status, 200);
  const out = (await res.json()) as { status: number; responseBody: string };
  return { status: out.status, responseBody: out.responseBody ? JSON.parse(out.responseBody) : null };
}
async function status(userId: string): Promise<string[]> {
  const r = await t.ctx.db.query<{ follow_status: string }>('SELECT follow_status FROM profiles WHERE line_user_id = $1 ORDER BY id', [
    userId,
  ]);
  return r.rows.map((x) => x.follow_status);
}

before(async () => {
  t = await testApp();
  emu = await startEmulator({ port: 0 });
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'OA',
    channelId: '1234567890',
    channelSecret: SECRET,
    channelAccessToken: 'token-emulator-1',
    apiBaseUrl: emu.url,
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [t.workspaceId],
    isEmulator: true,
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  hookUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/webhooks/line/${a.id}`;
  const p = await t.ctx.db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('p') RETURNING id`);
  await t.ctx.db.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, 'a', $2, 'following'), ($1, 'b', $3, 'unknown')`,
    [p.rows[0]!.id, U1, U2],
  );
});
after(async () => {
  await t.close();
  await emu.close();
});

test('emulator unfollow then follow (unblock): signature accepted, profile status follows, redelivery de-duplicated', async () => {
  const t0 = Date.now() - 60_000;
  const un = await fire({ type: 'unfollow', userId: U1, timestamp: t0, webhookEventId: '01HEMUUNFOLLOW000000000001' });
  assert.equal(un.status, 200);
  assert.deepEqual(un.responseBody, { received: 1, processed: 1, duplicates: 0, ignored: 0 });
  assert.deepEqual(await status(U1), ['unfollowed']);

  const again = await fire({
    type: 'unfollow',
    userId: U1,
    timestamp: t0,
    webhookEventId: '01HEMUUNFOLLOW000000000001',
    isRedelivery: true,
  });
  assert.deepEqual(again.responseBody, { received: 1, processed: 0, duplicates: 1, ignored: 0 });

  const fo = await fire({ type: 'follow', userId: U1, timestamp: t0 + 1_000, isUnblocked: true });
  assert.deepEqual(fo.responseBody, { received: 1, processed: 1, duplicates: 0, ignored: 0 });
  assert.deepEqual(await status(U1), ['following']);
  await fire({ type: 'follow', userId: U2 });
  assert.deepEqual(await status(U2), ['following']);
  const fe = await t.ctx.db.query<{ event: string }>('SELECT event FROM follow_events ORDER BY occurred_at, id');
  assert.deepEqual(
    fe.rows.map((r) => r.event),
    ['unfollow', 'follow', 'follow'],
  );
});

test('a webhook signed with another channel secret answers 401 and changes nothing', async () => {
  const before = await t.ctx.db.query('SELECT 1 FROM webhook_events');
  const bad = await fire({ type: 'unfollow', userId: U2, channelSecret: 'not-the-channel-secret' });
  assert.equal(bad.status, 401);
  assert.deepEqual(await status(U2), ['following']);
  const afterRows = await t.ctx.db.query('SELECT 1 FROM webhook_events');
  assert.equal(afterRows.rows.length, before.rows.length);
});

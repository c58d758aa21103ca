import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

let t: TestApp;
let emu: RunningEmulator;
before(async () => {
  t = await testApp();
  emu = await startEmulator({
    port: 0,
    tokens: ['good-token-123456'],
    channelId: '1650000001',
    quota: { type: 'limited', value: 5000 },
  } as never);
});
after(async () => {
  await t.close();
  await emu.close();
});

async function account(token: string, channelId = '1650000001') {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/line-accounts',
    headers: t.auth(),
    payload: { name: 'OA', channelId, channelSecret: 'secret-secret', channelAccessToken: token, apiBaseUrl: emu.url, isEmulator: true },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id as string;
}

test('verify reports a working account with its bot name and quota', async () => {
  const id = await account('good-token-123456');
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${id}/verify`, headers: t.auth() });
  assert.equal(r.statusCode, 200, r.body);
  const v = r.json();
  assert.equal(v.ok, true);
  assert.equal(v.token.channelMatches, true);
  assert.ok(v.bot.displayName);
  assert.equal(v.quota.limit, 5000);
  assert.ok(!r.body.includes('good-token-123456'));
});

test('verify reports a rejected token as not ok, with LINE status, and never echoes the token', async () => {
  const id = await account('wrong-token-999999');
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${id}/verify`, headers: t.auth() });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().ok, false);
  assert.equal(r.json().bot.status, 401);
  assert.ok(!r.body.includes('wrong-token-999999'));
});

test('verify notices a token of another channel', async () => {
  const id = await account('good-token-123456', '42');
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${id}/verify`, headers: t.auth() });
  assert.equal(r.json().ok, false);
  assert.equal(r.json().token.channelMatches, false);
});

async function statelessAccount(channelSecret: string) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/line-accounts',
    headers: t.auth(),
    payload: {
      name: 'Stateless OA',
      channelId: '1650000001',
      channelSecret,
      tokenMode: 'stateless',
      apiBaseUrl: emu.url,
      isEmulator: true,
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id as string;
}

test('verify on a stateless account issues a token from the channel secret, then calls LINE with it; neither secret nor token is echoed', async () => {
  const id = await statelessAccount('emulator-channel-secret');
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${id}/verify`, headers: t.auth() });
  assert.equal(r.statusCode, 200, r.body);
  const v = r.json();
  assert.equal(v.ok, true, r.body);
  assert.equal(v.token.expiresInSeconds, 900);
  assert.equal(v.token.channelMatches, true);
  assert.equal(v.bot.ok, true);
  assert.equal(v.quota.limit, 5000);
  const cached = await t.ctx.db.query<{ token_enc: string }>('SELECT token_enc FROM line_issued_tokens WHERE line_account_id = $1', [id]);
  const issued = t.ctx.box.open(cached.rows[0]!.token_enc);
  assert.ok(!r.body.includes(issued) && !r.body.includes('emulator-channel-secret'));
});

test('verify on a stateless account with a wrong secret: not ok, LINE’s refusal reported, no secret in the answer', async () => {
  const id = await statelessAccount('a-wrong-channel-secret');
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${id}/verify`, headers: t.auth() });
  assert.equal(r.statusCode, 200, r.body);
  const v = r.json();
  assert.equal(v.ok, false);
  assert.equal(v.token.ok, false);
  assert.equal(v.token.status, 400);
  assert.match(v.token.message, /invalid_client/);
  assert.equal(v.bot.ok, false);
  assert.ok(!r.body.includes('a-wrong-channel-secret'));
});

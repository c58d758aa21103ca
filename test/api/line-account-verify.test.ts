import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

let t: TestApp;
let emu: RunningEmulator;
before(async () => {
  t = await testApp();
  emu = await startEmulator({ port: 0, tokens: ['good-token-123456'], channelId: '1650000001', quota: { type: 'limited', value: 5000 } } as never);
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

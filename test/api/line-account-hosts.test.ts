import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { createApiKey } from '../../src/admin/users.ts';
import { createUser } from '../../src/admin/users.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { listener } from '../helpers/listener.ts';

let t: TestApp;
let trap: Awaited<ReturnType<typeof listener>>;
const SECRET = 'stored-channel-secret-0001';
const TOKEN = 'stored-long-lived-token-0001';

before(async () => {
  t = await testApp();
  trap = await listener();
});
after(async () => {
  await t.close();
  await trap.close();
});
beforeEach(() => {
  trap.requests.length = 0;
});

type Detail = { path: string; message: string };
const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, key?: string) =>
  t.app.inject({ method, url, headers: t.auth(key), payload });
const detailPaths = (body: string) => (JSON.parse(body) as { error: { details: Detail[] } }).error.details.map((d) => d.path).sort();
const create = (extra: object) =>
  req('POST', '/api/v1/line-accounts', { name: 'OA', channelId: '1650000000', channelSecret: SECRET, channelAccessToken: TOKEN, ...extra });

test('verify refuses an account stored before the rule that points at a listener: 400 naming apiBaseUrl, nothing sent', async () => {
  // as an account saved by an earlier version (or edited in the database) would be: not marked, pointing anywhere
  const a = await createLineAccount(t.ctx.db, t.ctx.box, {
    name: 'Legacy',
    channelId: '1650000000',
    channelSecret: SECRET,
    channelAccessToken: TOKEN,
    apiBaseUrl: trap.url,
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [],
  });
  const r = await req('POST', `/api/v1/line-accounts/${a.id}/verify`);
  assert.equal(r.statusCode, 400, r.body);
  assert.deepEqual(detailPaths(r.body), ['apiBaseUrl']);
  assert.equal(trap.requests.length, 0, 'the listener received nothing');
  assert.ok(!r.body.includes(TOKEN) && !r.body.includes(SECRET));
});

test('create refuses a non-LINE apiBaseUrl (internal addresses included) with a 400 naming apiBaseUrl, and stores nothing', async () => {
  const before = (await t.ctx.db.query('SELECT id FROM line_accounts')).rows.length;
  for (const url of [
    trap.url,
    'http://169.254.169.254',
    'http://api.line.me',
    'https://api.line.me.evil.example',
    'https://api.line.me@evil.example',
  ]) {
    const r = await create({ apiBaseUrl: url });
    assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
    assert.deepEqual(detailPaths(r.body), ['apiBaseUrl'], url);
  }
  assert.equal((await t.ctx.db.query('SELECT id FROM line_accounts')).rows.length, before);
  assert.equal(trap.requests.length, 0);
});

test('an admin cannot redirect a stored token: PATCH to a listener is refused, and marking it an emulator needs the secrets again', async () => {
  const c = await create({});
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id;
  const p1 = await req('PATCH', `/api/v1/line-accounts/${id}`, { apiBaseUrl: trap.url });
  assert.equal(p1.statusCode, 400);
  assert.deepEqual(detailPaths(p1.body), ['apiBaseUrl']);
  const p2 = await req('PATCH', `/api/v1/line-accounts/${id}`, { apiBaseUrl: trap.url, isEmulator: true });
  assert.equal(p2.statusCode, 400);
  assert.deepEqual(detailPaths(p2.body), ['channelAccessToken', 'channelSecret']);
  const unchanged = (await req('GET', `/api/v1/line-accounts/${id}`)).json();
  assert.equal(unchanged.apiBaseUrl, 'https://api.line.me');
  assert.equal(unchanged.isEmulator, false);
  // with secrets typed again, the account may point at an emulator: what reaches it is what was typed, not what was stored
  const p3 = await req('PATCH', `/api/v1/line-accounts/${id}`, {
    apiBaseUrl: trap.url,
    isEmulator: true,
    channelSecret: 'emulator-secret-1',
    channelAccessToken: 'emulator-token-1',
  });
  assert.equal(p3.statusCode, 200, p3.body);
  await req('POST', `/api/v1/line-accounts/${id}/verify`);
  assert.ok(trap.requests.length > 0);
  assert.ok(trap.requests.every((x) => !JSON.stringify(x).includes(TOKEN) && !JSON.stringify(x).includes(SECRET)));
  assert.ok(trap.requests.some((x) => x.authorization === 'Bearer emulator-token-1'));
});

test('a role other than admin may not mark an account as an emulator (403)', async () => {
  const id = (await create({})).json().id;
  const u = await createUser(t.ctx.db, {
    email: 'm@example.com',
    name: 'M',
    isAdmin: false,
    memberships: [{ workspaceId: t.workspaceId, role: 'admin' }],
  });
  const key = (await createApiKey(t.ctx.db, u.id, 'k')).key;
  const r = await req(
    'PATCH',
    `/api/v1/line-accounts/${id}`,
    { isEmulator: true, apiBaseUrl: trap.url, channelSecret: 'x'.repeat(10), channelAccessToken: 'y'.repeat(10) },
    key,
  );
  assert.equal(r.statusCode, 403);
  assert.equal((await req('GET', `/api/v1/line-accounts/${id}`)).json().isEmulator, false);
});

test("rates above LINE's per-channel limits are refused naming the field, except on an emulator account", async () => {
  const push = await create({ pushPerSecond: 2001 });
  assert.equal(push.statusCode, 400);
  assert.deepEqual(detailPaths(push.body), ['pushPerSecond']);
  const multi = await create({ multicastPerSecond: 201 });
  assert.equal(multi.statusCode, 400);
  assert.deepEqual(detailPaths(multi.body), ['multicastPerSecond']);
  const both = await create({ pushPerSecond: 10_000, multicastPerSecond: 1_000 });
  assert.deepEqual(detailPaths(both.body), ['multicastPerSecond', 'pushPerSecond']);
  const id = (await create({ pushPerSecond: 2000, multicastPerSecond: 200 })).json().id;
  const p = await req('PATCH', `/api/v1/line-accounts/${id}`, { pushPerSecond: 5000 });
  assert.equal(p.statusCode, 400);
  assert.deepEqual(detailPaths(p.body), ['pushPerSecond']);
  assert.equal((await req('GET', `/api/v1/line-accounts/${id}`)).json().pushPerSecond, 2000);

  const emu = await create({ apiBaseUrl: trap.url, isEmulator: true, pushPerSecond: 10_000, multicastPerSecond: 1_000 });
  assert.equal(emu.statusCode, 201, emu.body);
  assert.equal(emu.json().pushPerSecond, 10_000);
  // unmarking it with its rates would leave them above LINE's limits (rates named: this PATCH must not lean on schema defaults)
  const un = await req('PATCH', `/api/v1/line-accounts/${emu.json().id}`, {
    isEmulator: false,
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 10_000,
    multicastPerSecond: 1_000,
  });
  assert.equal(un.statusCode, 400);
  assert.deepEqual(detailPaths(un.body), ['multicastPerSecond', 'pushPerSecond']);
  assert.equal(trap.requests.length, 0);
});

test('token modes: stateless needs no token (and refuses one); long-lived needs one; switching to stateless drops the stored token', async () => {
  const s = await req('POST', '/api/v1/line-accounts', {
    name: 'S',
    channelId: '1650000001',
    channelSecret: SECRET,
    tokenMode: 'stateless',
  });
  assert.equal(s.statusCode, 201, s.body);
  assert.equal(s.json().tokenMode, 'stateless');
  assert.equal(s.json().channelAccessTokenLast4, null);
  const withToken = await create({ tokenMode: 'stateless' });
  assert.equal(withToken.statusCode, 400);
  assert.deepEqual(detailPaths(withToken.body), ['channelAccessToken']);
  const noToken = await req('POST', '/api/v1/line-accounts', { name: 'L', channelId: '1650000001', channelSecret: SECRET });
  assert.equal(noToken.statusCode, 400);
  assert.deepEqual(detailPaths(noToken.body), ['channelAccessToken']);

  const id = (await create({})).json().id;
  const sw = await req('PATCH', `/api/v1/line-accounts/${id}`, { tokenMode: 'stateless' });
  assert.equal(sw.statusCode, 200, sw.body);
  assert.equal(sw.json().channelAccessTokenLast4, null);
  const row = await t.ctx.db.query<{ channel_access_token_enc: string | null }>(
    'SELECT channel_access_token_enc FROM line_accounts WHERE id = $1',
    [id],
  );
  assert.equal(row.rows[0]!.channel_access_token_enc, null);
  const back = await req('PATCH', `/api/v1/line-accounts/${id}`, { tokenMode: 'longLived' });
  assert.equal(back.statusCode, 400);
  assert.deepEqual(detailPaths(back.body), ['channelAccessToken']);
  const back2 = await req('PATCH', `/api/v1/line-accounts/${id}`, { tokenMode: 'longLived', channelAccessToken: 'fresh-long-lived-9999' });
  assert.equal(back2.statusCode, 200, back2.body);
  assert.equal(back2.json().channelAccessTokenLast4, '9999');
});

test('the operator may allow a host by configuration (LINECAST_LINE_ALLOWED_HOSTS): no mark needed, still capped at LINE rates', async () => {
  const t2 = await testApp({ lineAllowedHosts: [trap.url] });
  try {
    const c = await t2.app.inject({
      method: 'POST',
      url: '/api/v1/line-accounts',
      headers: t2.auth(),
      payload: { name: 'Via proxy', channelId: '1650000000', channelSecret: SECRET, channelAccessToken: TOKEN, apiBaseUrl: trap.url },
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().isEmulator, false);
    const v = await t2.app.inject({ method: 'POST', url: `/api/v1/line-accounts/${c.json().id}/verify`, headers: t2.auth() });
    assert.equal(v.statusCode, 200, v.body);
    assert.ok(
      trap.requests.some((x) => x.authorization === `Bearer ${TOKEN}`),
      'the allowed host is called',
    );
    const fast = await t2.app.inject({
      method: 'PATCH',
      url: `/api/v1/line-accounts/${c.json().id}`,
      headers: t2.auth(),
      payload: { pushPerSecond: 2001 },
    });
    assert.equal(fast.statusCode, 400);
  } finally {
    await t2.close();
  }
});

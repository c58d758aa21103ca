import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const secret = 'chan-secret-abcdef-1234';
const token = 'access-token-xyz-9876543210';
const body = { name: 'Shop', channelId: '1650000000', channelSecret: secret, channelAccessToken: token };

test('secrets are write-only: only the last 4 characters come back, and they are encrypted at rest', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/line-accounts',
    headers: t.auth(),
    payload: { ...body, workspaceIds: [t.workspaceId] },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.ok(!r.body.includes(secret) && !r.body.includes(token));
  assert.equal(r.json().channelSecretLast4, '1234');
  assert.equal(r.json().channelAccessTokenLast4, '3210');
  const list = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/line-accounts`, headers: t.auth() });
  assert.ok(!list.body.includes(secret) && !list.body.includes(token));
  assert.equal(list.json().items.length, 1);
  const raw = await t.ctx.db.query<Record<string, unknown>>('SELECT * FROM line_accounts');
  assert.ok(!JSON.stringify(raw.rows).includes(secret) && !JSON.stringify(raw.rows).includes(token));
});

test('rotating the token changes the stored secret and its last 4', async () => {
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/line-accounts', headers: t.auth(), payload: body });
  const id = c.json().id;
  const p = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/line-accounts/${id}`,
    headers: t.auth(),
    payload: { channelAccessToken: 'new-token-abcdefgh-5555' },
  });
  assert.equal(p.statusCode, 200);
  assert.equal(p.json().channelAccessTokenLast4, '5555');
  const { getLineCredentials } = await import('../../src/admin/line-accounts.ts');
  const creds = await getLineCredentials(t.ctx.db, t.ctx.box, id);
  assert.equal(creds?.channelAccessToken, 'new-token-abcdefgh-5555');
  assert.equal(creds?.channelSecret, secret);
});

test('bad input answers 400 naming every field', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/line-accounts',
    headers: t.auth(),
    payload: { name: 'x', channelId: 'abc', channelSecret: secret, channelAccessToken: token, pushPerSecond: -1, apiBaseUrl: 'ftp://x' },
  });
  assert.equal(r.statusCode, 400);
  const paths = r
    .json()
    .error.details.map((d: { path: string }) => d.path)
    .sort();
  assert.deepEqual(paths, ['body.apiBaseUrl', 'body.channelId', 'body.pushPerSecond']);
});

test('assigning to a workspace that does not exist is a 400 and stores nothing', async () => {
  const before = (await t.ctx.db.query('SELECT id FROM line_accounts')).rows.length;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/line-accounts',
    headers: t.auth(),
    payload: { ...body, workspaceIds: ['00000000-0000-4000-8000-000000000000'] },
  });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().error.details[0].path, 'workspaceIds');
  assert.equal((await t.ctx.db.query('SELECT id FROM line_accounts')).rows.length, before);
});

test('workspace assignment decides what the campaign editor lists', async () => {
  const ws2 = (await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: t.auth(), payload: { name: 'Two' } })).json().id;
  const c = await t.app.inject({ method: 'POST', url: '/api/v1/line-accounts', headers: t.auth(), payload: { ...body, name: 'Only two' } });
  const put = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/line-accounts/${c.json().id}/workspaces`,
    headers: t.auth(),
    payload: { workspaceIds: [ws2] },
  });
  assert.deepEqual(put.json().workspaceIds, [ws2]);
  const inTwo = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${ws2}/line-accounts`, headers: t.auth() });
  assert.deepEqual(
    inTwo.json().items.map((a: { name: string }) => a.name),
    ['Only two'],
  );
  const inOne = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/line-accounts`, headers: t.auth() });
  assert.ok(!inOne.json().items.some((a: { name: string }) => a.name === 'Only two'));
});

test('malformed JSON is a 400, not a crash', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/workspaces',
    headers: { ...t.auth(), 'content-type': 'application/json' },
    payload: '{"name":',
  });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().error.details[0].path, 'body');
});

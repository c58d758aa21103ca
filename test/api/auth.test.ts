import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let marketerKey: string;
let viewerKey: string;
let otherWs: string;
before(async () => {
  t = await testApp();
  const other = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: t.auth(), payload: { name: 'Other' } });
  otherWs = other.json().id;
  for (const role of ['marketer', 'viewer'] as const) {
    const u = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: t.auth(),
      payload: { email: `${role}@example.com`, memberships: [{ workspaceId: t.workspaceId, role }] },
    });
    assert.equal(u.statusCode, 201, u.body);
    const k = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: t.auth(),
      payload: { userId: u.json().id, name: role },
    });
    assert.equal(k.statusCode, 201, k.body);
    if (role === 'marketer') marketerKey = k.json().key;
    else viewerKey = k.json().key;
  }
});
after(() => t.close());

test('no key answers 401 with a JSON error', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/workspaces' });
  assert.equal(r.statusCode, 401);
  assert.equal(r.json().error.code, 'unauthorized');
});

test('an unknown key answers 401', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/workspaces', headers: t.auth('lc_not-a-real-key') });
  assert.equal(r.statusCode, 401);
  assert.match(r.json().error.message, /not valid/);
});

test('a revoked key stops working', async () => {
  const k = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: t.auth(), payload: { name: 'temp' } });
  const key = k.json().key as string;
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(key) })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${k.json().id}`, headers: t.auth() })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(key) })).statusCode, 401);
});

test('a marketer may not manage LINE accounts (403)', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/line-accounts', headers: t.auth(marketerKey) });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().error.code, 'forbidden');
});

test('a viewer may read the workspace but not change it', async () => {
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}`, headers: t.auth(viewerKey) })).statusCode,
    200,
  );
  const r = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/workspaces/${t.workspaceId}`,
    headers: t.auth(viewerKey),
    payload: { name: 'x' },
  });
  assert.equal(r.statusCode, 403);
});

test("another workspace's resources answer 404 to non-members", async () => {
  for (const url of [`/api/v1/workspaces/${otherWs}`, `/api/v1/workspaces/${otherWs}/line-accounts`]) {
    const r = await t.app.inject({ method: 'GET', url, headers: t.auth(marketerKey) });
    assert.equal(r.statusCode, 404, url);
  }
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/workspaces', headers: t.auth(marketerKey) });
  assert.deepEqual(
    list.json().items.map((w: { id: string }) => w.id),
    [t.workspaceId],
  );
});

test('unknown routes answer 404 JSON, health answers without a key', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: t.auth() });
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().error.code, 'not_found');
  const h = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(h.statusCode, 200);
  assert.equal(h.json().ok, true);
});

test('OpenAPI is served at /docs/json and lists the resources', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/docs/json' });
  assert.equal(r.statusCode, 200);
  const paths = Object.keys(r.json().paths);
  for (const p of ['/api/v1/workspaces', '/api/v1/line-accounts', '/api/v1/workspaces/{ws}/line-accounts']) assert.ok(paths.includes(p), p);
});

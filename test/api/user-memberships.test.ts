import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

// Found by the API fuzz suite: a membership naming a workspace that does not exist reached the foreign key and
// answered 500 on PATCH. It is a 400 naming the entry, on create and on update, and changes nothing.
let t: TestApp;
let userId: string;
const ghost = '5f0c7a52-8a43-4d3c-9a4e-0d7c1f9b2e61';
before(async () => {
  t = await testApp();
  const u = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: t.auth(),
    payload: { email: 'm@example.com', memberships: [{ workspaceId: t.workspaceId, role: 'viewer' }] },
  });
  assert.equal(u.statusCode, 201, u.body);
  userId = u.json().id;
});
after(() => t.close());

test('PATCH with a membership in a workspace that does not exist: 400 naming it, memberships unchanged', async () => {
  const r = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${userId}`,
    headers: t.auth(),
    payload: {
      memberships: [
        { workspaceId: t.workspaceId, role: 'admin' },
        { workspaceId: ghost, role: 'admin' },
      ],
    },
  });
  assert.equal(r.statusCode, 400, r.body);
  assert.deepEqual(r.json().error.details, [{ path: 'body.memberships[1].workspaceId', message: `workspace ${ghost} does not exist` }]);
  const u = await t.app.inject({ method: 'GET', url: `/api/v1/users/${userId}`, headers: t.auth() });
  assert.deepEqual(u.json().memberships, [{ workspaceId: t.workspaceId, role: 'viewer' }]);
});

test('POST with a membership in a workspace that does not exist: 400 naming it, no user created', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: t.auth(),
    payload: { email: 'n@example.com', memberships: [{ workspaceId: ghost, role: 'viewer' }] },
  });
  assert.equal(r.statusCode, 400, r.body);
  assert.equal(r.json().error.details[0].path, 'body.memberships[0].workspaceId');
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth() });
  assert.ok(!list.json().items.some((x: { email: string }) => x.email === 'n@example.com'));
});

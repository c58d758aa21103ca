import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

// Found by the API fuzz suite: a global administrator passes every workspace's role check, so a workspace id
// that does not exist reached the insert (a foreign-key 500) or answered an empty list. It is a 404.
let t: TestApp;
const ghost = '6f1c2a9e-0b7d-4e55-9c3a-1d2e3f4a5b6c';
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('a workspace that does not exist answers 404 to a global administrator, on writes and on reads', async () => {
  const calls: [string, string, unknown?][] = [
    ['POST', `/api/v1/workspaces/${ghost}/test-recipients`, { lineUserId: 'U' + '0'.repeat(31) + '1' }],
    ['POST', `/api/v1/workspaces/${ghost}/campaigns`, { name: 'Lost' }],
    ['GET', `/api/v1/workspaces/${ghost}/campaigns`],
    ['GET', `/api/v1/workspaces/${ghost}/segments`],
    ['GET', `/api/v1/workspaces/${ghost}/reports/overview`],
  ];
  for (const [method, url, payload] of calls) {
    const r = await t.app.inject({ method: method as 'GET', url, headers: t.auth(), payload: payload as object | undefined });
    assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
    assert.equal(r.json().error.code, 'not_found');
  }
  // The real workspace still answers.
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/campaigns`, headers: t.auth() })).statusCode,
    200,
  );
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, uid, type Fixture } from './fixture.ts';

let f: Fixture;
let id: string;
before(async () => {
  f = await campaignFixture();
  id = await f.readyCampaign('Mine');
});
after(() => f.close());

const actions = ['validate', 'launch', 'schedule', 'unschedule', 'cancel', 'resume', 'duplicate', 'archive', 'unarchive'];

test('another workspace cannot see or touch this campaign: 404 through its own workspace path too', async () => {
  // The outsider is admin of the other workspace: through that workspace the campaign does not exist.
  const via = (p: string) => `/api/v1/workspaces/${f.otherWs}/campaigns/${id}${p}`;
  assert.equal((await f.req('GET', via(''), undefined, f.keys.outsider)).status, 404);
  assert.equal((await f.req('PATCH', via(''), { name: 'x' }, f.keys.outsider)).status, 404);
  assert.equal((await f.req('DELETE', via(''), undefined, f.keys.outsider)).status, 404);
  for (const a of actions) assert.equal((await f.req('POST', via(`/${a}`), undefined, f.keys.outsider)).status, 404, a);
  const list = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/campaigns`, undefined, f.keys.outsider);
  assert.deepEqual(list.json.items, []);
  // And through this workspace's path the outsider is not a member: 404 as well.
  assert.equal((await f.req('GET', `campaigns/${id}`, undefined, f.keys.outsider)).status, 404);
  // Even the global admin cannot reach it under the wrong workspace.
  assert.equal((await f.req('GET', via(''), undefined, f.keys.admin)).status, 404);
  assert.equal((await f.req('GET', `campaigns/${id}`)).json.name, 'Mine', 'nothing changed');
});

test('a viewer reads campaigns and validates, but cannot create, edit or move them', async () => {
  assert.equal((await f.req('GET', 'campaigns', undefined, f.keys.viewer)).status, 200);
  assert.equal((await f.req('GET', `campaigns/${id}`, undefined, f.keys.viewer)).status, 200);
  assert.equal((await f.req('POST', `campaigns/${id}/validate`, undefined, f.keys.viewer)).status, 200);
  assert.equal((await f.req('POST', 'campaigns', { name: 'v' }, f.keys.viewer)).status, 403);
  assert.equal((await f.req('PATCH', `campaigns/${id}`, { name: 'v' }, f.keys.viewer)).status, 403);
  assert.equal((await f.req('DELETE', `campaigns/${id}`, undefined, f.keys.viewer)).status, 403);
  for (const a of actions.filter((a) => a !== 'validate'))
    assert.equal((await f.req('POST', `campaigns/${id}/${a}`, undefined, f.keys.viewer)).status, 403, a);
  assert.equal((await f.req('GET', 'test-recipients', undefined, f.keys.viewer)).status, 200);
  assert.equal((await f.req('POST', 'test-recipients', { lineUserId: uid(1) }, f.keys.viewer)).status, 403);
  const c = await f.req('GET', `campaigns/${id}`);
  assert.equal(c.json.state, 'Draft');
  assert.equal(c.json.name, 'Mine');
});

test('without an API key everything answers 401', async () => {
  const r = await f.t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${f.ws}/campaigns` });
  assert.equal(r.statusCode, 401);
});

test('test recipients: saved per workspace, upserted by LINE user ID, deleted by id, isolated', async () => {
  const bad = await f.req('POST', 'test-recipients', { lineUserId: 'Uabc' });
  assert.equal(bad.status, 400);
  const a = await f.req('POST', 'test-recipients', { lineUserId: uid(7), label: 'My phone' });
  assert.equal(a.status, 201, a.body);
  const again = await f.req('POST', 'test-recipients', { lineUserId: uid(7), label: 'Work phone' });
  assert.equal(again.json.id, a.json.id);
  await f.req('POST', 'test-recipients', { lineUserId: uid(8) });
  const list = await f.req('GET', 'test-recipients');
  assert.deepEqual(
    list.json.items.map((r: { lineUserId: string; label: string }) => [r.lineUserId, r.label]),
    [
      [uid(8), ''],
      [uid(7), 'Work phone'],
    ],
  );
  const theirs = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/test-recipients`, undefined, f.keys.outsider);
  assert.deepEqual(theirs.json.items, []);
  assert.equal(
    (await f.req('DELETE', `/api/v1/workspaces/${f.otherWs}/test-recipients/${a.json.id}`, undefined, f.keys.outsider)).status,
    404,
  );
  assert.equal((await f.req('DELETE', `test-recipients/${a.json.id}`)).status, 204);
  assert.equal((await f.req('GET', 'test-recipients')).json.items.length, 1);
});

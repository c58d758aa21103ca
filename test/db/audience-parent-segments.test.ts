import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audienceFixture, uid, type AudienceFixture, type Json } from '../audience/fixture.ts';

let f: AudienceFixture;
before(async () => {
  f = await audienceFixture();
});
after(() => f.close());

test('parent segments: create with workspaces, counts in the list, rename, reassign, delete', async () => {
  let r = await f.req('POST', '/api/v1/parent-segments', { name: 'Loyalty', workspaceIds: [f.ws] });
  assert.equal(r.status, 201);
  const id = r.json.id;
  assert.deepEqual(r.json.workspaceIds, [f.ws]);
  assert.deepEqual([r.json.profileCount, r.json.withLineUserIdCount], [0, 0]);
  await f.send(`/api/v1/parent-segments/${id}/import`, `customer_key,line_user_id\na,${uid(1)}\nb,\nc,${uid(3)}\n`, 'text/csv');

  r = await f.req('GET', '/api/v1/parent-segments');
  const listed = r.json.items.find((p: Json) => p.id === id);
  assert.deepEqual([listed.profileCount, listed.withLineUserIdCount], [3, 2]);

  r = await f.req('PATCH', `/api/v1/parent-segments/${id}`, { name: 'Loyalty 2' });
  assert.equal(r.json.name, 'Loyalty 2');
  assert.deepEqual(r.json.workspaceIds, [f.ws]);

  r = await f.req('PUT', `/api/v1/parent-segments/${id}/workspaces`, { workspaceIds: [f.otherWs] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.workspaceIds, [f.otherWs]);
  r = await f.req('GET', `/api/v1/workspaces/${f.ws}/parent-segments`, undefined, f.keys.viewer);
  assert.ok(!r.json.items.some((p: Json) => p.id === id), 'no longer offered in ws');
  r = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/parent-segments`, undefined, f.keys.outsider);
  assert.ok(r.json.items.some((p: Json) => p.id === id));

  r = await f.req('PUT', `/api/v1/parent-segments/${id}/workspaces`, { workspaceIds: [f.ws, '00000000-0000-4000-8000-000000000009'] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'body.workspaceIds[1]');

  r = await f.req('DELETE', `/api/v1/parent-segments/${id}`);
  assert.equal(r.status, 204);
  r = await f.req('GET', `/api/v1/parent-segments/${id}`);
  assert.equal(r.status, 404);
  r = await f.req('GET', `/api/v1/parent-segments/${id}/profiles`);
  assert.equal(r.status, 404);
});

test('workspace listing shows only parent segments allowed there, to members only', async () => {
  const mine = await f.parent('Mine');
  const theirs = await f.parent('Theirs', [f.otherWs]);
  let r = await f.req('GET', `/api/v1/workspaces/${f.ws}/parent-segments`, undefined, f.keys.viewer);
  assert.equal(r.status, 200);
  const ids = r.json.items.map((p: Json) => p.id);
  assert.ok(ids.includes(mine));
  assert.ok(!ids.includes(theirs));
  r = await f.req('GET', `/api/v1/workspaces/${f.ws}/parent-segments`, undefined, f.keys.outsider);
  assert.equal(r.status, 404);
  // The admin-wide API is for administrators.
  r = await f.req('GET', '/api/v1/parent-segments', undefined, f.keys.marketer);
  assert.equal(r.status, 403);
  r = await f.req('POST', '/api/v1/parent-segments', { name: 'x', workspaceIds: [] }, f.keys.marketer);
  assert.equal(r.status, 403);
});

test('profiles: keyset paging by id and ?q= on the customer key', async () => {
  const id = await f.parent('Paged');
  const rows = Array.from({ length: 25 }, (_, i) => `cust-${String(i).padStart(2, '0')}`).join('\n');
  await f.send(`/api/v1/parent-segments/${id}/import`, `customer_key\n${rows}\nVIP-1\n`, 'text/csv');
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; json: Json } = await f.req(
      'GET',
      `/api/v1/parent-segments/${id}/profiles?limit=10${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(r.status, 200);
    seen.push(...r.json.items.map((p: Json) => p.customerKey));
    cursor = r.json.nextCursor;
  } while (cursor);
  assert.equal(seen.length, 26);
  assert.equal(new Set(seen).size, 26);
  const q = await f.req('GET', `/api/v1/parent-segments/${id}/profiles?q=vip`);
  assert.deepEqual(
    q.json.items.map((p: Json) => p.customerKey),
    ['VIP-1'],
  );
  const bad = await f.req('GET', `/api/v1/parent-segments/${id}/profiles?cursor=abc`);
  assert.equal(bad.status, 400);
});

test('parent segment list pages with a cursor', async () => {
  for (const n of ['p1', 'p2', 'p3']) await f.parent(n);
  const all: string[] = [];
  let cursor: string | null = null;
  do {
    const r: { json: Json } = await f.req('GET', `/api/v1/parent-segments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...r.json.items.map((p: Json) => p.id));
    cursor = r.json.nextCursor;
  } while (cursor);
  const once = await f.req('GET', '/api/v1/parent-segments?limit=500');
  assert.deepEqual(
    all,
    once.json.items.map((p: Json) => p.id),
  );
});

test('a malformed cursor is a 400, not a database error', async () => {
  let r = await f.req('GET', '/api/v1/parent-segments?cursor=nope');
  assert.equal(r.status, 400);
  r = await f.req('GET', `/api/v1/workspaces/${f.ws}/segments?cursor=nope`);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'querystring.cursor');
});

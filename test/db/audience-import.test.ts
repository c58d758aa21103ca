import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { audienceFixture, uid, type AudienceFixture, type Json } from '../audience/fixture.ts';

let f: AudienceFixture;
before(async () => {
  f = await audienceFixture();
});
after(() => f.close());

const importUrl = (id: string, qs = '') => `/api/v1/parent-segments/${id}/import${qs}`;
async function profiles(id: string): Promise<Map<string, Json>> {
  const r = await f.req('GET', `/api/v1/parent-segments/${id}/profiles?limit=500`);
  assert.equal(r.status, 200);
  return new Map(r.json.items.map((p: Json) => [p.customerKey, p]));
}

test('CSV import: quoted fields with commas, quotes and newlines, blank lines, CRLF, attributes kept as strings', async () => {
  const id = await f.parent('csv');
  const csv = [
    'customer_key,line_user_id,follow_status,name,note,points',
    `c1,${uid(1)},following,"Sato, Aiko","said ""hi""",10`,
    '',
    `c2,${uid(2)},unfollowed,Ren,"two\nlines",7.5`,
    'c3,,,Mei,,',
  ].join('\r\n');
  const r = await f.send(importUrl(id), csv, 'text/csv');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json, { inserted: 3, updated: 0, unchanged: 0, rejected: [], rejectedCount: 0, encoding: 'utf-8' });
  const p = await profiles(id);
  assert.deepEqual(p.get('c1').attributes, { name: 'Sato, Aiko', note: 'said "hi"', points: '10' });
  assert.equal(p.get('c1').lineUserId, uid(1));
  assert.equal(p.get('c1').followStatus, 'following');
  assert.equal(p.get('c2').attributes.note, 'two\nlines');
  assert.equal(p.get('c2').followStatus, 'unfollowed');
  // Empty cells are not stored: no LINE id, unknown follow state, no note or points.
  assert.deepEqual(p.get('c3'), { ...p.get('c3'), lineUserId: null, followStatus: 'unknown', attributes: { name: 'Mei' } });
});

test('bad LINE user ids and other row problems are reported with their line numbers and skipped; the rest is imported', async () => {
  const id = await f.parent('bad rows');
  const csv = [
    'customer_key,line_user_id,follow_status,city', // line 1
    `ok1,${uid(1)},following,Tokyo`, // 2
    `bad1,U123,following,Osaka`, // 3
    `bad2,${uid(0xabc).toUpperCase()},,Osaka`, // 4 (uppercase hex)
    `"multi`, // 5 – a quoted key spanning two lines starts here
    `line",${uid(3)},,Kyoto`, // 6
    `bad3,${uid(4)},maybe,Nara`, // 7
    `,${uid(5)},,Kobe`, // 8
    `short,${uid(6)}`, // 9
    `ok2,,,Sapporo`, // 10
  ].join('\n');
  const r = await f.send(importUrl(id), csv, 'text/csv');
  assert.equal(r.status, 200);
  assert.equal(r.json.inserted, 3);
  assert.equal(r.json.rejectedCount, 5);
  assert.deepEqual(
    r.json.rejected.map((x: Json) => x.line),
    [3, 4, 7, 8, 9],
  );
  assert.match(r.json.rejected[0].message, /line_user_id "U123" is not a LINE user ID/);
  assert.match(r.json.rejected[2].message, /follow_status "maybe"/);
  assert.match(r.json.rejected[3].message, /no customer key/);
  assert.match(r.json.rejected[4].message, /expected 4 fields/);
  const p = await profiles(id);
  assert.deepEqual([...p.keys()].sort(), ['multi\nline', 'ok1', 'ok2']);
});

test('upsert by customer key: attributes merge, known follow state is kept, unchanged rows are not rewritten', async () => {
  const id = await f.parent('upsert');
  let r = await f.send(
    importUrl(id),
    `customer_key,line_user_id,follow_status,tier,city\na,${uid(1)},unfollowed,gold,Tokyo\nb,,,silver,Osaka\n`,
    'text/csv',
  );
  assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [2, 0, 0]);
  // a: new tier, no follow_status column → stays unfollowed; b: gets a LINE id; c: new; b's city untouched.
  r = await f.send(importUrl(id), `customer_key,line_user_id,tier\na,,platinum\nb,${uid(2)},silver\nc,,bronze\n`, 'text/csv');
  assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [1, 2, 0]);
  let p = await profiles(id);
  assert.deepEqual(p.get('a').attributes, { tier: 'platinum', city: 'Tokyo' });
  assert.equal(p.get('a').followStatus, 'unfollowed');
  assert.equal(p.get('a').lineUserId, uid(1));
  assert.equal(p.get('b').lineUserId, uid(2));
  assert.deepEqual(p.get('b').attributes, { tier: 'silver', city: 'Osaka' });
  // The same file again changes nothing.
  r = await f.send(importUrl(id), `customer_key,line_user_id,tier\na,,platinum\nb,${uid(2)},silver\nc,,bronze\n`, 'text/csv');
  assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [0, 0, 3]);
  // A key twice in one file: the later values win and count as an update.
  r = await f.send(importUrl(id), `customer_key,tier\nd,gold\nd,silver\n`, 'text/csv');
  assert.deepEqual([r.json.inserted, r.json.updated], [1, 1]);
  p = await profiles(id);
  assert.equal(p.get('d').attributes.tier, 'silver');
});

test('NDJSON keeps JSON types, null clears an attribute, bad lines are rejected by line number', async () => {
  const id = await f.parent('ndjson');
  const lines = [
    JSON.stringify({ customer_key: 'n1', line_user_id: uid(7), points: 12, vip: true, tags: ['a', 'b'], profile: { age: 30 } }),
    '{not json',
    '',
    JSON.stringify([1, 2]),
    JSON.stringify({ customer_key: 42, follow_status: 'following', line_user_id: uid(8) }),
    JSON.stringify({ customer_key: 'n3', line_user_id: 'Uxyz' }),
  ].join('\n');
  let r = await f.send(importUrl(id), lines, 'application/x-ndjson');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.inserted, 2);
  assert.deepEqual(
    r.json.rejected.map((x: Json) => x.line),
    [2, 4, 6],
  );
  let p = await profiles(id);
  assert.deepEqual(p.get('n1').attributes, { points: 12, vip: true, tags: ['a', 'b'], profile: { age: 30 } });
  assert.equal(p.get('42').followStatus, 'following');
  r = await f.send(importUrl(id), JSON.stringify({ customer_key: 'n1', vip: null }) + '\n', 'application/x-ndjson');
  assert.equal(r.json.updated, 1);
  p = await profiles(id);
  assert.equal(p.get('n1').attributes.vip, null);
});

test('keyColumn and a custom LINE id column; a gzip body', async () => {
  const id = await f.parent('custom columns');
  const csv = `email,uid,plan\nx@example.com,${uid(9)},pro\n`;
  const r = await f.send(importUrl(id, '?keyColumn=email&lineUserIdColumn=uid'), zlib.gzipSync(csv), 'text/csv', {
    'content-encoding': 'gzip',
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const p = await profiles(id);
  assert.equal(p.get('x@example.com').lineUserId, uid(9));
  assert.deepEqual(p.get('x@example.com').attributes, { email: 'x@example.com', plan: 'pro' });
  const tsv = await f.send(importUrl(id, '?delimiter=tab'), 'customer_key\tplan\nt1\tfree\n', 'text/csv');
  assert.equal(tsv.json.inserted, 1);
});

test('an invalid file is a 400 naming the line, and nothing of it is applied', async () => {
  const id = await f.parent('invalid');
  await f.send(importUrl(id), 'customer_key,tier\nkeep,gold\n', 'text/csv');
  // Broken quoting after some good rows, with more rows than one batch would hold before it.
  const good = Array.from({ length: 30 }, (_, i) => `k${i},silver`).join('\n');
  let r = await f.send(importUrl(id), `customer_key,tier\nkeep,platinum\n${good}\nbad,"unterminated\n`, 'text/csv');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'import_failed');
  assert.match(r.json.error.message, /line 33: a quoted field \(field 2\) is never closed/);
  assert.equal(r.json.error.line, 33);
  assert.match(r.json.error.message, /nothing was changed/);
  const p = await profiles(id);
  assert.deepEqual([...p.keys()], ['keep']);
  assert.equal(p.get('keep').attributes.tier, 'gold');

  r = await f.send(importUrl(id), 'email,tier\na,gold\n', 'text/csv');
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /line 1: the header has no "customer_key" column/);
  r = await f.send(importUrl(id), '', 'text/csv');
  assert.equal(r.status, 400);
  r = await f.send(importUrl(id), 'customer_key,a,a\nx,1,2\n', 'text/csv');
  assert.match(r.json.error.message, /names column "a" twice/);
  r = await f.send(importUrl(id), 'customer_key\nx\n', 'application/xml');
  assert.equal(r.status, 415);
});

test('import is admin-only and 404s for an unknown parent segment', async () => {
  const id = await f.parent('roles');
  const r = await f.t.app.inject({
    method: 'POST',
    url: importUrl(id),
    headers: { ...f.t.auth(f.keys.marketer), 'content-type': 'text/csv' },
    payload: 'customer_key\na\n',
  });
  assert.equal(r.statusCode, 403);
  const n = await f.send(importUrl('00000000-0000-4000-8000-000000000000'), 'customer_key\na\n', 'text/csv');
  assert.equal(n.status, 404);
});

test('the rejected list is capped at 1,000 entries; the count is complete', async () => {
  const id = await f.parent('many bad');
  const rows = Array.from({ length: 1500 }, (_, i) => `k${i},Ubad`).join('\n');
  const r = await f.send(importUrl(id), `customer_key,line_user_id\n${rows}\nfine,\n`, 'text/csv');
  assert.equal(r.json.rejectedCount, 1500);
  assert.equal(r.json.rejected.length, 1000);
  assert.equal(r.json.inserted, 1);
});

test('small batches: a key repeated across batches of a new parent segment still upserts; a late file error undoes every batch', async () => {
  const { importProfiles } = await import('../../src/audience/import/importer.ts');
  const { Readable } = await import('node:stream');
  const db = f.t.ctx.db;
  const id = await f.parent('batched');
  const rows = ['customer_key,tier', 'a,gold', 'b,gold', 'c,gold', 'a,silver', 'd,gold', 'b,platinum', 'e,gold'].join('\n');
  const r = await importProfiles(db, Readable.from([rows]), { parentSegmentId: id, format: 'csv', batchSize: 2 });
  assert.deepEqual([r.inserted, r.updated, r.unchanged, r.rejectedCount], [5, 2, 0, 0]);
  const p = await profiles(id);
  assert.deepEqual([...p.keys()].sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(p.get('a').attributes.tier, 'silver');
  assert.equal(p.get('b').attributes.tier, 'platinum');

  const fresh = await f.parent('batched, broken');
  const broken = ['customer_key,tier', 'a,gold', 'b,gold', 'c,gold', 'd,gold', 'e,"oops'].join('\n');
  await assert.rejects(importProfiles(db, Readable.from([broken]), { parentSegmentId: fresh, format: 'csv', batchSize: 2 }), /line 6/);
  assert.equal((await profiles(fresh)).size, 0);
});

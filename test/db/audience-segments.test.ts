import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audienceFixture, uid, type AudienceFixture, type Json } from '../audience/fixture.ts';
import { segmentReach } from '../../src/audience/reach.ts';
import { compileSegment } from '../../src/audience/compile.ts';

let f: AudienceFixture;
let ps: string;
const NOTE = "O'Reilly; DROP TABLE profiles;--";

before(async () => {
  f = await audienceFixture();
  ps = await f.parent('Known set');
  const rows = [
    {
      customer_key: 'a',
      line_user_id: uid(1),
      follow_status: 'following',
      tier: 'gold',
      points: 120,
      city: 'Tokyo',
      signup: '2024-01-15',
      vip: true,
      note: NOTE,
    },
    {
      customer_key: 'b',
      line_user_id: uid(2),
      follow_status: 'following',
      tier: 'silver',
      points: '80',
      city: 'Osaka',
      signup: '2024-06-01T09:00:00+09:00',
      vip: false,
    },
    {
      customer_key: 'c',
      line_user_id: uid(3),
      follow_status: 'unfollowed',
      tier: 'gold',
      points: 'lots',
      city: 'tokyo',
      signup: 'not a date',
    },
    { customer_key: 'd', tier: 'bronze', points: 5.5, signup: '2024-02-30' },
    { customer_key: 'e', line_user_id: uid(1), follow_status: 'following', tier: 'gold' },
  ];
  const r = await f.send(`/api/v1/parent-segments/${ps}/import`, rows.map((x) => JSON.stringify(x)).join('\n'), 'application/x-ndjson');
  assert.equal(r.json.inserted, 5);
  // A malformed LINE id can only arrive outside the import (which rejects it); reach must still count it as missing.
  await f.t.ctx.db.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, 'f', 'Uinvalid', 'following')`,
    [ps],
  );
});
after(() => f.close());

const leaf = (attribute: string, operator: string, value?: unknown) => ({ type: 'condition', attribute, operator, value });
const group = (op: 'and' | 'or', ...children: unknown[]) => ({ type: 'group', op, children });

async function keys(rule: unknown): Promise<string[]> {
  const params: unknown[] = [ps];
  const where = compileSegment(rule as never, params);
  const r = await f.t.ctx.db.query<{ customer_key: string }>(
    `SELECT customer_key FROM profiles p WHERE parent_segment_id = $1 AND ${where} ORDER BY customer_key`,
    params,
  );
  return r.rows.map((x) => x.customer_key);
}

test('every operator, on values of the wrong type too, without SQL errors', async () => {
  const cases: [unknown, string[]][] = [
    [group('and'), ['a', 'b', 'c', 'd', 'e', 'f']],
    [leaf('tier', 'equals', 'gold'), ['a', 'c', 'e']],
    [leaf('tier', 'not_equals', 'gold'), ['b', 'd', 'f']],
    [leaf('tier', 'in', ['silver', 'bronze']), ['b', 'd']],
    [leaf('city', 'contains', 'TOK'), ['a', 'c']],
    [leaf('points', 'greater_than', 100), ['a']],
    [leaf('points', 'greater_than', '50'), ['a', 'b']],
    [leaf('points', 'less_than', 10), ['d']],
    [leaf('points', 'equals', 80), ['b']],
    [leaf('points', 'equals', '80'), ['b']],
    [leaf('points', 'equals', 120), ['a']],
    [leaf('vip', 'equals', true), ['a']],
    [leaf('vip', 'exists'), ['a', 'b']],
    [leaf('vip', 'not_exists'), ['c', 'd', 'e', 'f']],
    [leaf('signup', 'before', '2024-03-01'), ['a']],
    [leaf('signup', 'after', '2024-05-31T23:59:59Z'), ['b']],
    [leaf('signup', 'before', '2024-06-01T00:00:01Z'), ['a', 'b']],
    [leaf('signup', 'after', '2024-06-01T00:00:00Z'), []],
    [leaf('follow_status', 'equals', 'unfollowed'), ['c']],
    [leaf('line_user_id', 'not_exists'), ['d']],
    [leaf('line_user_id', 'equals', uid(1)), ['a', 'e']],
    [leaf('customer_key', 'in', ['a', 'b', 'zz']), ['a', 'b']],
    [leaf('note', 'equals', NOTE), ['a']],
    [leaf('note', 'contains', "o'reilly; drop table"), ['a']],
    [
      group('or', group('and', leaf('tier', 'equals', 'gold'), leaf('city', 'contains', 'tokyo')), leaf('tier', 'equals', 'silver')),
      ['a', 'b', 'c'],
    ],
    [group('and', leaf('tier', 'equals', 'gold'), group('or')), ['a', 'c', 'e']],
    [leaf("x'); DROP TABLE profiles; --", 'exists'), []],
  ];
  for (const [rule, expected] of cases) assert.deepEqual(await keys(rule), expected, JSON.stringify(rule));
  const still = await f.t.ctx.db.query<{ n: number }>('SELECT count(*) AS n FROM profiles WHERE parent_segment_id = $1', [ps]);
  assert.equal(still.rows[0]!.n, 6);
});

test('reach counts like the delivery snapshot: missing id, unfollowed, duplicate LINE id', async () => {
  const all = await segmentReach(f.t.ctx.db, f.t.ctx.campaignLookup, { workspaceId: f.ws, parentSegmentId: ps, rule: group('and') });
  assert.equal(all.profiles, 6);
  assert.equal(all.withLineUserId, 4);
  assert.equal(all.following, 2);
  assert.deepEqual(all.excluded, { missing_recipient_id: 2, unfollowed: 1, duplicate_recipient: 1 });
  assert.deepEqual(
    all.sample.map((p) => p.customerKey),
    ['a', 'b', 'c', 'd', 'e', 'f'],
  );
  assert.deepEqual(Object.keys(all.sample[0]!).sort(), ['attributes', 'customerKey', 'followStatus', 'id', 'lineUserId']);
  const gold = await segmentReach(f.t.ctx.db, f.t.ctx.campaignLookup, {
    workspaceId: f.ws,
    parentSegmentId: ps,
    rule: group('and', leaf('tier', 'equals', 'gold')),
  });
  assert.deepEqual([gold.profiles, gold.withLineUserId, gold.following], [3, 3, 1]);
  assert.deepEqual(gold.excluded, { missing_recipient_id: 0, unfollowed: 1, duplicate_recipient: 1 });
});

test('segments API: create, reach, ad-hoc reach, update, delete; the parent segment must be allowed here', async () => {
  const base = `/api/v1/workspaces/${f.ws}`;
  const rule = group('and', leaf('tier', 'equals', 'gold'));
  let r = await f.req('POST', `${base}/segments`, { name: 'Gold', parentSegmentId: ps, rule }, f.keys.marketer);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const seg: Json = r.json;
  assert.deepEqual(seg.rule, rule);
  r = await f.req('GET', `${base}/segments/${seg.id}/reach`, undefined, f.keys.viewer);
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.profiles, r.json.withLineUserId, r.json.following], [3, 3, 1]);
  r = await f.req('POST', `${base}/reach`, { parentSegmentId: ps, rule: group('or') }, f.keys.viewer);
  assert.equal(r.json.profiles, 6);
  r = await f.req(
    'PATCH',
    `${base}/segments/${seg.id}`,
    { name: 'Silver', rule: group('and', leaf('tier', 'equals', 'silver')) },
    f.keys.marketer,
  );
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'Silver');
  r = await f.req('GET', `${base}/segments/${seg.id}/reach`, undefined, f.keys.viewer);
  assert.equal(r.json.profiles, 1);
  r = await f.req('GET', `${base}/segments?limit=1`, undefined, f.keys.viewer);
  assert.equal(r.json.items.length, 1);

  const foreign = await f.parent('Theirs', [f.otherWs]);
  r = await f.req('POST', `${base}/segments`, { name: 'X', parentSegmentId: foreign, rule }, f.keys.marketer);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'body.parentSegmentId');
  r = await f.req('POST', `${base}/reach`, { parentSegmentId: foreign, rule }, f.keys.viewer);
  assert.equal(r.status, 400);
  r = await f.req('PATCH', `${base}/segments/${seg.id}`, { parentSegmentId: foreign }, f.keys.marketer);
  assert.equal(r.status, 400);

  r = await f.req('DELETE', `${base}/segments/${seg.id}`, undefined, f.keys.marketer);
  assert.equal(r.status, 204);
  r = await f.req('GET', `${base}/segments/${seg.id}`, undefined, f.keys.viewer);
  assert.equal(r.status, 404);
});

test('invalid rules are 400 with the path of the bad leaf; engagement leaves compile once click tracking registers them', async () => {
  const base = `/api/v1/workspaces/${f.ws}`;
  let r = await f.req(
    'POST',
    `${base}/segments`,
    { name: 'Bad', parentSegmentId: ps, rule: group('and', leaf('points', 'greater_than', 'abc')) },
    f.keys.marketer,
  );
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'body.rule.children[0].value');
  r = await f.req(
    'POST',
    `${base}/segments`,
    { name: 'Bad', parentSegmentId: ps, rule: group('and', leaf("a'b", 'exists')) },
    f.keys.marketer,
  );
  assert.equal(r.status, 400);
  r = await f.req(
    'POST',
    `${base}/segments`,
    { name: 'Bad', parentSegmentId: ps, rule: group('and', leaf('a', 'sounds_like', 'x')) },
    f.keys.marketer,
  );
  assert.equal(r.status, 400);
  r = await f.req(
    'POST',
    `${base}/reach`,
    {
      parentSegmentId: ps,
      rule: group('and', { type: 'engagement', event: 'clicked', campaignId: '00000000-0000-4000-8000-000000000001' }),
    },
    f.keys.viewer,
  );
  // An engagement leaf must name a campaign of this workspace; one that does not exist is refused like another
  // workspace's (the answer must not tell the two apart).
  assert.equal(r.status, 400);
  assert.equal(r.json.error.details[0].path, 'body.rule.children[0].campaignId');
  const own = await f.t.ctx.db.query<{ id: string }>(`INSERT INTO campaigns (workspace_id, name) VALUES ($1, 'Mine') RETURNING id`, [f.ws]);
  r = await f.req(
    'POST',
    `${base}/reach`,
    { parentSegmentId: ps, rule: group('and', { type: 'engagement', event: 'clicked', campaignId: own.rows[0]!.id }) },
    f.keys.viewer,
  );
  // Click tracking registers the engagement compiler when the app loads: nobody clicked a campaign that never ran.
  assert.equal(r.status, 200);
  assert.equal(r.json.profiles, 0);
});

test('roles and workspace isolation', async () => {
  const base = `/api/v1/workspaces/${f.ws}`;
  const rule = group('and');
  let r = await f.req('POST', `${base}/segments`, { name: 'V', parentSegmentId: ps, rule }, f.keys.viewer);
  assert.equal(r.status, 403);
  r = await f.req('POST', `${base}/segments`, { name: 'Mine', parentSegmentId: ps, rule }, f.keys.marketer);
  const id = r.json.id;
  // Another workspace's admin sees nothing of it, through either workspace.
  r = await f.req('GET', `${base}/segments/${id}`, undefined, f.keys.outsider);
  assert.equal(r.status, 404);
  r = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/segments/${id}`, undefined, f.keys.outsider);
  assert.equal(r.status, 404);
  r = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/segments/${id}/reach`, undefined, f.keys.outsider);
  assert.equal(r.status, 404);
  r = await f.req('PATCH', `/api/v1/workspaces/${f.otherWs}/segments/${id}`, { name: 'stolen' }, f.keys.outsider);
  assert.equal(r.status, 404);
  r = await f.req('DELETE', `/api/v1/workspaces/${f.otherWs}/segments/${id}`, undefined, f.keys.outsider);
  assert.equal(r.status, 404);
  r = await f.req('GET', `/api/v1/workspaces/${f.otherWs}/segments`, undefined, f.keys.outsider);
  assert.equal(r.json.items.length, 0);
  r = await f.req('DELETE', `${base}/segments/${id}`, undefined, f.keys.viewer);
  assert.equal(r.status, 403);
});

test('the demo data seeds a segment whose rule compiles and reaches the gold and platinum members', async () => {
  const { seedDemo } = await import('../../src/runtime/demo.ts');
  await seedDemo(f.t.ctx, { workspaceId: f.ws } as never);
  const segs = await f.req('GET', `/api/v1/workspaces/${f.ws}/segments?limit=500`, undefined, f.keys.viewer);
  const demo = segs.json.items.find((s: Json) => s.name === 'Gold and platinum members');
  assert.ok(demo);
  const r = await f.req('GET', `/api/v1/workspaces/${f.ws}/segments/${demo.id}/reach`, undefined, f.keys.viewer);
  assert.equal(r.status, 200);
  assert.equal(r.json.profiles, 1500); // tiers cycle bronze, silver, gold, platinum over 3,000 profiles
  assert.equal(r.json.profiles, r.json.withLineUserId + r.json.excluded.missing_recipient_id);
  assert.equal(r.json.withLineUserId, r.json.following + r.json.excluded.unfollowed + r.json.excluded.duplicate_recipient);
  assert.equal(r.json.sample.length, 10);
});

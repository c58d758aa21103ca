import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, type Fixture } from '../campaigns/fixture.ts';
import { openApiOperations, deref, fillPath, type JsonSchema } from '../helpers/openapi.ts';
import { INT4_MAX } from '../../src/schemas/common.ts';
import { signBody } from '../../src/tracking/webhook.ts';

/**
 * Bounded integers, checked cursors, rule trees measured before they are walked, rule dates PostgreSQL can
 * read, webhook timestamps a date can hold: each class is answered 400 naming the field (or, for LINE's
 * webhook, counted as an ignored event), never a 500.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let f: Fixture;
before(async () => {
  f = await campaignFixture(3);
});
after(() => f.close());
const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => f.req(method, url, body, f.keys.admin);

/** Every integer a request can carry, with its documented bounds. */
function integers(s0: JsonSchema, root: unknown, path: string, out: { path: string; s: JsonSchema }[], depth = 0): void {
  if (depth > 12) return;
  const s = deref(s0, root);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) integers(alt, root, path, out, depth + 1);
  if (s.type === 'integer') out.push({ path, s });
  if (s.items) integers(s.items, root, `${path}[]`, out, depth + 1);
  for (const [k, p] of Object.entries(s.properties ?? {})) integers(p, root, `${path}.${k}`, out, depth + 1);
}

test('every integer a request can carry is bounded, within what an int4 column holds', async () => {
  const { doc, ops } = await openApiOperations(f.t.app);
  const found: { path: string; s: JsonSchema }[] = [];
  for (const op of ops) {
    for (const [k, s] of Object.entries({ ...op.query, ...op.params })) integers(s, doc, `${op.method} ${op.url} ${k}`, found);
    if (op.body) integers(op.body, doc, `${op.method} ${op.url} body`, found);
  }
  assert.ok(found.length >= 10, `integers found: ${found.length}`);
  const unbounded = found.filter(
    ({ s }) => s.minimum === undefined || s.maximum === undefined || s.maximum > INT4_MAX || s.minimum < -INT4_MAX - 1,
  );
  assert.deepEqual(
    unbounded.map((u) => u.path),
    [],
  );
});

test('recipientCap beyond int4 is a 400 naming it, and the largest int4 is stored', async () => {
  const c = await f.req('POST', 'campaigns', { name: 'Cap' });
  let r = await f.req('PATCH', `campaigns/${c.json.id}`, { recipientCap: 2147483648 });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.details[0].path, 'body.recipientCap');
  r = await f.req('PATCH', `campaigns/${c.json.id}`, { recipientCap: INT4_MAX });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.recipientCap, INT4_MAX);
});

test('every list with a cursor refuses a cursor it did not hand out: 400 invalid_cursor naming cursor', async () => {
  const { ops } = await openApiOperations(f.t.app);
  const lists = ops.filter((o) => o.method === 'GET' && 'cursor' in o.query);
  assert.ok(lists.length >= 5, `lists with cursors: ${lists.map((l) => l.url).join(', ')}`);
  const ids: Record<string, string> = { ws: f.ws, id: f.parentSegmentId };
  const campaign = (await f.req('POST', 'campaigns', { name: 'Listed' })).json.id;
  const hostile = [
    'WyJ4IiwieSJd', // base64 of ["x","y"]
    '99999999999999999999',
    '-99999999999999999999',
    Buffer.from(JSON.stringify(['2024-13-45 99:00:00+00', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    Buffer.from(JSON.stringify(['2024-01-01 00:00:00+23', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    Buffer.from(JSON.stringify(['2024-02-30 00:00:00+00', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    'not a cursor',
    '%00',
    '1e5',
    '',
  ];
  let n = 0;
  for (const op of lists) {
    // Campaign-scoped lists (deliveries) take the campaign as :id.
    const url = fillPath(op.url, { ...ids, id: op.url.includes('/campaigns/') ? campaign : ids.id! });
    const first = await admin('GET', url);
    assert.equal(first.status, 200, `${url}: ${first.body}`);
    for (const c of hostile) {
      if (c === '') continue;
      const r = await admin('GET', `${url}?cursor=${c.startsWith('%') ? c : encodeURIComponent(c)}`);
      n++;
      assert.equal(r.status, 400, `${url}?cursor=${c}: ${r.body}`);
      assert.equal(r.json.error.code, 'invalid_cursor', `${url}?cursor=${c}: ${r.body}`);
      assert.equal(r.json.error.details[0].path, 'querystring.cursor');
    }
  }
  console.log(`# hostile cursors tried: ${n} over ${lists.length} lists`);
});

test('campaign list cursors still page through every campaign once', async () => {
  for (let i = 0; i < 5; i++) await f.req('POST', 'campaigns', { name: `Page ${i}` });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; json: Json } = await f.req('GET', `campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.json.items.map((c: Json) => c.id));
    cursor = r.json.nextCursor;
  } while (cursor);
  assert.equal(new Set(seen).size, seen.length);
  const all = await f.req('GET', 'campaigns?limit=500');
  assert.equal(seen.length, all.json.items.length);
});

/** A rule whose groups nest `depth` deep, as JSON text (JSON.stringify itself would overflow far enough down). */
function nested(depth: number): string {
  const open = '{"type":"group","op":"and","children":[';
  return open.repeat(depth) + '{"type":"condition","attribute":"tier","operator":"exists"}' + ']}'.repeat(depth);
}
async function sendText(method: 'POST' | 'PATCH', url: string, text: string) {
  const r = await f.t.app.inject({
    method,
    url,
    headers: { ...f.t.auth(f.keys.marketer), 'content-type': 'application/json' },
    payload: text,
  });
  return { status: r.statusCode, json: JSON.parse(r.body) as Json, body: r.body };
}

test('rules nested 1,000 (or 30,000) deep, or too large, are a 400 before the schema walks them', async () => {
  const base = `/api/v1/workspaces/${f.ws}`;
  for (const depth of [11, 1000, 30_000]) {
    for (const [method, url, body] of [
      ['POST', `${base}/reach`, `{"parentSegmentId":"${f.parentSegmentId}","rule":${nested(depth)}}`],
      ['POST', `${base}/segments`, `{"name":"Deep","parentSegmentId":"${f.parentSegmentId}","rule":${nested(depth)}}`],
      ['PATCH', `${base}/segments/${f.segmentId}`, `{"rule":${nested(depth)}}`],
    ] as const) {
      const r = await sendText(method, url, body);
      assert.equal(r.status, 400, `${method} ${url} at depth ${depth}: ${r.body.slice(0, 300)}`);
      assert.match(r.json.error.details[0].path, /^body\.rule(\.children\.0)+$/);
      assert.match(r.json.error.details[0].message, /nest at most 10/);
    }
  }
  // Ten levels still work.
  let r = await sendText('POST', `${base}/reach`, `{"parentSegmentId":"${f.parentSegmentId}","rule":${nested(10)}}`);
  assert.equal(r.status, 200, r.body.slice(0, 300));
  // Size: 200 children a group, 1,000 nodes a rule.
  const leaf = { type: 'condition', attribute: 'tier', operator: 'exists' };
  const wide = {
    type: 'group',
    op: 'or',
    children: Array.from({ length: 6 }, () => ({ type: 'group', op: 'or', children: Array(200).fill(leaf) })),
  };
  r = await f.req('POST', `${base}/reach`, { parentSegmentId: f.parentSegmentId, rule: wide });
  assert.equal(r.status, 400, r.body.slice(0, 300));
  assert.match(r.json.error.message, /at most 1000/);
});

test('rule dates: offsets PostgreSQL reads work, offsets it refuses are a 400 naming the value', async () => {
  const base = `/api/v1/workspaces/${f.ws}`;
  const rule = (value: string, operator = 'before') => ({
    type: 'group',
    op: 'and',
    children: [{ type: 'condition', attribute: 'joined', operator, value }],
  });
  for (const value of ['2024-01-01T00:00:00-23:59', '2024-01-01T00:00:00+16:00', '2024-02-30', '2024-01-01T24:00']) {
    for (const operator of ['before', 'after']) {
      const r = await f.req('POST', `${base}/reach`, { parentSegmentId: f.parentSegmentId, rule: rule(value, operator) });
      assert.equal(r.status, 400, `${operator} ${value}: ${r.body}`);
      assert.equal(r.json.error.details[0].path, 'body.rule.children[0].value');
    }
    const s = await f.req('POST', `${base}/segments`, { name: 'Bad date', parentSegmentId: f.parentSegmentId, rule: rule(value) });
    assert.equal(s.status, 400, s.body);
  }
  for (const value of ['2024-01-01T00:00:00-15:59', '2024-01-01T00:00:00+1500', '2024-01-01']) {
    const r = await f.req('POST', `${base}/reach`, { parentSegmentId: f.parentSegmentId, rule: rule(value) });
    assert.equal(r.status, 200, `${value}: ${r.body}`);
  }
});

test('LINE webhook: a timestamp of 1e20, NUL in fields and lone surrogates are ignored events, never a 500', async () => {
  const url = `/webhooks/line/${f.accountId}`;
  const send = async (events: unknown[]) => {
    const body = JSON.stringify({ destination: 'U0', events });
    const r = await f.t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, 'channel-secret-0001') },
      payload: body,
    });
    return { status: r.statusCode, json: JSON.parse(r.body) };
  };
  const good = { type: 'follow', timestamp: Date.now(), webhookEventId: 'ev-ok', source: { type: 'user', userId: 'U'.padEnd(33, 'a') } };
  const r = await send([
    { ...good, webhookEventId: 'ev-1', timestamp: 1e20 },
    { ...good, webhookEventId: 'ev-2', timestamp: -1 },
    { ...good, webhookEventId: 'ev-3', timestamp: 1.5 },
    { ...good, webhookEventId: 'ev-4', type: 'follow\u0000' },
    { ...good, webhookEventId: 'ev-\u0000' },
    { ...good, webhookEventId: 'ev-6', source: { type: 'user', userId: 'U\ud800' } },
    good,
  ]);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json, { received: 7, processed: 1, duplicates: 0, ignored: 6 });
});

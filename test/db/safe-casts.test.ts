import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { campaignFixture, uid, type Fixture } from '../campaigns/fixture.ts';
import { isIsoDate } from '../../src/audience/compile.ts';

/**
 * The SQL helpers compiled rules compare with (linecast_num, linecast_ts) answer NULL, never raise, for any
 * stored value: one odd value in one profile must not break every segment that compares its attribute —
 * parent segments are shared, so it would break other teams' campaigns too. Such profiles simply do not match.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let f: Fixture;
const HUGE = '1'.repeat(140_000);

before(async () => {
  f = await campaignFixture(3);
  await f.setQuota(null, 0);
  const db = f.t.ctx.db;
  // The three fixture profiles (c1..c3) get ordinary values; odd ones arrive by import and as stored values.
  for (const [key, joined, points] of [
    ['c1', '2020-05-01', '10'],
    ['c2', '2023-05-01T09:00:00+09:00', '42'],
    ['c3', '2025-01-01T00:00:00Z', '7.5'],
  ])
    await db.query(`UPDATE profiles SET attributes = jsonb_build_object('joined', $2::text, 'points', $3::text) WHERE customer_key = $1`, [
      key,
      joined,
      points,
    ]);
  const csv = [
    'customer_key,line_user_id,follow_status,joined,points',
    `odd1,${uid(101)},following,2024-01-01T00:00:00+23:59,1e999`,
    `odd2,${uid(102)},following,2024-02-30,99999999999999999999999999999999999999999`,
    `odd3,${uid(103)},following,9999-12-31T23:59:59.999999-15:59,-1e-999`,
  ].join('\n');
  const r = await f.t.app.inject({
    method: 'POST',
    url: `/api/v1/parent-segments/${f.parentSegmentId}/import`,
    headers: { ...f.t.auth(f.keys.admin), 'content-type': 'text/csv' },
    payload: csv,
  });
  assert.equal(r.statusCode, 200, r.body);
  // A value no import would accept any more, stored before: still must not break anything.
  await db.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status, attributes) VALUES ($1, 'odd4', $2, 'following', jsonb_build_object('joined', '2024-01-01T00:00:00-23:59'::text, 'points', $3::text))`,
    [f.parentSegmentId, uid(104), HUGE],
  );
});
after(() => f.close());

const rule = (...children: Json[]) => ({ type: 'group', op: 'and', children });
const leaf = (attribute: string, operator: string, value: unknown) => ({ type: 'condition', attribute, operator, value });

async function reachKeys(r: Json): Promise<string[]> {
  const res = await f.req('POST', `/api/v1/workspaces/${f.ws}/reach`, { parentSegmentId: f.parentSegmentId, rule: r });
  assert.equal(res.status, 200, `${JSON.stringify(r)}: ${res.body}`);
  return res.json.sample.map((p: Json) => p.customerKey).sort();
}

test('before / after / greater_than / less_than / equals work and pass over values the casts cannot read', async () => {
  // odd3's date is far off but PostgreSQL reads it (offsets go to ±15:59), so it compares like any other.
  assert.deepEqual(await reachKeys(rule(leaf('joined', 'after', '2021-01-01'))), ['c2', 'c3', 'odd3']);
  assert.deepEqual(await reachKeys(rule(leaf('joined', 'before', '2030-01-01'))), ['c1', 'c2', 'c3']);
  assert.deepEqual(await reachKeys(rule(leaf('joined', 'before', '2023-05-01T00:00:01Z'))), ['c1', 'c2']);
  assert.deepEqual(await reachKeys(rule(leaf('points', 'greater_than', 8))), ['c1', 'c2', 'odd1', 'odd2']);
  assert.deepEqual(await reachKeys(rule(leaf('points', 'less_than', 8))), ['c3', 'odd3']);
  assert.deepEqual(await reachKeys(rule(leaf('points', 'equals', 42))), ['c2']);
  assert.deepEqual(await reachKeys(rule(leaf('points', 'not_equals', 42))), ['c1', 'c3', 'odd1', 'odd2', 'odd3', 'odd4']);
});

test('a saved segment comparing those attributes validates, launches and snapshots only the rows it matches', async () => {
  const seg = await f.req('POST', `/api/v1/workspaces/${f.ws}/segments`, {
    name: 'Joined before 2030, over 8 points',
    parentSegmentId: f.parentSegmentId,
    rule: rule(leaf('joined', 'before', '2030-01-01'), leaf('points', 'greater_than', 8)),
  });
  assert.equal(seg.status, 201, seg.body);
  const reach = await f.req('GET', `/api/v1/workspaces/${f.ws}/segments/${seg.json.id}/reach`);
  assert.equal(reach.status, 200, reach.body);
  assert.equal(reach.json.profiles, 2);
  const id = await f.readyCampaign('Odd values');
  let r = await f.req('PATCH', `campaigns/${id}`, { audience: { parentSegmentId: f.parentSegmentId, segmentId: seg.json.id } });
  assert.equal(r.status, 200, r.body);
  r = await f.req('POST', `campaigns/${id}/validate`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.valid, true, r.body);
  r = await f.req('POST', `campaigns/${id}/launch`);
  assert.equal(r.status, 200, r.body);
  const rows = await f.t.ctx.db.query<{ customer_key: string }>(
    'SELECT p.customer_key FROM deliveries d JOIN profiles p ON p.id = d.profile_id WHERE d.campaign_id = $1 AND NOT d.is_test ORDER BY 1',
    [id],
  );
  assert.deepEqual(
    rows.rows.map((x) => x.customer_key),
    ['c1', 'c2'],
  );
});

test('linecast_num and linecast_ts never raise, and read a date exactly when the rule checker accepts it', async () => {
  const db = f.t.ctx.db;
  const isoish = fc
    .tuple(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }))),
      fc.option(fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 }))),
    )
    .map(([y, m, d, t, o]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      let s = `${p(y, 4)}-${p(m)}-${p(d)}`;
      if (t) s += `T${p(t[0])}:${p(t[1])}:${p(t[2])}`;
      if (t && o) s += `${o[0]}${p(o[1])}:${p(o[2])}`;
      return s;
    });
  const numberish = fc.oneof(
    fc.stringMatching(/^[-+]?\d{1,1200}(\.\d{0,50})?([eE][-+]?\d{1,4})?$/),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e1000', '1e-1000', HUGE, '0.' + '0'.repeat(20_000) + '1', ' 1 ', '.', '-'),
  );
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(isoish, { minLength: 50, maxLength: 50 }),
      fc.array(numberish, { minLength: 20, maxLength: 20 }),
      async (dates, nums) => {
        const r = await db.query<{ ts: (string | null)[]; num: (string | null)[] }>(
          'SELECT array_agg(linecast_ts(d)::text) AS ts, (SELECT array_agg(linecast_num(n)::text) FROM unnest($2::text[]) n) AS num FROM unnest($1::text[]) d',
          [dates, nums],
        );
        r.rows[0]!.ts.forEach((v, i) => assert.equal(v !== null, isIsoDate(dates[i]!), `${dates[i]} read as ${v}`));
        checked += dates.length + nums.length;
      },
    ),
    { numRuns: 40 },
  );
  console.log(`# values cast without an error: ${checked}`);
});

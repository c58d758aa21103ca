import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSegment } from '../../src/audience/compile.ts';
import { InvalidRuleError } from '../../src/audience/compile.ts';
import type { SegmentRule } from '../../src/schemas/segment.ts';

const leaf = (attribute: string, operator: string, value?: unknown) =>
  ({ type: 'condition', attribute, operator, value }) as SegmentRule['children'][number];
const and = (...children: SegmentRule['children']): SegmentRule => ({ type: 'group', op: 'and', children });

test('an empty group matches everything', () => {
  const params: unknown[] = [];
  assert.equal(compileSegment(and(), params), 'TRUE');
  assert.equal(compileSegment({ type: 'group', op: 'or', children: [] }, params), 'TRUE');
  assert.deepEqual(params, []);
});

test('attribute names and values only ever travel as parameters', () => {
  const evil = "x'); DROP TABLE profiles; --";
  const params: unknown[] = ['ps-id'];
  const sql = compileSegment(and(leaf(evil, 'equals', evil), leaf(evil, 'contains', evil), leaf(evil, 'in', [evil, 1])), params);
  assert.ok(!sql.includes('DROP'), sql);
  assert.ok(!sql.includes("'"), 'no string literal is written: ' + sql);
  assert.deepEqual(params.slice(0, 3), ['ps-id', evil, evil]);
  assert.ok(params.includes(evil));
  // Placeholders continue after the caller's own parameters.
  assert.match(sql, /\$2/);
  assert.doesNotMatch(sql, /\$1\b/);
});

test('built-in attributes compile to their columns under the given alias', () => {
  const params: unknown[] = [];
  const sql = compileSegment(
    and(leaf('line_user_id', 'exists'), leaf('follow_status', 'equals', 'following'), leaf('customer_key', 'in', ['a'])),
    params,
    'x',
  );
  assert.match(sql, /x\.line_user_id IS NOT NULL/);
  assert.match(sql, /x\.follow_status = \$1::text/);
  assert.match(sql, /x\.customer_key = ANY\(\$2::text\[\]\)/);
  assert.throws(() => compileSegment(and(), [], 'p; DROP'), /alias/);
});

test('values that do not fit their operator are a 400 naming each leaf', () => {
  const bad = and(
    leaf('points', 'greater_than', 'many'),
    { type: 'group', op: 'or', children: [leaf('signup', 'before', '2024-02-30'), leaf('signup', 'after', 'yesterday')] },
    leaf('tier', 'in', []),
    leaf('tier', 'equals'),
    leaf('name', 'contains', ''),
    leaf('tier', 'equals', ['a']),
  );
  try {
    compileSegment(bad, []);
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof InvalidRuleError);
    assert.equal(e.kind, 'invalid');
    assert.equal(e.code, 'invalid_rule');
    assert.deepEqual(
      e.details!.map((d) => d.path),
      [
        'rule.children[0].value',
        'rule.children[1].children[0].value',
        'rule.children[1].children[1].value',
        'rule.children[2].value',
        'rule.children[3].value',
        'rule.children[4].value',
        'rule.children[5].value',
      ],
    );
  }
  // Numeric strings and ISO date-times are fine.
  compileSegment(
    and(
      leaf('points', 'less_than', ' 1e3 '),
      leaf('signup', 'after', '2024-02-29T10:00:00+09:00'),
      leaf('s', 'before', '2024-02-29 10:00'),
    ),
    [],
  );
});

test('engagement leaves compile with nothing registered or imported first (no hidden wiring)', () => {
  // This file imports only the compiler: an engagement leaf must still compile, with click tracking's compiler.
  const rule = and({ type: 'engagement', event: 'clicked', campaignId: '00000000-0000-4000-8000-000000000001' });
  const params: unknown[] = ['x'];
  const sql = compileSegment(rule, params, 'q', { workspaceId: '00000000-0000-4000-8000-0000000000aa' });
  assert.match(sql, /link_clickers/);
  assert.match(sql, /q\.line_user_id/);
  assert.deepEqual(params, ['x', '00000000-0000-4000-8000-0000000000aa', '00000000-0000-4000-8000-000000000001']);
});

test('an engagement compiler handed in is the one used', () => {
  const rule = and({ type: 'engagement', event: 'clicked', campaignId: '00000000-0000-4000-8000-000000000001' });
  const params: unknown[] = ['x'];
  const sql = compileSegment(rule, params, 'q', {
    engagement: (l, ps, alias) => {
      ps.push(l.campaignId);
      return `EXISTS (SELECT 1 FROM t WHERE t.profile_id = ${alias}.id AND t.campaign = $${ps.length})`;
    },
  });
  assert.match(sql, /q\.id AND t\.campaign = \$2/);
  assert.deepEqual(params, ['x', '00000000-0000-4000-8000-000000000001']);
});

test('groups may not nest without bound', () => {
  let r: SegmentRule = and(leaf('a', 'exists'));
  for (let i = 0; i < 12; i++) r = and(r);
  assert.throws(() => compileSegment(r, []), /nest at most/);
});

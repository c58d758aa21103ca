import fc from 'fast-check';
import { dateStrings, hostileNumber, hostileString, hostileValue, urlStrings, Raw } from './hostile.ts';

/**
 * Generators for the fields whose OpenAPI schema is too loose to reach the code behind them: segment rules
 * (a recursive tree the SQL compiler walks) and LINE messages (a loose object the message rules check).
 */

const ATTRIBUTES = [
  'city',
  'signup',
  'score',
  'vip',
  'first_name',
  'line_user_id',
  'follow_status',
  'customer_key',
  'no_such_attr',
  'a.b',
  'x-y_z',
];
const OPERATORS = ['equals', 'not_equals', 'in', 'contains', 'greater_than', 'less_than', 'exists', 'not_exists', 'before', 'after'];

const scalar = fc.oneof(
  fc.constantFrom('Tokyo', 'Osaka', '', '2024-03-15', '2024-03-15T00:00:00Z', 'true', '10'),
  fc.constantFrom(...dateStrings),
  { arbitrary: hostileString, weight: 2 },
  fc.integer({ min: -100, max: 100 }),
  { arbitrary: hostileNumber, weight: 2 },
  fc.boolean(),
);

/** A rule tree: conditions on the fixtures' attributes, engagement on real campaigns, now and then broken. */
export function ruleArb(campaignIds: string[]): fc.Arbitrary<unknown> {
  const condition = fc.record({
    type: fc.constant('condition'),
    attribute: fc.oneof({ arbitrary: fc.constantFrom(...ATTRIBUTES), weight: 8 }, { arbitrary: hostileString, weight: 1 }),
    operator: fc.oneof({ arbitrary: fc.constantFrom(...OPERATORS), weight: 9 }, { arbitrary: hostileString, weight: 1 }),
    value: fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.constant(undefined), { arbitrary: hostileValue, weight: 1 }),
  });
  // Comparisons that make SQL cast: date operators with odd dates, number operators with numbers out of range.
  const dateCondition = fc.record({
    type: fc.constant('condition'),
    attribute: fc.constantFrom('signup', 'city', 'score'),
    operator: fc.constantFrom('before', 'after'),
    value: fc.oneof(fc.constantFrom(...dateStrings), fc.constantFrom('2024-03-01', '2024-03-01T12:00:00Z'), hostileNumber),
  });
  const numberCondition = fc.record({
    type: fc.constant('condition'),
    attribute: fc.constantFrom('score', 'signup', 'vip'),
    operator: fc.constantFrom('greater_than', 'less_than', 'equals', 'not_equals'),
    value: fc.oneof(hostileNumber, fc.constantFrom('9'.repeat(400), '1e999', '-0', 'NaN', '10')),
  });
  const engagement = fc.record(
    {
      type: fc.constant('engagement'),
      event: fc.constantFrom('received', 'clicked', 'not_clicked', 'opened'),
      campaignId: fc.oneof(fc.constantFrom(...campaignIds), fc.uuid(), hostileString),
      linkId: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 12 }), hostileString),
    },
    { requiredKeys: ['type', 'event', 'campaignId'] },
  );
  const { group } = fc.letrec<{ group: unknown; node: unknown }>((tie) => ({
    group: fc.record({
      type: fc.constant('group'),
      op: fc.oneof({ arbitrary: fc.constantFrom('and', 'or'), weight: 9 }, { arbitrary: hostileString, weight: 1 }),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, dateCondition, numberCondition, engagement, tie('group')),
  }));
  return fc.oneof(
    { arbitrary: group, weight: 20 },
    // Deep and wide trees: the size checks must come before anything walks them.
    { arbitrary: fc.constantFrom(50, 1_000, 5_000).map(deepRule), weight: 1 },
    { arbitrary: fc.constantFrom(200, 201, 5_000).map(wideRule), weight: 1 },
    { arbitrary: hostileValue, weight: 1 },
  );
}

/** A group nested `depth` deep, as JSON text (serialising it would itself overflow the test's stack). */
export function deepRule(depth: number): Raw {
  const leaf = '{"type":"condition","attribute":"city","operator":"equals","value":"Tokyo"}';
  return new Raw('{"type":"group","op":"or","children":['.repeat(depth) + leaf + ']}'.repeat(depth));
}

export function wideRule(n: number): unknown {
  return {
    type: 'group',
    op: 'or',
    children: Array.from({ length: n }, (_, i) => ({ type: 'condition', attribute: 'score', operator: 'equals', value: i })),
  };
}

const text = fc.oneof(
  fc.constantFrom(
    'Hello https://shop.example.com/sale?x=1#top',
    'Hi {{ profile.first_name | default: "there" }}',
    'See https://例え.jp/パス?q=値',
    'tel:+81-3-0000-0000',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    'x'.repeat(5_000),
    'x'.repeat(5_001),
    '😀'.repeat(2_501),
    '{% for i in (1..200) %}{{ i }}{% endfor %}',
    '{{ profile.first_name',
    '{{ secret.key }}',
  ),
  { arbitrary: hostileString, weight: 2 },
);

const area = fc.record({
  x: fc.integer({ min: -10, max: 1100 }),
  y: fc.integer({ min: -10, max: 1100 }),
  width: fc.integer({ min: 0, max: 1100 }),
  height: fc.integer({ min: 0, max: 1100 }),
});

const message = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record(
    {
      type: fc.constant('imagemap'),
      baseUrl: fc.oneof(
        fc.constantFrom('https://img.example.com/map', 'https://img.example.com/map.png', 'http://img.example.com/map'),
        fc.constantFrom(...urlStrings),
      ),
      altText: text,
      baseSize: fc.record({ width: fc.oneof(fc.constant(1040), hostileNumber), height: fc.integer({ min: 0, max: 3000 }) }),
      actions: fc.array(
        fc.oneof(
          fc.record({
            type: fc.constant('uri'),
            linkUri: fc.oneof(
              fc.constantFrom('https://shop.example.com/a', 'line://nv/location', 'tel:0120'),
              fc.constantFrom(...urlStrings),
            ),
            area,
          }),
          fc.record({ type: fc.constant('message'), text, area }),
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({
    type: fc.constantFrom('text', 'imagemap'),
    quickReply: hostileValue,
    sender: fc.record({ name: hostileString, iconUrl: fc.constantFrom(...urlStrings) }),
    text,
  }),
);

/** 0–6 messages (1–5 is allowed), now and then not messages at all. */
export const messagesArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.array(message, { minLength: 1, maxLength: 5 }), weight: 12 },
  { arbitrary: fc.array(message, { minLength: 6, maxLength: 6 }), weight: 1 },
  { arbitrary: fc.constant([]), weight: 1 },
  { arbitrary: hostileValue, weight: 1 },
  { arbitrary: fc.constant(new Raw('[' + '{"type":"text","text":"a"},'.repeat(10_000) + '{"type":"text","text":"a"}]')), weight: 1 },
);

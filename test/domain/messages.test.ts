import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageEdgeCases } from './message-edge-cases.ts';
import { LineMessageSchema, checkBodySize, jsonBodyBytes, messageWarnings, validateMessages } from '../../src/domain/index.ts';

for (const c of messageEdgeCases) {
  test(`edge case: ${c.name} is ${c.valid ? 'valid' : 'invalid'}${c.warn ? ` with warning ${c.warn}` : ''}`, () => {
    for (const templates of [true, false]) {
      const errors = validateMessages(c.messages, { templates });
      assert.equal(errors.length === 0, c.valid, `templates=${templates}: ${JSON.stringify(errors).slice(0, 500)}`);
      if (c.valid) {
        const codes = messageWarnings(c.messages, { templates }).map((w) => w.code);
        assert.deepEqual(codes, c.warn ? [c.warn] : [], `templates=${templates}: warnings`);
      }
    }
  });
}

test('paths use LINE property format and every error is returned, not the first', () => {
  const errors = validateMessages([
    { type: 'text', text: 'x'.repeat(5001), sender: { name: 'n'.repeat(21) } },
    {
      type: 'imagemap',
      baseUrl: 'https://example.com/a',
      altText: 'a',
      baseSize: { width: 1040, height: 100 },
      actions: [
        { type: 'uri', linkUri: 'https://example.com', area: { x: 0, y: 0, width: 10, height: 10 } },
        { type: 'uri', linkUri: 'https://example.com', area: { x: 0, y: 0, width: 10, height: 10 } },
        { type: 'uri', linkUri: 'https://example.com', area: { x: 0, y: 0, width: 10, height: 10 } },
        { type: 'uri', linkUri: 'ftp://x', area: { x: -5, y: 0, width: 10, height: 200 } },
      ],
    },
  ]);
  assert.deepEqual(errors.map((e) => e.path).sort(), [
    'messages[0].sender.name',
    'messages[0].text',
    'messages[1].actions[3].area.x',
    'messages[1].actions[3].linkUri',
  ]);
  assert.equal(errors.find((e) => e.path === 'messages[0].text')?.message, 'Length must be between 0 and 5000');
});

test('basePath prefixes every path; the count error sits on the array itself', () => {
  const errors = validateMessages([], { basePath: 'content.messages' });
  assert.deepEqual(errors, [
    { path: 'content.messages', message: 'Size must be between 1 and 5', code: 'size', params: { min: 1, max: 5 } },
  ]);
  const six = validateMessages(
    Array.from({ length: 6 }, () => ({ type: 'text', text: '' })),
    { basePath: 'content.messages' },
  );
  assert.equal(six.length, 7, 'the count and each of the six empty texts');
  assert.equal(six[6]?.path, 'content.messages[5].text');
  assert.deepEqual(validateMessages('x'), [{ path: 'messages', message: 'Must be an array', code: 'type_array', params: {} }]);
});

test('Liquid: length is measured on the template, URL fields that start with Liquid pass only when templates are allowed', () => {
  const templated = [
    { type: 'text', text: 'Hi {{ profile.first_name | default: "there" }}' },
    {
      type: 'imagemap',
      baseUrl: '{{ profile.banner_url }}',
      altText: 'For {{ profile.first_name }}',
      baseSize: { width: 1040, height: 1040 },
      actions: [
        {
          type: 'uri',
          linkUri: '{% if profile.vip %}https://a.example/vip{% else %}https://a.example{% endif %}',
          area: { x: 0, y: 0, width: 1040, height: 1040 },
        },
      ],
    },
  ];
  assert.deepEqual(validateMessages(templated), []);
  const rendered = validateMessages(templated, { templates: false }).map((e) => e.path);
  assert.deepEqual(rendered, ['messages[1].baseUrl', 'messages[1].actions[0].linkUri']);
  // Liquid in the middle of a URL does not excuse a wrong scheme.
  assert.equal(validateMessages([{ type: 'text', text: 'x', sender: { iconUrl: 'http://example.com/{{ profile.id }}' } }]).length, 1);
  // A Liquid last segment cannot be judged for an extension until rendered.
  assert.deepEqual(validateMessages([{ ...templated[1], baseUrl: 'https://cdn.example.com/maps/{{ campaign.id }}' }]), []);
  // The raw template counts toward the 5,000 limit.
  assert.equal(validateMessages([{ type: 'text', text: '{{ profile.a }}' + 'x'.repeat(4986) }]).length, 1);
});

test('grapheme counting for action text: 400 family emoji are 400 characters', () => {
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
  const m = (n: number) => [
    {
      type: 'imagemap',
      baseUrl: 'https://example.com/m',
      altText: 'a',
      baseSize: { width: 1040, height: 1040 },
      actions: [{ type: 'message', text: family.repeat(n), area: { x: 0, y: 0, width: 1, height: 1 } }],
    },
  ];
  assert.deepEqual(validateMessages(m(400)), []);
  assert.equal(validateMessages(m(401))[0]?.path, 'messages[0].actions[0].text');
});

test('other LINE message types pass only when allowOtherTypes is set, and still get common checks', () => {
  const image = { type: 'audio', originalContentUrl: 'https://example.com/a.m4a', duration: 60000 };
  assert.match(
    validateMessages([image])[0]!.message,
    /Must be one of the following values: \[text, imagemap, image, video, sticker, flex\]/,
  );
  assert.deepEqual(validateMessages([image], { allowOtherTypes: true }), []);
  assert.deepEqual(
    validateMessages([{ ...image, sender: { name: 'n'.repeat(21) } }], { allowOtherTypes: true }).map((e) => e.path),
    ['messages[0].sender.name'],
  );
  assert.equal(validateMessages([{ type: 'carousel' }], { allowOtherTypes: true }).length, 1);
});

test('the exported schema parses a valid message and rejects an invalid one', () => {
  const parsed = LineMessageSchema.parse({ type: 'text', text: 'Hi', extra: 1 });
  assert.deepEqual(parsed, { type: 'text', text: 'Hi' });
  assert.equal(LineMessageSchema.safeParse({ type: 'text', text: '' }).success, false);
});

test('request body size: 2 MB of UTF-8 JSON passes, one byte more fails', () => {
  const max = 2 * 1024 * 1024;
  const overhead = jsonBodyBytes({ to: 'U', messages: [{ type: 'text', text: '' }] });
  const body = (n: number) => ({ to: 'U', messages: [{ type: 'text', text: 'a'.repeat(n) }] });
  assert.deepEqual(checkBodySize(body(max - overhead)), []);
  assert.equal(checkBodySize(body(max - overhead + 1)).length, 1);
  // Multi-byte characters count in UTF-8 bytes, as sent.
  assert.equal(jsonBodyBytes('\u3042'), 3);
  assert.equal(jsonBodyBytes('\u{1F34E}'), 4);
  assert.equal(jsonBodyBytes(JSON.stringify({ a: '\u00e9' })), 10);
});

test('warnings carry a stable code, params and LINE-format paths, and never show up as errors', () => {
  const messages = [
    {
      type: 'imagemap',
      baseUrl: 'https://example.com/maps/spring.png',
      altText: '',
      baseSize: { width: 1040, height: 700 },
      actions: [
        { type: 'uri', linkUri: 'https://example.com/a b', area: { x: 1000, y: 0, width: 100, height: 0 } },
        { type: 'message', text: 'ok', area: { x: 0, y: 700, width: 10, height: 10 } },
      ],
    },
  ];
  assert.deepEqual(validateMessages(messages, { basePath: 'content.messages' }), []);
  const w = messageWarnings(messages, { basePath: 'content.messages' });
  assert.deepEqual(
    w.map((x) => [x.path, x.code, x.params]),
    [
      ['content.messages[0].baseUrl', 'imagemap_base_url_extension', { extension: 'png' }],
      ['content.messages[0].altText', 'imagemap_alt_text_empty', {}],
      ['content.messages[0].actions[0].area.height', 'imagemap_zero_size', { field: 'area.height', value: 0 }],
      ['content.messages[0].actions[0].area.width', 'imagemap_area_outside_image', { field: 'width', end: 1100, limit: 1040 }],
      ['content.messages[0].actions[0].linkUri', 'url_not_percent_encoded', {}],
      ['content.messages[0].actions[1].area.y', 'imagemap_area_outside_image', { field: 'height', end: 710, limit: 700 }],
    ],
  );
  for (const x of w) assert.ok(x.message.length > 10, 'each warning has an English sentence too');
});

test('warnings on templates wait for the render: Liquid values are not judged as URLs or extensions', () => {
  const m = [
    {
      type: 'imagemap',
      baseUrl: 'https://cdn.example.com/{{ profile.banner }}',
      altText: 'a',
      baseSize: { width: 1040, height: 100 },
      actions: [{ type: 'uri', linkUri: '{{ profile.url }}', area: { x: 0, y: 0, width: 1040, height: 100 } }],
    },
  ];
  assert.deepEqual(messageWarnings(m), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RENDER_BUDGET,
  TemplateRenderError,
  compileMessages,
  renderMessages,
  validateRenderedMessages,
  type LineMessage,
} from '../../src/domain/index.ts';
import { issueMessage } from '../../src/domain/issues.ts';

const campaign = { id: 'c', name: 'C' };
const area = { x: 0, y: 0, width: 1040, height: 1040 };
const imagemap = (linkUri: string): LineMessage =>
  ({
    type: 'imagemap',
    baseUrl: 'https://example.com/map',
    altText: 'Sale',
    baseSize: { width: 1040, height: 1040 },
    actions: [{ type: 'uri', linkUri, area }],
  }) as LineMessage;

test('validateRenderedMessages: every rule a rendered bundle breaks, with a stable code, the rule and the rendered length', () => {
  assert.deepEqual(validateRenderedMessages([{ type: 'text', text: 'ok' }, imagemap('https://example.com/a')]), []);
  const errors = validateRenderedMessages(
    [
      { type: 'text', text: '' },
      { type: 'text', text: 'x'.repeat(5001) },
      imagemap('https://example.com/' + 'p'.repeat(982)),
      imagemap('{{ profile.url }}'),
    ],
    { basePath: 'content.messages' },
  );
  // each names the broken LINE rule by its own code (a UI words it) and its English text, and the rendered length
  assert.deepEqual(
    errors.map((e) => [e.path, e.code, e.params.rule, e.params.ruleMessage, e.params.length]),
    [
      ['content.messages[0].text', 'invalid_rendered_message', 'empty', 'May not be empty', 0],
      ['content.messages[1].text', 'invalid_rendered_message', 'length', 'Length must be between 0 and 5000', 5001],
      ['content.messages[2].actions[0].linkUri', 'invalid_rendered_message', 'length', 'Length must be between 0 and 1000', 1002],
      // a rendered message is what LINE gets: Liquid left in a link is not a link
      [
        'content.messages[3].actions[0].linkUri',
        'invalid_rendered_message',
        'link_uri',
        'Must be a URL with the http, https, line or tel scheme',
        17,
      ],
    ],
  );
  for (const e of errors) assert.equal(e.message, issueMessage(e.code, e.params));
  assert.equal(
    errors[1]!.message,
    'For the recipient: after rendering (personalisation, UTM tags, tracked links), Length must be between 0 and 5000 (5001)',
  );
});

test('validateRenderedMessages checks each message by its type (the same schemas as the template check) and the bundle size', () => {
  const e = validateRenderedMessages([{ type: 'location', title: 't', address: 'a', latitude: 0, longitude: 0 }]);
  assert.deepEqual(
    e.map((x) => [x.path, x.code]),
    [['messages[0].type', 'invalid_rendered_message']],
  );
  const s = validateRenderedMessages([{ type: 'sticker', packageId: '1', stickerId: '1' }]);
  assert.deepEqual(
    s.map((x) => [x.path, x.code]),
    [['messages[0].packageId', 'invalid_rendered_message']],
  );
  assert.deepEqual(
    validateRenderedMessages([]).map((x) => x.params.ruleMessage),
    ['Size must be between 1 and 5'],
  );
});

test('compile errors name the field and carry code template_invalid (include/render/layout/block, unclosed tags)', () => {
  for (const [text, pattern] of [
    ['{% include "x" %}', /include/],
    ['{% render "x" %}', /render/],
    ['{% layout "x" %}', /layout/],
    ['{% block a %}{% endblock %}', /block/],
    ['{% if profile.a %}open', /not closed/],
    ['{{ profile.a ', /not closed/],
  ] as const) {
    assert.throws(
      () =>
        compileMessages([
          { type: 'text', text: 'ok' },
          { type: 'text', text },
        ] as LineMessage[]),
      (e: unknown) =>
        e instanceof TemplateRenderError && e.code === 'template_invalid' && e.path === 'messages[1].text' && pattern.test(e.reason),
      text,
    );
  }
});

test('render budget: time, memory and output size each stop a render with code render_budget_exceeded', () => {
  const run = (text: string, budget = RENDER_BUDGET) => {
    try {
      renderMessages(compileMessages([{ type: 'text', text }] as LineMessage[]), { profile: {}, campaign }, budget);
      return null;
    } catch (e) {
      assert.ok(e instanceof TemplateRenderError);
      return [e.code, e.path, e.reason];
    }
  };
  // the issue's example: nine million loop turns cannot finish in 50 ms
  const slow = run('{% for a in (1..3000) %}{% for b in (1..3000) %}{% endfor %}{% endfor %}Hi');
  assert.deepEqual(slow?.slice(0, 2), ['render_budget_exceeded', 'messages[0].text']);
  assert.match(String(slow?.[2]), /^render budget exceeded: over 50 ms \(Liquid: template render limit exceeded/);
  assert.deepEqual(run('{% for i in (1..2000000) %}{% endfor %}'), [
    'render_budget_exceeded',
    'messages[0].text',
    'render budget exceeded: more than 1000000 memory units (Liquid: memory alloc limit exceeded, line:1, col:1)',
  ]);
  assert.deepEqual(run('{% for i in (1..200) %}xxxxxxxxxx{% endfor %}', { timeMs: 10_000, memory: 1e9, outputChars: 1_000 }), [
    'render_budget_exceeded',
    'messages[0].text',
    'render budget exceeded: the message renders to more than 1000 characters',
  ]);
  assert.equal(run('{% for i in (1..100) %}x{% endfor %}'), null);
});

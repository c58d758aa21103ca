import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkTemplates,
  compileMessages,
  isPersonalized,
  profileVariables,
  renderForBlankProfile,
  renderMessages,
  TemplateRenderError,
  type LineMessage,
} from '../../src/domain/index.ts';

const campaign = { id: '0197f7f3-8d40-7a83-b93c-a47797c94ea0', name: 'Spring sale' };
const text = (t: string, extra: object = {}): LineMessage => ({ type: 'text', text: t, ...extra }) as LineMessage;
const imagemap = (linkUri: string, altText = 'Sale'): LineMessage => ({
  type: 'imagemap',
  baseUrl: 'https://example.com/map',
  altText,
  baseSize: { width: 1040, height: 1040 },
  actions: [
    { type: 'message', text: 'Hi', area: { x: 0, y: 0, width: 10, height: 10 } },
    { type: 'uri', linkUri, area: { x: 0, y: 0, width: 1040, height: 1040 } },
  ],
});

test('profile attributes, defaults, campaign variables and conditionals render', () => {
  const messages = [
    text('Hi {{ profile.first_name | default: "there" }}, {{ campaign.name }} ({{ campaign.id }})'),
    text('{% if profile.tier == "gold" %}Gold perks{% elsif profile.tier %}Member{% else %}Join us{% endif %}'),
    text('{% unless profile.opted_out %}Hello{% endunless %}{% case profile.lang %}{% when "ja" %}こんにちは{% else %}!{% endcase %}'),
  ];
  const compiled = compileMessages(messages);
  const a = renderMessages(compiled, { profile: { first_name: 'Aiko', tier: 'gold', lang: 'ja' }, campaign });
  assert.deepEqual(
    a.map((m) => (m as { text: string }).text),
    [`Hi Aiko, Spring sale (${campaign.id})`, 'Gold perks', 'Helloこんにちは'],
  );
  const b = renderMessages(compiled, { profile: { tier: 'silver', opted_out: true }, campaign });
  assert.deepEqual(
    b.map((m) => (m as { text: string }).text),
    [`Hi there, Spring sale (${campaign.id})`, 'Member', '!'],
  );
});

test('blank profile: defaults apply, missing attributes render empty, source messages are untouched', () => {
  const messages = [
    text('Hi {{ profile.first_name | default: "friend" }}{{ profile.last_name }}!'),
    imagemap('https://shop.example/{{ profile.id | default: "guest" }}', 'For {{ profile.x }}'),
  ];
  const out = renderForBlankProfile(messages, campaign);
  assert.equal((out[0] as { text: string }).text, 'Hi friend!');
  const im = out[1] as Extract<LineMessage, { type: 'imagemap' }>;
  assert.equal(im.altText, 'For ');
  assert.deepEqual(im.actions[1], { type: 'uri', linkUri: 'https://shop.example/guest', area: { x: 0, y: 0, width: 1040, height: 1040 } });
  assert.equal((messages[1] as { altText: string }).altText, 'For {{ profile.x }}');
  // A message without Liquid is passed through as is.
  const plain = text('No templates');
  assert.equal(renderForBlankProfile([plain], campaign)[0], plain);
});

test('prototype properties are not readable through profile', () => {
  const out = renderMessages(compileMessages([text('[{{ profile.constructor }}][{{ profile.__proto__ }}][{{ profile.toString }}]')]), {
    profile: {},
    campaign,
  });
  assert.equal((out[0] as { text: string }).text, '[][][]');
});

test('LINE emoji indexes follow their "$" after rendering, and drop when their branch is not rendered', () => {
  const e = (index: number, emojiId: string) => ({ index, productId: '5ac1bfd5040ab15980c9b435', emojiId });
  const template = 'Hi {{ profile.name }} $ {% if profile.vip %}$ VIP{% endif %}';
  const first = template.indexOf('$');
  const m = text(template, { emojis: [e(first, '001'), e(template.indexOf('$', first + 1), '002')] });
  const compiled = compileMessages([m]);
  const vip = renderMessages(compiled, { profile: { name: 'Ren\u{1F600}', vip: true }, campaign })[0] as Extract<
    LineMessage,
    { type: 'text' }
  >;
  assert.equal(vip.text, 'Hi Ren\u{1F600} $ $ VIP');
  assert.deepEqual(vip.emojis, [e(9, '001'), e(11, '002')]);
  const plain = renderMessages(compiled, { profile: { name: 'Bo' }, campaign })[0] as Extract<LineMessage, { type: 'text' }>;
  assert.equal(plain.text, 'Hi Bo $ ');
  assert.deepEqual(plain.emojis, [e(6, '001')]);
});

test('checkTemplates: syntax errors and unknown variables, each with the field path', () => {
  const errors = checkTemplates(
    [
      text('Hi {{ profile.name '),
      text('Hi {{ secret.thing }} {{ campaign.owner }} {{ profile }}'),
      imagemap('https://x.example/{{ profile.id | no_such_filter }}', '{% if profile.a %}open'),
      text('{% include "header" %}'),
      text('{{ profile.first_name | default: "x" }} {{ campaign.id }} {{ campaign.name }} {% assign n = profile.n %}{{ n }}'),
    ],
    { basePath: 'content.messages' },
  );
  const paths = errors.map((e) => e.path);
  assert.deepEqual(paths, [
    'content.messages[0].text',
    'content.messages[1].text',
    'content.messages[1].text',
    'content.messages[1].text',
    'content.messages[2].altText',
    'content.messages[2].actions[1].linkUri',
    'content.messages[3].text',
  ]);
  assert.match(errors[0]!.message, /^Liquid: .*not closed/);
  assert.match(errors[1]!.message, /Unknown variable "secret.thing"/);
  assert.match(errors[2]!.message, /campaign.owner/);
  assert.match(errors[3]!.message, /profile attribute/);
  assert.match(errors[4]!.message, /not closed/);
  assert.match(errors[5]!.message, /no_such_filter/);
  assert.match(errors[6]!.message, /include/);
});

test('isPersonalized: profile variables anywhere make it per-recipient; campaign variables alone do not', () => {
  assert.equal(isPersonalized([text('Hello')]), false);
  assert.equal(isPersonalized([text('{{ campaign.name }} {{ campaign.id }}')]), false);
  assert.equal(isPersonalized([text('Hello'), imagemap('https://a.example/?u={{ profile.id }}')]), true);
  assert.equal(isPersonalized([text('{% if profile.vip %}VIP{% endif %}')]), true);
  assert.equal(isPersonalized([text('Hi', { sender: { name: '{{ profile.store }}' } })]), true);
  // A literal "{{" in a field that is never rendered does not count.
  assert.equal(isPersonalized([text('Hi', { quoteToken: '{{ profile.x }}' })]), false);
});

test('profileVariables lists each attribute once, sorted', () => {
  assert.deepEqual(
    profileVariables([
      text('{{ profile.first_name | default: "x" }} {% if profile.tier == "gold" %}{{ profile.first_name }}{% endif %}'),
      imagemap('https://a.example/{{ profile.id }}', '{{ campaign.name }}'),
      text('{{ profile["favorite color"] }}'),
      text('{{ profile.ignored }} {{ broken'),
    ]),
    ['favorite color', 'first_name', 'id', 'tier'],
  );
});

test('a render-time failure names the field', () => {
  const compiled = compileMessages([text('ok'), text('{% for i in (1..profile.n) %}x{% endfor %}')]);
  assert.equal((renderMessages(compiled, { profile: { n: 3 }, campaign })[1] as { text: string }).text, 'xxx');
  assert.throws(
    () => renderMessages(compiled, { profile: { n: 1e9 }, campaign }),
    (e: unknown) => e instanceof TemplateRenderError && e.path === 'messages[1].text',
  );
});

test('truncate and slice never cut a character a reader sees as one: Thai marks, ZWJ emoji, combining accents', async () => {
  const { engine, parseTemplate } = await import('../../src/domain/liquid/engine.ts');
  const r = (t: string, profile: Record<string, unknown>) =>
    engine.renderSync(parseTemplate(t), { profile, campaign: { id: 'c', name: 'n' } }) as string;
  assert.equal(r('{{ profile.n | truncate: 5, "…" }}', { n: 'ที่นี่สวัสดีครับ' }), 'ที่นี่สวั…');
  assert.equal(r('{{ profile.n | truncate: 3, "" }}', { n: '👨‍👩‍👧👩‍👩‍👦👨‍👨‍👧🧑‍🤝‍🧑' }), '👨‍👩‍👧👩‍👩‍👦👨‍👨‍👧');
  assert.equal(r('{{ profile.n | truncate: 3, "" }}', { n: 'Cafe\u0301s' }), 'Caf');
  assert.equal(r('{{ profile.n | truncate: 4, "" }}', { n: 'Cafe\u0301s' }), 'Cafe\u0301');
  assert.equal(r('{{ profile.n | truncate: 10 }}', { n: '髙橋様' }), '髙橋様');
  assert.equal(r('{{ profile.n | slice: 0, 2 }}', { n: 'ที่นี่ครับ' }), 'ที่นี่');
  assert.equal(r('{{ profile.n | slice: -1 }}', { n: '髙橋👨‍👩‍👧' }), '👨‍👩‍👧');
  assert.equal(r('{{ profile.a | slice: 1, 2 | join: "," }}', { a: [1, 2, 3] }), '2,3', 'arrays slice as before');
  for (const out of [r('{{ profile.n | truncate: 2, "" }}', { n: '🍎🍎🍎' }), r('{{ profile.n | slice: 1 }}', { n: '🍎🍎' })])
    assert.ok(
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out),
      `no lone surrogate in ${JSON.stringify(out)}`,
    );
});

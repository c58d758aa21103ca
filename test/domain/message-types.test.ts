/**
 * LINE's rules for image, video, sticker and Flex messages: accept and reject cases from LINE's reference
 * (#image-message, #video-message, #sticker-message, #flex-message and its component sections), the OpenAPI
 * (messaging-api.yml) and the sticker list, plus the Flex Message Simulator's exported JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  applyUtm,
  botStickers,
  mapUrls,
  messageWarnings,
  renderForBlankProfile,
  validateMessages,
  validateRenderedMessages,
  type LineMessage,
} from '../../src/domain/index.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/flex/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const restaurant = fixture('restaurant.json');
const shopping = fixture('shopping.json');
const paths = (messages: unknown[], templates = true) => validateMessages(messages, { templates }).map((e) => e.path);
const flex = (contents: unknown, extra: Record<string, unknown> = {}) => ({ type: 'flex', altText: 'Card', contents, ...extra });
const body = (...contents: unknown[]) => ({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents } });
const txt = (text: string) => ({ type: 'text', text });
const https = (n: number) => 'https://e.example/' + 'a'.repeat(n - 'https://e.example/'.length);

test('image: HTTPS URLs of at most 2,000 characters, both required', () => {
  const ok = { type: 'image', originalContentUrl: https(2000), previewImageUrl: 'https://e.example/p.jpg' };
  assert.deepEqual(paths([ok]), []);
  assert.deepEqual(paths([{ ...ok, originalContentUrl: https(2001) }]), ['messages[0].originalContentUrl']);
  assert.deepEqual(paths([{ ...ok, previewImageUrl: 'http://e.example/p.jpg' }]), ['messages[0].previewImageUrl']);
  assert.deepEqual(paths([{ type: 'image', originalContentUrl: ok.originalContentUrl }]), ['messages[0].previewImageUrl']);
  // Liquid is a template until rendered; a rendered message must hold a URL
  const liquid = { ...ok, originalContentUrl: '{{ profile.photo }}' };
  assert.deepEqual(paths([liquid]), []);
  assert.deepEqual(paths([liquid], false), ['messages[0].originalContentUrl']);
});

test('video: HTTPS URLs, optional trackingId of at most 100 characters from the documented set', () => {
  const ok = {
    type: 'video',
    originalContentUrl: 'https://e.example/v.mp4',
    previewImageUrl: 'https://e.example/p.jpg',
    trackingId: 'spring-2026.A',
  };
  assert.deepEqual(paths([ok]), []);
  assert.deepEqual(paths([{ ...ok, trackingId: 'spring_2026' }]), ['messages[0].trackingId'], 'underscore is not in the set');
  assert.deepEqual(paths([{ ...ok, trackingId: 'a-.=,+*()%$&;:@{}!?<>[]9' }]), []);
  assert.deepEqual(paths([{ ...ok, trackingId: 'x'.repeat(100) }]), []);
  assert.deepEqual(paths([{ ...ok, trackingId: 'x'.repeat(101) }]), ['messages[0].trackingId']);
  assert.deepEqual(paths([{ ...ok, trackingId: 'with space' }]), ['messages[0].trackingId']);
  assert.deepEqual(paths([{ ...ok, trackingId: 'ｗｉｄｅ' }]), ['messages[0].trackingId']);
  assert.deepEqual(paths([{ ...ok, originalContentUrl: 'http://e.example/v.mp4' }]), ['messages[0].originalContentUrl']);
  assert.deepEqual(paths([{ type: 'video', originalContentUrl: ok.originalContentUrl }]), ['messages[0].previewImageUrl']);
});

test('sticker: only the stickers LINE lists for bots, both IDs required strings', () => {
  for (const [p, s] of [
    ['446', '1988'],
    ['446', '2027'],
    ['11539', '52114149'],
    ['6136', '10551376'],
  ])
    assert.deepEqual(paths([{ type: 'sticker', packageId: p, stickerId: s }]), [], `${p}/${s}`);
  assert.deepEqual(paths([{ type: 'sticker', packageId: '446', stickerId: '2028' }]), ['messages[0].stickerId']);
  assert.deepEqual(paths([{ type: 'sticker', packageId: '446', stickerId: '01988' }]), ['messages[0].stickerId']);
  assert.deepEqual(paths([{ type: 'sticker', packageId: '1', stickerId: '1' }]), ['messages[0].packageId']);
  assert.deepEqual(paths([{ type: 'sticker', packageId: '446' }]), ['messages[0].stickerId']);
  assert.deepEqual(paths([{ type: 'sticker', packageId: 446, stickerId: 1988 }]), ['messages[0].packageId', 'messages[0].stickerId']);
  const all = botStickers();
  assert.ok(all.length > 400);
  for (const s of all) assert.deepEqual(paths([{ type: 'sticker', packageId: s.packageId, stickerId: s.stickerId }]), []);
});

test('flex: what the Flex Message Simulator exports is accepted (bubble with empty box, carousel with spans, gradient, spacer)', () => {
  assert.deepEqual(paths([flex(restaurant)]), []);
  assert.deepEqual(paths([flex(shopping)]), []);
  assert.deepEqual(paths([flex(restaurant)], false), []);
  // the deprecated spacer is accepted and warned about
  assert.ok(messageWarnings([flex(shopping)]).some((w) => w.code === 'flex_spacer_deprecated'));
});

test('flex: altText required and at most 1,500; container bubble or carousel; at most 12 bubbles', () => {
  const b = body(txt('a'));
  assert.deepEqual(paths([flex(b, { altText: 'x'.repeat(1500) })]), []);
  assert.deepEqual(paths([flex(b, { altText: 'x'.repeat(1501) })]), ['messages[0].altText']);
  assert.deepEqual(paths([{ type: 'flex', contents: b }]), ['messages[0].altText']);
  assert.deepEqual(paths([{ type: 'flex', altText: 'a' }]), ['messages[0].contents']);
  assert.deepEqual(paths([flex({ type: 'box', layout: 'vertical', contents: [] })]), ['messages[0].contents.type']);
  assert.deepEqual(paths([flex({ type: 'carousel', contents: Array(12).fill(b) })]), []);
  assert.deepEqual(paths([flex({ type: 'carousel', contents: Array(13).fill(b) })]), ['messages[0].contents.contents']);
  assert.deepEqual(paths([flex({ type: 'carousel', contents: [b, txt('x')] })]), ['messages[0].contents.contents[1].type']);
});

test('flex: where components may sit (icon only in baseline boxes, baseline holds icon/text/filler, hero box/image/video)', () => {
  const icon = { type: 'icon', url: 'https://e.example/i.png' };
  assert.deepEqual(paths([flex(body({ type: 'box', layout: 'baseline', contents: [icon, txt('a')] }))]), []);
  assert.deepEqual(paths([flex(body(icon))]), ['messages[0].contents.body.contents[0].type']);
  const button = { type: 'button', action: { type: 'message', label: 'Yes', text: 'yes' } };
  assert.deepEqual(paths([flex(body(button))]), []);
  assert.deepEqual(paths([flex(body({ type: 'box', layout: 'baseline', contents: [button] }))]), [
    'messages[0].contents.body.contents[0].contents[0].type',
  ]);
  assert.deepEqual(paths([flex({ type: 'bubble', hero: txt('a') })]), ['messages[0].contents.hero.type']);
  assert.ok(paths([flex({ type: 'bubble', body: txt('a') })]).includes('messages[0].contents.body.type'));
  assert.deepEqual(paths([flex(body({ type: 'span', text: 'a' }))]), ['messages[0].contents.body.contents[0].type']);
  assert.deepEqual(paths([flex(body({ type: 'text' }))]), ['messages[0].contents.body.contents[0].text']);
});

test('flex: video only as the hero of a kilo, mega or giga bubble outside a carousel; altContent box or image', () => {
  const video = {
    type: 'video',
    url: 'https://e.example/v.mp4',
    previewUrl: 'https://e.example/p.jpg',
    altContent: { type: 'image', url: 'https://e.example/p.jpg' },
    aspectRatio: '16:9',
  };
  assert.deepEqual(paths([flex({ type: 'bubble', hero: video })]), []);
  assert.deepEqual(paths([flex({ type: 'bubble', size: 'giga', hero: video })]), []);
  assert.deepEqual(paths([flex({ type: 'bubble', size: 'micro', hero: video })]), ['messages[0].contents.size']);
  assert.deepEqual(paths([flex({ type: 'carousel', contents: [{ type: 'bubble', hero: video }] })]), [
    'messages[0].contents.contents[0].hero.type',
  ]);
  assert.deepEqual(paths([flex(body(video))]), ['messages[0].contents.body.contents[0].type']);
  assert.deepEqual(paths([flex({ type: 'bubble', hero: { ...video, altContent: txt('a') } })]), [
    'messages[0].contents.hero.altContent.type',
  ]);
  assert.deepEqual(paths([flex({ type: 'bubble', hero: { ...video, altContent: undefined } })]), ['messages[0].contents.hero.altContent']);
});

test('flex: actions (uri schemes and length, label required on buttons and at most 40 graphemes, quick-reply-only actions refused)', () => {
  const button = (action: unknown) => flex(body({ type: 'button', action }));
  assert.deepEqual(paths([button({ type: 'uri', label: 'x'.repeat(40), uri: 'https://e.example' })]), []);
  assert.deepEqual(paths([button({ type: 'uri', label: '👨‍👩‍👧'.repeat(40), uri: 'tel:+81312345678' })]), []);
  assert.deepEqual(paths([button({ type: 'uri', label: 'x'.repeat(41), uri: 'https://e.example' })]), [
    'messages[0].contents.body.contents[0].action.label',
  ]);
  assert.deepEqual(paths([button({ type: 'uri', uri: 'https://e.example' })]), ['messages[0].contents.body.contents[0].action.label']);
  assert.deepEqual(paths([button({ type: 'uri', label: 'a', uri: 'mailto:a@e.example' })]), [
    'messages[0].contents.body.contents[0].action.uri',
  ]);
  assert.deepEqual(paths([button({ type: 'uri', label: 'a', uri: https(1001) })]), ['messages[0].contents.body.contents[0].action.uri']);
  assert.deepEqual(paths([button({ type: 'camera', label: 'a' })]), ['messages[0].contents.body.contents[0].action.type']);
  assert.deepEqual(paths([button({ type: 'postback', label: 'a', data: 'd'.repeat(300) })]), []);
  assert.deepEqual(paths([button({ type: 'postback', label: 'a', data: 'd'.repeat(301) })]), [
    'messages[0].contents.body.contents[0].action.data',
  ]);
  // components other than a button may have an action without a label
  assert.deepEqual(paths([flex(body({ ...txt('a'), action: { type: 'uri', uri: 'https://e.example' } }))]), []);
  assert.deepEqual(paths([flex({ ...body(txt('a')), action: { type: 'uri', uri: 'line://nv/chat' } })]), []);
});

test('flex: property values (colours, sizes, aspect ratios, enums, integers)', () => {
  const at = (c: unknown) => paths([flex(body(c))]);
  assert.deepEqual(at({ ...txt('a'), color: '#ff334b', size: '14px', maxLines: 3 }), []);
  assert.deepEqual(at({ ...txt('a'), color: '#FF334B80' }), []);
  assert.deepEqual(at({ ...txt('a'), color: 'red' }), ['messages[0].contents.body.contents[0].color']);
  assert.deepEqual(at({ ...txt('a'), size: '1em' }), ['messages[0].contents.body.contents[0].size']);
  assert.deepEqual(at({ ...txt('a'), maxLines: -1 }), ['messages[0].contents.body.contents[0].maxLines']);
  assert.deepEqual(at({ ...txt('a'), weight: 'heavy' }), ['messages[0].contents.body.contents[0].weight']);
  const img = { type: 'image', url: 'https://e.example/i.png' };
  assert.deepEqual(at({ ...img, aspectRatio: '1:3', size: '50%' }), []);
  assert.deepEqual(at({ ...img, aspectRatio: '100000:1', size: 'full' }), []);
  assert.deepEqual(at({ ...img, aspectRatio: '1:4' }), ['messages[0].contents.body.contents[0].aspectRatio']);
  assert.deepEqual(at({ ...img, aspectRatio: '100001:1' }), ['messages[0].contents.body.contents[0].aspectRatio']);
  assert.deepEqual(at({ ...img, aspectRatio: '0:1' }), ['messages[0].contents.body.contents[0].aspectRatio']);
  assert.deepEqual(at({ ...img, url: 'http://e.example/i.png' }), ['messages[0].contents.body.contents[0].url']);
  assert.deepEqual(
    at({ type: 'box', layout: 'vertical', contents: [], paddingAll: '5%', cornerRadius: 'xl', borderWidth: 'semi-bold', spacing: 'md' }),
    [],
  );
  assert.deepEqual(at({ type: 'box', layout: 'grid', contents: [] }), ['messages[0].contents.body.contents[0].layout']);
  assert.deepEqual(at({ type: 'box', layout: 'vertical' }), ['messages[0].contents.body.contents[0].contents']);
  assert.deepEqual(
    at({ type: 'box', layout: 'vertical', contents: [], background: { type: 'linearGradient', angle: '0deg', startColor: '#000000' } }),
    ['messages[0].contents.body.contents[0].background.endColor'],
  );
});

test('flex: at most 10 animated images per message', () => {
  const anim = { type: 'image', url: 'https://e.example/a.png', animated: true };
  assert.deepEqual(paths([flex(body(...Array(10).fill(anim)))]), []);
  assert.deepEqual(paths([flex(body(...Array(11).fill(anim)))]), ['messages[0].contents.body.contents[10].animated']);
});

test('flex: JSON size: a bubble at most 30 KB, a carousel at most 50 KB (UTF-8 bytes)', () => {
  const sized = (bytes: number) => {
    const b = body(txt(''));
    const base = Buffer.byteLength(JSON.stringify(b));
    return body(txt('a'.repeat(bytes - base)));
  };
  assert.equal(Buffer.byteLength(JSON.stringify(sized(30 * 1024))), 30 * 1024);
  assert.deepEqual(paths([flex(sized(30 * 1024))]), []);
  assert.deepEqual(paths([flex(sized(30 * 1024 + 1))]), ['messages[0].contents']);
  // two bubbles of 25 KB each are within the bubble limit but the carousel is over 50 KB
  const c = { type: 'carousel', contents: [sized(25 * 1024), sized(25 * 1024)] };
  assert.deepEqual(paths([flex(c)]), ['messages[0].contents']);
  const small = { type: 'carousel', contents: [sized(24 * 1024), sized(25 * 1024)] };
  assert.deepEqual(paths([flex(small)]), []);
});

test('flex Liquid: text, span text, URLs and action fields are personalised; style values are not', () => {
  const m = flex(
    {
      type: 'bubble',
      hero: { type: 'image', url: 'https://img.example/{{ profile.tier | default: "basic" }}.png' },
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [
          txt('Hi {{ profile.name | default: "friend" }}'),
          { type: 'text', contents: [{ type: 'span', text: '{{ campaign.name }}' }] },
          {
            type: 'button',
            action: {
              type: 'uri',
              label: 'For {{ profile.name | default: "you" }}',
              uri: 'https://shop.example/{{ profile.tier | default: "all" }}',
            },
          },
        ],
      },
    },
    { altText: 'Offer for {{ profile.name | default: "you" }}' },
  ) as LineMessage;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading a deep rendered tree in a test
  const [out] = renderForBlankProfile([m], { id: 'c1', name: 'Spring' }) as Array<Record<string, any>>;
  assert.equal(out!.altText, 'Offer for you');
  assert.equal(out!.contents.hero.url, 'https://img.example/basic.png');
  assert.equal(out!.contents.body.contents[0].text, 'Hi friend');
  assert.equal(out!.contents.body.contents[1].contents[0].text, 'Spring');
  assert.equal(out!.contents.body.contents[2].action.label, 'For you');
  assert.equal(out!.contents.body.contents[2].action.uri, 'https://shop.example/all');
  assert.deepEqual(validateRenderedMessages([out]), []);
});

test('flex links: every uri action (bubble, box, image, text, button, altUri) gets UTM tags; media URLs are untouched', () => {
  const m = flex({
    type: 'carousel',
    contents: [
      {
        type: 'bubble',
        action: { type: 'uri', uri: 'https://a.example/bubble' },
        hero: { type: 'image', url: 'https://img.example/h.png', action: { type: 'uri', uri: 'https://a.example/hero' } },
        body: {
          type: 'box',
          layout: 'vertical',
          action: { type: 'uri', uri: 'https://a.example/box' },
          contents: [{ ...txt('a'), action: { type: 'uri', uri: 'https://a.example/text' } }],
        },
      },
      body(
        {
          type: 'button',
          action: { type: 'uri', label: 'Go', uri: 'https://a.example/btn', altUri: { desktop: 'https://a.example/desk' } },
        },
        { type: 'button', action: { type: 'uri', label: 'Call', uri: 'tel:+8131234' } },
      ),
    ],
  }) as LineMessage;
  const tagged = applyUtm([m], { source: 'line', medium: 'msg', campaign: 'spring' }, { campaign: { id: 'c', name: 'c' } });
  const s = JSON.stringify(tagged);
  for (const p of ['bubble', 'hero', 'box', 'text', 'btn', 'desk'])
    assert.ok(s.includes(`https://a.example/${p}?utm_source=line&utm_medium=msg&utm_campaign=spring`), p);
  assert.ok(s.includes('"https://img.example/h.png"'), 'image URL unchanged');
  assert.ok(s.includes('"tel:+8131234"'));
  // the place of each link: message index, path and carousel bubble, so clicks per bubble can be told apart
  const seen: Array<{ url: string; path: string; bubble?: number }> = [];
  mapUrls(
    [txt('x') as LineMessage, m],
    (url, at) => (seen.push({ url, path: at.path, ...(at.bubble !== undefined ? { bubble: at.bubble } : {}) }), url),
  );
  assert.deepEqual(
    seen.map((x) => [x.url.replace('https://a.example/', ''), x.bubble, x.path]),
    [
      ['bubble', 0, 'contents.contents[0].action.uri'],
      ['hero', 0, 'contents.contents[0].hero.action.uri'],
      ['box', 0, 'contents.contents[0].body.action.uri'],
      ['text', 0, 'contents.contents[0].body.contents[0].action.uri'],
      ['btn', 1, 'contents.contents[1].body.contents[0].action.uri'],
      ['desk', 1, 'contents.contents[1].body.contents[0].action.altUri.desktop'],
    ],
  );
});

test('rendered check covers the new types: a Flex link made too long by tracking is refused with its rendered length', () => {
  const m = flex(body({ type: 'button', action: { type: 'uri', label: 'Go', uri: https(990) } })) as LineMessage;
  assert.deepEqual(validateRenderedMessages([m]), []);
  const long = mapUrls([m], (u) => u + '?utm_source=line&x=1');
  const e = validateRenderedMessages(long);
  assert.deepEqual(
    e.map((x) => [x.path, x.params?.length]),
    [['messages[0].contents.body.contents[0].action.uri', 1010]],
  );
  const img = { type: 'image', originalContentUrl: 'https://e.example/{{ x }}', previewImageUrl: 'https://e.example/p.jpg' };
  assert.deepEqual(
    validateRenderedMessages([img]).map((x) => x.path),
    [],
  );
  assert.deepEqual(
    validateRenderedMessages([{ ...img, originalContentUrl: https(2001) }]).map((x) => x.path),
    ['messages[0].originalContentUrl'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyUtm,
  findUrls,
  mapUrls,
  tagUrl,
  UtmSettingsSchema,
  utmParams,
  validateUtm,
  type LineMessage,
} from '../../src/domain/index.ts';

const campaign = { id: '0197f7f3-8d40-7a83-b93c-a47797c94ea0', name: 'Spring sale' };
const area = { x: 0, y: 0, width: 520, height: 520 };

test('tagUrl merges into the query: campaign value wins, one value per key, empty omitted, fragment and others kept', () => {
  const params = { utm_source: 'line', utm_medium: 'social', utm_campaign: '' };
  assert.equal(
    tagUrl('https://shop.example/a?x=1&utm_source=old&utm_source=older&y=%20z+w#top', params),
    'https://shop.example/a?x=1&y=%20z+w&utm_source=line&utm_medium=social#top',
  );
  assert.equal(tagUrl('http://shop.example', params), 'http://shop.example/?utm_source=line&utm_medium=social');
  // An empty campaign value leaves an existing utm_campaign alone.
  assert.equal(
    tagUrl('https://a.example/?utm_campaign=keep', params),
    'https://a.example/?utm_campaign=keep&utm_source=line&utm_medium=social',
  );
  assert.equal(
    tagUrl('https://a.example/?q=a,b', { utm_campaign: 'spring sale/2026' }),
    'https://a.example/?q=a,b&utm_campaign=spring+sale%2F2026',
  );
  for (const other of ['line://ti/p/@shop', 'tel:+81312345678', 'mailto:a@example.com', 'not a url', '/relative?x=1'])
    assert.equal(tagUrl(other, params), other);
  assert.equal(tagUrl('https://a.example/x', { utm_source: '' }), 'https://a.example/x', 'nothing to add: returned as written');
});

const urlArb = fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] });
const paramsArb = fc.dictionary(
  fc.oneof(fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'a', 'q'), fc.stringMatching(/^[a-z_]{1,8}$/)),
  fc.oneof(fc.constant(''), fc.string({ maxLength: 12 })),
  { maxKeys: 5 },
);

test('property: tagging is idempotent', () => {
  fc.assert(
    fc.property(urlArb, paramsArb, (url, params) => {
      const once = tagUrl(url, params);
      assert.equal(tagUrl(once, params), once);
    }),
    { numRuns: 500 },
  );
});

test('property: tagging never drops or changes other parameters, sets each campaign key once, keeps the fragment', () => {
  fc.assert(
    fc.property(urlArb, paramsArb, (url, params) => {
      const before = new URL(url);
      const after = new URL(tagUrl(url, params));
      const ours = Object.entries(params).filter(([, v]) => v !== '');
      for (const k of new Set(before.searchParams.keys()))
        if (!ours.some(([o]) => o === k)) assert.deepEqual(after.searchParams.getAll(k), before.searchParams.getAll(k), k);
      for (const [k, v] of ours) assert.deepEqual(after.searchParams.getAll(k), [v]);
      assert.equal(after.hash, before.hash);
      assert.equal(after.origin + after.pathname, before.origin + before.pathname);
    }),
    { numRuns: 500 },
  );
});

test('findUrls: http(s) links with their offsets, as written; not emails, bare domains or other schemes', () => {
  const text = 'Sale! https://shop.example/a?x=1 (http://b.example) mail a@b.example, shop.example, line://ti/p/@x';
  const a = 'https://shop.example/a?x=1';
  const b = 'http://b.example';
  assert.deepEqual(findUrls(text), [
    { start: text.indexOf(a), end: text.indexOf(a) + a.length, href: a },
    { start: text.indexOf(b), end: text.indexOf(b) + b.length, href: b },
  ]);
});

test('mapUrls: text links, imagemap uri actions, video external link and quick reply; emoji indexes follow', () => {
  const text = 'A $ https://a.example/x then $ and http://b.example';
  const messages: LineMessage[] = [
    {
      type: 'text',
      text,
      emojis: [
        { index: 2, productId: 'p', emojiId: '1' },
        { index: text.lastIndexOf('$'), productId: 'p', emojiId: '2' },
      ],
      quickReply: { items: [{ type: 'action', action: { type: 'uri', label: 'Go', uri: 'https://q.example' } }] },
    },
    {
      type: 'imagemap',
      baseUrl: 'https://cdn.example/map',
      altText: 'Map',
      baseSize: { width: 1040, height: 1040 },
      actions: [
        { type: 'uri', linkUri: 'https://c.example/', area },
        { type: 'uri', linkUri: 'tel:+8112345', area },
        { type: 'message', text: 'https://not-a-link.example', area },
      ],
      video: {
        originalContentUrl: 'https://cdn.example/v.mp4',
        previewImageUrl: 'https://cdn.example/p.jpg',
        area,
        externalLink: { linkUri: 'https://d.example', label: 'More' },
      },
    },
  ];
  const seen: string[] = [];
  const out = mapUrls(messages, (u) => (seen.push(u), `https://t.example/${seen.length}`));
  assert.deepEqual(seen, ['https://a.example/x', 'http://b.example', 'https://q.example', 'https://c.example/', 'https://d.example']);
  const t = out[0] as Extract<LineMessage, { type: 'text' }>;
  assert.equal(t.text, 'A $ https://t.example/1 then $ and https://t.example/2');
  assert.deepEqual(
    t.emojis?.map((e) => t.text[e.index]),
    ['$', '$'],
  );
  assert.equal(t.emojis?.[1]?.index, t.text.lastIndexOf('$'));
  const im = out[1] as Extract<LineMessage, { type: 'imagemap' }>;
  assert.deepEqual(
    im.actions.map((a) => (a.type === 'uri' ? a.linkUri : a.type)),
    ['https://t.example/4', 'tel:+8112345', 'message'],
  );
  assert.equal(im.video?.externalLink?.linkUri, 'https://t.example/5');
  assert.equal(im.baseUrl, 'https://cdn.example/map', 'image URLs are not links');
  assert.equal((messages[0] as { text: string }).text, text, 'input untouched');
});

test('applyUtm: defaults, Liquid campaign values, every link; idempotent', () => {
  const messages: LineMessage[] = [
    { type: 'text', text: 'Hi https://shop.example/sale?utm_source=email#deal and line://ti/p/@shop' },
    {
      type: 'imagemap',
      baseUrl: 'https://cdn.example/m',
      altText: 'm',
      baseSize: { width: 1040, height: 1040 },
      actions: [{ type: 'uri', linkUri: 'https://shop.example/', area }],
    },
  ];
  const utm = { campaign: 'cmp-{{ campaign.id | slice: 0, 8 }}', extra: { utm_content: '{{ campaign.name }}' } };
  const out = applyUtm(messages, utm, { campaign });
  assert.equal(
    (out[0] as { text: string }).text,
    'Hi https://shop.example/sale?utm_source=line&utm_medium=social&utm_campaign=cmp-0197f7f3&utm_content=Spring+sale#deal and line://ti/p/@shop',
  );
  assert.equal(
    (out[1] as { actions: { linkUri: string }[] }).actions[0]!.linkUri,
    'https://shop.example/?utm_source=line&utm_medium=social&utm_campaign=cmp-0197f7f3&utm_content=Spring+sale',
  );
  assert.deepEqual(applyUtm(out, utm, { campaign }), out);
  // Defaults only: the empty campaign is left out.
  assert.equal((applyUtm([messages[0]!], undefined, { campaign })[0] as { text: string }).text.includes('utm_campaign'), false);
});

test('UtmSettings defaults and utmParams', () => {
  assert.deepEqual(UtmSettingsSchema.parse({}), { source: 'line', medium: 'social', campaign: '', extra: {} });
  assert.deepEqual(utmParams({ campaign: '{{ campaign.id }}' }, { campaign }), {
    utm_source: 'line',
    utm_medium: 'social',
    utm_campaign: campaign.id,
  });
});

test('validateUtm: 40 characters pass, 41 fail, each error names its field; Liquid may only read campaign.*', () => {
  assert.deepEqual(
    validateUtm({ source: 's'.repeat(40), medium: 'm'.repeat(40), campaign: 'c'.repeat(40), extra: { utm_term: 't'.repeat(40) } }),
    [],
  );
  assert.deepEqual(validateUtm(undefined), []);
  const errors = validateUtm({
    source: 's'.repeat(41),
    campaign: 'c'.repeat(41),
    extra: { utm_term: 't'.repeat(41), 'bad key': 'x', utm_source: 'x' },
  });
  assert.deepEqual(errors.map((e) => e.path).sort(), [
    'utm.campaign',
    'utm.extra.bad key',
    'utm.extra.utm_source',
    'utm.extra.utm_term',
    'utm.source',
  ]);
  const liquid = validateUtm({
    campaign: '{{ profile.tier }}',
    medium: '{{ campaign.nme }}',
    source: '{{ campaign.id ',
    extra: { utm_id: '{{ campaign.id }}' },
  });
  assert.deepEqual(liquid.map((e) => e.path).sort(), ['utm.campaign', 'utm.medium', 'utm.source']);
  assert.match(liquid.find((e) => e.path === 'utm.campaign')!.message, /same for every recipient/);
  assert.match(validateUtm({ source: 42 })[0]!.path, /^utm\.source$/);
});

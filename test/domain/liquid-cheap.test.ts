import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCheapTemplate, isCheapToRender } from '../../src/domain/index.ts';

// Cheap templates render on the calling thread (src/delivery/render/pool.ts); everything else on a render thread,
// where a render that never yields can be stopped.
test('cheap: no Liquid, profile attributes through one-pass filters, branches', () => {
  for (const t of [
    'Hello',
    'Hi {{ profile.first_name | default: "friend" }}…',
    '{{ campaign.name | upcase | truncate: 10 }} {{ profile.points | plus: 10 | at_most: 99 }}',
    '{% if profile.vip %}VIP{% elsif profile.new %}new{% else %}hi{% endif %}',
    '{%- unless profile.x -%} a {%- endunless -%}',
    '{% case profile.tier %}{% when "gold" %}G{% else %}-{% endcase %}',
    '{{ profile.name | default: "..." }}', // dots inside a string are not a range
  ])
    assert.equal(isCheapTemplate(t), true, t);
});

test('not cheap: loops, ranges, variables built from themselves, growing filters, unknown tags, bad syntax', () => {
  for (const t of [
    '{% for i in (1..3) %}x{% endfor %}',
    '{% tablerow i in profile.items %}{{ i }}{% endtablerow %}',
    '{% if (1..100000) contains 3 %}x{% endif %}',
    '{{ profile.x | append: (1..9) }}',
    '{% assign a = profile.x | append: profile.x %}{{ a }}',
    '{% capture a %}{{ profile.x }}{% endcapture %}{{ a }}',
    '{{ profile.x | replace: "", "yyyy" }}',
    '{{ profile.list | split: "," | sort | join: "-" }}',
    '{% liquid echo profile.x %}',
    '{% raw %}{{ x }}{% endraw %}',
    '{{ profile.x | no_such_filter }}',
    '{{ profile.x',
  ])
    assert.equal(isCheapTemplate(t), false, t);
});

test('a set of messages is cheap only when every template field of every message is', () => {
  const cheap = { type: 'text', text: 'Hi {{ profile.first_name }}' };
  const loop = { type: 'text', text: '{% for i in (1..3) %}x{% endfor %}' };
  assert.equal(isCheapToRender([cheap, { type: 'sticker', packageId: '1', stickerId: '1' }]), true);
  assert.equal(isCheapToRender([cheap, loop]), false);
  const imagemap = {
    type: 'imagemap',
    baseUrl: 'https://cdn.example.com/img',
    altText: '{% for i in (1..2) %}x{% endfor %}',
    baseSize: { width: 1040, height: 1040 },
    actions: [],
  };
  assert.equal(isCheapToRender([imagemap]), false, 'fields beyond text are looked at too');
});

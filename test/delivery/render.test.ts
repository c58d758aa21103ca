import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CampaignRenderer } from '../../src/delivery/render/campaign.ts';
import { RenderPool } from '../../src/delivery/render/pool.ts';
import { SEND_RENDER_BUDGET } from '../../src/domain/index.ts';

const pool = new RenderPool({ threads: 2 });
after(() => pool.close());

const input = {
  key: 'render-test',
  campaign: { id: 'c-1', name: 'Winter' },
  messages: [{ type: 'text', text: 'Hi {{ profile.first_name | default: "friend" }} https://shop.example.com/sale?x=1#top' }],
  utm: { source: 'line', medium: 'social', campaign: '{{ campaign.id }}', extra: {} },
};
const recipient = (id: number, first_name?: string) => ({
  id,
  lineUserId: 'U' + String(id).padStart(32, '0'),
  profileId: id,
  attributes: first_name ? { first_name } : {},
});

test('push payloads are rendered per recipient: Liquid, then UTM, then the link rewriter with the delivery id', async () => {
  const seen: unknown[] = [];
  const r = new CampaignRenderer(pool, input, (url, ctx) => {
    seen.push(ctx);
    return `https://t.example/c/${ctx.deliveryId}?to=${encodeURIComponent(url)}`;
  });
  const out = await r.forRecipients([recipient(7, 'Aiko'), recipient(8)]);
  const seven = out.get(7)!;
  assert.ok(seven.ok);
  const text = (seven.payload[0] as { text: string }).text;
  assert.match(text, /^Hi Aiko https:\/\/t\.example\/c\/7\?to=/);
  assert.equal(
    decodeURIComponent(text.split('to=')[1]!),
    'https://shop.example.com/sale?x=1&utm_source=line&utm_medium=social&utm_campaign=c-1#top',
  );
  assert.deepEqual(seen[0], {
    campaignId: 'c-1',
    deliveryId: 7,
    recipient: recipient(7).lineUserId,
    // where the link sits (issue 15: clicks per place)
    place: { message: 0, path: 'text' },
  });
  const eight = out.get(8)!;
  assert.ok(eight.ok && /^Hi friend /.test((eight.payload[0] as { text: string }).text));
});

test('the shared (multicast) payload is the blank profile with defaults and UTM', async () => {
  const p = await new CampaignRenderer(pool, input).shared();
  assert.ok(p.ok);
  assert.equal(
    (p.payload[0] as { text: string }).text,
    'Hi friend https://shop.example.com/sale?x=1&utm_source=line&utm_medium=social&utm_campaign=c-1#top',
  );
});

test('a recipient whose render fails, or whose payload breaks a LINE rule, gets its own reason; the others their payload', async () => {
  const r = new CampaignRenderer(pool, {
    ...input,
    key: 'render-test-fail',
    utm: null,
    messages: [
      {
        type: 'text',
        text: '{{ profile.first_name }}{% if profile.n %}{% for i in (1..profile.n) %}x{% endfor %}{% endif %}{{ profile.pad }}',
      },
    ],
  });
  const at = (id: number, attributes: Record<string, unknown>) => ({ ...recipient(id), attributes });
  const out = await r.forRecipients([
    at(1, { first_name: 'Ann' }),
    at(2, {}),
    at(3, { first_name: 'B', n: 1e9 }),
    at(4, { first_name: 'C', pad: 'x'.repeat(5000) }),
  ]);
  assert.deepEqual(out.get(1), { ok: true, payload: [{ type: 'text', text: 'Ann' }] });
  assert.deepEqual(out.get(2), { ok: false, reason: 'invalid_rendered_message', detail: 'messages[0].text: May not be empty (length 0)' });
  const three = out.get(3)!;
  assert.equal(three.ok, false);
  assert.equal(!three.ok && three.reason, 'render_failed');
  assert.match(!three.ok ? three.detail : '', /^messages\[0\]\.text: render budget exceeded: more than 1000000 memory units/);
  assert.deepEqual(out.get(4), {
    ok: false,
    reason: 'invalid_rendered_message',
    detail: 'messages[0].text: Length must be between 0 and 5000 (length 5001)',
  });
});

test('render budget: an endless loop fails its recipient as render_failed (budget exceeded); the batch goes on', async () => {
  const r = new CampaignRenderer(pool, {
    ...input,
    key: 'render-test-budget',
    messages: [
      { type: 'text', text: '{% if profile.slow %}{% for a in (1..3000) %}{% for b in (1..3000) %}{% endfor %}{% endfor %}{% endif %}Hi' },
    ],
  });
  const out = await r.forRecipients([recipient(1), { ...recipient(2), attributes: { slow: true } }, recipient(3)]);
  assert.deepEqual(out.get(1), { ok: true, payload: [{ type: 'text', text: 'Hi' }] });
  assert.deepEqual(out.get(3), { ok: true, payload: [{ type: 'text', text: 'Hi' }] });
  const two = out.get(2)!;
  assert.equal(!two.ok && two.reason, 'render_failed');
  assert.match(!two.ok ? two.detail : '', /^messages\[0\]\.text: render budget exceeded/);
});

test('a render that outlives its hard timeout is stopped (its thread is replaced) and fails alone', async () => {
  // a budget that lets liquidjs run on for a minute: only the pool's hard timeout can stop it
  const source = {
    key: 'render-test-hang',
    campaign: input.campaign,
    utm: null,
    messages: [
      {
        type: 'text',
        text: '{% if profile.slow %}{% for a in (1..30000) %}{% for b in (1..30000) %}{% endfor %}{% endfor %}{% endif %}ok',
      },
    ],
  };
  const before = pool.stopped;
  const out = await pool.render(
    'hang',
    source,
    [
      { id: 1, profile: {} },
      { id: 2, profile: { slow: true } },
      { id: 3, profile: {} },
    ],
    { timeMs: 60_000, memory: 1e12, outputChars: 1e6 },
    { hardTimeoutMs: 300 },
  );
  assert.deepEqual(
    out.map((o) => [o.id, o.ok, o.ok ? null : o.code]),
    [
      [1, true, null],
      [2, false, 'render_budget_exceeded'],
      [3, true, null],
    ],
  );
  assert.equal(pool.stopped - before, 2, 'the batch, then the one profile that hangs');
  // the pool still renders afterwards
  const again = await pool.render('hang', source, [{ id: 4, profile: {} }], { timeMs: 100, memory: 1e6, outputChars: 1e6 });
  assert.equal(again[0]!.ok, true);
});

test('cheap templates render on the calling thread; loops go to a render thread (heavy templates stay isolated)', async () => {
  const own = new RenderPool({ threads: 1 });
  try {
    const profiles = [1, 2, 3].map((id) => ({ id, profile: { first_name: `N${id}` } }));
    const cheap = { key: 'cheap', campaign: input.campaign, utm: null, messages: [{ type: 'text', text: 'Hi {{ profile.first_name }}' }] };
    const out = await own.render('a', cheap, profiles, SEND_RENDER_BUDGET);
    assert.deepEqual(
      out.map((o) => o.ok && o.messages),
      [1, 2, 3].map((i) => [{ type: 'text', text: `Hi N${i}` }]),
    );
    assert.deepEqual(own.rendered, { onThread: 3, isolated: 0 });
    const loop = { ...cheap, key: 'loop', messages: [{ type: 'text', text: '{% for i in (1..2) %}{{ profile.first_name }}{% endfor %}' }] };
    const looped = await own.render('b', loop, profiles, SEND_RENDER_BUDGET);
    assert.deepEqual(looped[0]!.ok && looped[0]!.messages, [{ type: 'text', text: 'N1N1' }]);
    assert.deepEqual(own.rendered, { onThread: 3, isolated: 3 });
  } finally {
    await own.close();
  }
});

test('a cheap template that proves slow on the calling thread goes to the render threads from then on', async () => {
  const own = new RenderPool({ threads: 1, onThreadMaxMs: 0 }); // any measurable time counts as slow here
  try {
    const src = { key: 'slow', campaign: input.campaign, utm: null, messages: [{ type: 'text', text: '{{ profile.x | upcase }}' }] };
    const p = [{ id: 1, profile: { x: 'a'.repeat(100_000) } }];
    await own.render('a', src, p, SEND_RENDER_BUDGET);
    assert.equal(own.rendersOnThread(src), false);
    await own.render('a', src, p, SEND_RENDER_BUDGET);
    assert.deepEqual(own.rendered, { onThread: 1, isolated: 1 });
  } finally {
    await own.close();
  }
});

test('LINECAST_RENDER_ON_THREAD=0 (onThread: false) sends every template to the render threads', async () => {
  const own = new RenderPool({ threads: 1, onThread: false });
  try {
    await own.render('a', { ...input, utm: null }, [{ id: 1, profile: {} }], SEND_RENDER_BUDGET);
    assert.deepEqual(own.rendered, { onThread: 0, isolated: 1 });
  } finally {
    await own.close();
  }
});

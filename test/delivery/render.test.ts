import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaignRenderer, renderTest } from '../../src/delivery/render.ts';

const input = {
  campaign: { id: 'c-1', name: 'Winter' },
  messages: [{ type: 'text', text: 'Hi {{ profile.first_name | default: "friend" }} https://shop.example.com/sale?x=1#top' }],
  utm: { source: 'line', medium: 'social', campaign: '{{ campaign.id }}', extra: {} },
};
const recipient = (id: number, first_name?: string) => ({ id, lineUserId: 'U' + String(id).padStart(32, '0'), profileId: id, attributes: first_name ? { first_name } : {} });

test('push payloads are rendered per recipient: Liquid, then UTM, then the link rewriter with the delivery id', async () => {
  const seen: unknown[] = [];
  const r = await campaignRenderer(input, (url, ctx) => {
    seen.push(ctx);
    return `https://t.example/c/${ctx.deliveryId}?to=${encodeURIComponent(url)}`;
  });
  const [m] = r.forRecipient(recipient(7, 'Aiko')) as { text: string }[];
  assert.match(m!.text, /^Hi Aiko https:\/\/t\.example\/c\/7\?to=/);
  const target = decodeURIComponent(m!.text.split('to=')[1]!);
  assert.equal(target, 'https://shop.example.com/sale?x=1&utm_source=line&utm_medium=social&utm_campaign=c-1#top');
  assert.deepEqual(seen, [{ campaignId: 'c-1', deliveryId: 7, recipient: recipient(7).lineUserId }]);
  assert.match((r.forRecipient(recipient(8)) as { text: string }[])[0]!.text, /^Hi friend /);
});

test('a test send gets the blank-profile bundle with defaults and UTM', async () => {
  const [m] = (await renderTest(input)) as { text: string }[];
  assert.equal(m!.text, 'Hi friend https://shop.example.com/sale?x=1&utm_source=line&utm_medium=social&utm_campaign=c-1#top');
});

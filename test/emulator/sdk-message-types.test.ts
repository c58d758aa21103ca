/**
 * The official @line/bot-sdk sends each message type Linecast composes (image, video, sticker, Flex bubble and
 * carousel) to the emulator, by push and multicast; the emulator stores them as sent and answers LINE's 400 with
 * LINE's `details` for what LINE refuses.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { rejection } from './sdk-rejection.ts';

const TOKEN = 'sdk-types-token';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/flex/${name}`, import.meta.url), 'utf8')) as messagingApi.FlexContainer;

const image: messagingApi.ImageMessage = {
  type: 'image',
  originalContentUrl: 'https://cdn.example/a.jpg',
  previewImageUrl: 'https://cdn.example/a-preview.jpg',
};
const video: messagingApi.VideoMessage = {
  type: 'video',
  originalContentUrl: 'https://cdn.example/v.mp4',
  previewImageUrl: 'https://cdn.example/v.jpg',
  trackingId: 'spring-2026',
};
const sticker: messagingApi.StickerMessage = { type: 'sticker', packageId: '446', stickerId: '1988' };
const bubble: messagingApi.FlexMessage = { type: 'flex', altText: 'Brown Cafe', contents: fixture('restaurant.json') };
const carousel: messagingApi.FlexMessage = { type: 'flex', altText: 'Shop', contents: fixture('shopping.json') };

describe('official @line/bot-sdk sends image, video, sticker and Flex to the emulator', () => {
  let emu: RunningEmulator;
  let client: messagingApi.MessagingApiClient;
  const received = async (user: string) =>
    (
      (await (await fetch(`${emu.url}/_emulator/users/${user}/messages`)).json()) as { deliveries: Array<{ messages: unknown[] }> }
    ).deliveries.flatMap((d) => d.messages);

  before(async () => {
    emu = await startEmulator({ tokens: [TOKEN] });
    client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => emu.state.reset());

  it('push: each type is accepted and stored exactly as sent', async () => {
    const res = await client.pushMessageWithHttpInfo({ to: uid(1), messages: [image, video, sticker, bubble, carousel] }, randomUUID());
    assert.equal(res.httpResponse.status, 200);
    assert.equal(res.body.sentMessages.length, 5);
    assert.deepEqual(await received(uid(1)), [image, video, sticker, bubble, carousel]);
  });

  it('multicast: each type reaches every recipient', async () => {
    await client.multicast({ to: [uid(2), uid(3)], messages: [image, video, sticker, bubble] }, randomUUID());
    for (const u of [uid(2), uid(3)]) assert.deepEqual(await received(u), [image, video, sticker, bubble]);
  });

  it('validate endpoint: accepts the types, refuses what LINE documents as refused, with the property path', async () => {
    await client.validatePush({ messages: [image, video, sticker, bubble, carousel] });
    const cases: Array<[messagingApi.Message, string]> = [
      [{ ...image, originalContentUrl: 'http://cdn.example/a.jpg' }, 'messages[0].originalContentUrl'],
      [{ ...video, trackingId: 'has space' }, 'messages[0].trackingId'],
      [{ ...sticker, stickerId: '1' }, 'messages[0].stickerId'],
      [{ ...bubble, altText: 'x'.repeat(1501) }, 'messages[0].altText'],
      [
        { ...carousel, contents: { type: 'carousel', contents: Array(13).fill(fixture('restaurant.json')) } },
        'messages[0].contents.contents',
      ],
      [
        {
          type: 'flex',
          altText: 'a',
          contents: {
            type: 'bubble',
            body: { type: 'box', layout: 'vertical', contents: [{ type: 'icon', url: 'https://cdn.example/i.png' }] },
          },
        },
        'messages[0].contents.body.contents[0].type',
      ],
    ];
    for (const [m, property] of cases) {
      const err = await rejection(client.pushMessage({ to: uid(4), messages: [m] }, randomUUID()));
      assert.equal(err.status, 400, property);
      const body = JSON.parse(err.body) as { message: string; details: Array<{ property: string }> };
      assert.equal(body.message, 'The request body has 1 error(s)');
      assert.deepEqual(
        body.details.map((d) => d.property),
        [property],
      );
    }
    assert.deepEqual(await received(uid(4)), [], 'nothing refused was stored');
  });
});

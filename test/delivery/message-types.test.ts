/**
 * One campaign with image, video, sticker, Flex and text goes out through the dispatcher to the emulator by push
 * and by multicast, and arrives as validated: Liquid rendered in the Flex text and URLs, UTM tags on the Flex links,
 * media URLs untouched.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { addProfile, statusCounts, uid, world, type World } from './fixture.ts';
import { launched, waitState } from './helpers.ts';

let tdb: TestDb;
let emu: RunningEmulator;
let w: World;
let engine: DeliveryEngine;

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0 });
  w = await world(tdb.db, { apiBaseUrl: emu.url });
  await addProfile(tdb.db, w.parentSegmentId, 'a', uid(1), 'following', { first_name: 'Aiko', tier: 'gold' });
  await addProfile(tdb.db, w.parentSegmentId, 'b', uid(2), 'following', { first_name: 'Ben' });
  engine = startDeliveryEngine(tdb.db, enginePorts(w.box), { pollMs: 50, idleStopMs: 500, leaseTtlMs: 3_000 });
});
after(async () => {
  await engine.stop();
  await emu.close();
  await tdb.close();
});

const image = { type: 'image', originalContentUrl: 'https://cdn.example/a.jpg', previewImageUrl: 'https://cdn.example/a-p.jpg' };
const video = {
  type: 'video',
  originalContentUrl: 'https://cdn.example/v.mp4',
  previewImageUrl: 'https://cdn.example/v.jpg',
  trackingId: 'spring',
};
const sticker = { type: 'sticker', packageId: '11537', stickerId: '52002734' };
const flex = {
  type: 'flex',
  altText: 'An offer for {{ profile.first_name | default: "you" }}',
  contents: {
    type: 'carousel',
    contents: ['shoes', 'bags'].map((item) => ({
      type: 'bubble',
      hero: { type: 'image', url: `https://cdn.example/${item}.jpg`, size: 'full' },
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'text', text: `${item} for {{ profile.first_name | default: "you" }}` }],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [
          {
            type: 'button',
            action: { type: 'uri', label: 'Buy', uri: `https://shop.example/${item}?tier={{ profile.tier | default: "basic" }}` },
          },
        ],
      },
    })),
  },
};
const text = { type: 'text', text: 'Thanks!' };

type Got = { deliveries: Array<{ messages: Array<Record<string, unknown>> }> };
const received = async (u: string) =>
  ((await (await fetch(`${emu.url}/_emulator/users/${u}/messages`)).json()) as Got).deliveries.flatMap((d) => d.messages);

for (const sendMode of ['push', 'multicast'] as const) {
  test(`${sendMode}: image, video, sticker, Flex carousel and text arrive at the emulator as rendered and checked`, async () => {
    await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
    const c = await launched(tdb.db, w, {
      sendMode,
      messages: [image, video, sticker, flex, text],
      utm: { source: 'line', medium: 'message', campaign: 'spring' },
    });
    await waitState(tdb.db, c.campaignId, ['Finished']);
    assert.deepEqual(await statusCounts(tdb.db, c.campaignId), { accepted: 2 });
    const got = await received(uid(1));
    assert.deepEqual(
      got.map((m) => m.type),
      ['image', 'video', 'sticker', 'flex', 'text'],
    );
    assert.deepEqual(got[0], image);
    assert.deepEqual(got[1], video);
    assert.deepEqual(got[2], sticker);
    assert.deepEqual(got[4], text);
    const f = JSON.stringify(got[3]);
    // push renders each profile; multicast sends one payload rendered with a blank profile
    const name = sendMode === 'push' ? 'Aiko' : 'you';
    const tier = sendMode === 'push' ? 'gold' : 'basic';
    assert.ok(f.includes(`"An offer for ${name}"`), f);
    assert.ok(f.includes(`"shoes for ${name}"`) && f.includes(`"bags for ${name}"`), f);
    assert.ok(f.includes('"https://cdn.example/shoes.jpg"'), 'media URL untouched');
    for (const item of ['shoes', 'bags']) {
      const tagged = new RegExp(`https://shop\\.example/${item}\\?tier=${tier}&utm_source=line&utm_medium=message&utm_campaign=spring`);
      const tracked = /\/c\/[A-Za-z0-9_-]+/;
      assert.ok(tagged.test(f) || tracked.test(f), `${item} link tagged or tracked: ${f}`);
    }
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { LineClient } from '../../src/line/client.ts';
import { assertSchema } from './openapi.ts';
import { rejection } from './sdk-rejection.ts';

const TOKEN = 'twin-token';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const HOUR = 3600_000;

/** LINE behaviours beyond message rules: retry-key window, quote tokens, reply, answers that name no recipient. */
describe('emulator: LINE behaviours', () => {
  let emu: RunningEmulator;
  let client: messagingApi.MessagingApiClient;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  let hookUrl = '';

  before(async () => {
    emu = await startEmulator({ tokens: [TOKEN], rateLimits: { enabled: false } });
    client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emu.url });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await emu.close();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => emu.state.reset());

  const at = (ms: number) => emu.state.setConfig({ clockOffsetMs: ms });
  const received = (u: string) => emu.state.log.forUser(u).count;

  it('a retry key is good for 24 hours from its FIRST request, which later retries do not extend', async () => {
    const key = randomUUID();
    const req = { to: uid(1), messages: [{ type: 'text' as const, text: 'once' }] };
    emu.state.setConfig({ faults: { serverError: { next: 1 } } });
    assert.equal((await rejection(client.pushMessage(req, key))).status, 500, 'the first request fails: nothing accepted');
    at(23 * HOUR);
    const accepted = await client.pushMessageWithHttpInfo(req, key);
    assert.equal(accepted.httpResponse.status, 200, 'accepted by a retry 23 h after the first request');
    at(23.9 * HOUR);
    const dup = await rejection(client.pushMessage(req, key));
    assert.equal(dup.status, 409);
    assert.equal(dup.headers.get('x-line-accepted-request-id'), accepted.httpResponse.headers.get('x-line-request-id'));
    assert.equal(received(uid(1)), 1);
    at(24 * HOUR + 1000);
    const again = await client.pushMessageWithHttpInfo(req, key);
    assert.equal(again.httpResponse.status, 200, 'past 24 h from the first request LINE treats the key as new');
    assert.equal(received(uid(1)), 2);
    at(24 * HOUR + 2000);
    assert.equal((await rejection(client.pushMessage(req, key))).status, 409, 'the new acceptance opened a new window');
  });

  it('push and reply answer a quoteToken for every message type LINE can quote, and only those', async () => {
    const messages: messagingApi.Message[] = [
      { type: 'text', text: 'a' },
      { type: 'sticker', packageId: '446', stickerId: '1988' },
      { type: 'image', originalContentUrl: 'https://example.com/a.jpg', previewImageUrl: 'https://example.com/a-s.jpg' },
      { type: 'video', originalContentUrl: 'https://example.com/v.mp4', previewImageUrl: 'https://example.com/v.jpg' },
      { type: 'location', title: 'Here', address: 'Tokyo', latitude: 35.6, longitude: 139.7 },
    ];
    const res = await client.pushMessage({ to: uid(2), messages }, randomUUID());
    assertSchema('messaging-api.yml', 'PushMessageResponse', res);
    assert.deepEqual(
      res.sentMessages.map((m) => typeof m.quoteToken === 'string' && m.quoteToken.length > 0),
      [true, true, true, true, false],
    );
    const ids = res.sentMessages.map((m) => m.id);
    assert.equal(new Set(ids).size, 5, 'every message has its own id');
    const v2 = await client.pushMessage(
      {
        to: uid(2),
        messages: [
          { type: 'textV2', text: 'Hi {n}', substitution: { n: { type: 'mention', mentionee: { type: 'all' } } } } as messagingApi.Message,
          { type: 'imagemap', baseUrl: 'https://example.com/m', altText: 'm', baseSize: { width: 1040, height: 1040 }, actions: [] },
        ],
      },
      randomUUID(),
    );
    assert.deepEqual(
      v2.sentMessages.map((m) => 'quoteToken' in m),
      [true, false],
    );

    const hook = await fetch(`${emu.url}/_emulator/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: hookUrl, type: 'follow', userId: uid(3) }),
    });
    const replyToken = ((await hook.json()) as { body: { events: Array<{ replyToken: string }> } }).body.events[0]!.replyToken;
    const reply = await client.replyMessage({
      replyToken,
      messages: [
        { type: 'sticker', packageId: '446', stickerId: '1988' },
        { type: 'location', title: 't', address: 'a', latitude: 1, longitude: 2 },
      ],
    });
    assertSchema('messaging-api.yml', 'ReplyMessageResponse', reply);
    assert.deepEqual(
      reply.sentMessages.map((m) => 'quoteToken' in m),
      [true, false],
    );
    assert.equal(received(uid(3)), 1);
  });

  it('reply: a reply token works once and not after its time; no retry key; no quota used', async () => {
    emu.state.setConfig({ quota: { type: 'limited', value: 0 } });
    const follow = async (u: string) => {
      const r = await fetch(`${emu.url}/_emulator/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: hookUrl, type: 'follow', userId: u }),
      });
      return ((await r.json()) as { body: { events: Array<{ replyToken: string }> } }).body.events[0]!.replyToken;
    };
    const token = await follow(uid(4));
    await client.replyMessage({ replyToken: token, messages: [{ type: 'text', text: 'Welcome' }] });
    const used = await rejection(client.replyMessage({ replyToken: token, messages: [{ type: 'text', text: 'Again' }] }));
    assert.equal(used.status, 400);
    assert.deepEqual(JSON.parse(used.body), { message: 'Invalid reply token' });
    const late = await follow(uid(5));
    at(61_000);
    assert.equal((await rejection(client.replyMessage({ replyToken: late, messages: [{ type: 'text', text: 'Late' }] }))).status, 400);
    at(0);
    const keyed = await fetch(`${emu.url}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'x-line-retry-key': randomUUID() },
      body: JSON.stringify({ replyToken: await follow(uid(6)), messages: [{ type: 'text', text: 'x' }] }),
    });
    assert.equal(keyed.status, 400, 'LINE refuses a retry key on reply');
    assert.equal((await client.getMessageQuotaConsumption()).totalUsage, 0, 'replies are free');
    assert.equal(received(uid(4)), 1);
  });

  it('multicastUnknown "fail": a non-existent user makes the whole multicast a 400 that names no recipient', async () => {
    emu.state.setConfig({ multicastUnknown: 'fail' });
    emu.state.setUsers({ unknown: [uid(12)] });
    const to = [uid(11), uid(12), uid(13)];
    const err = await rejection(client.multicast({ to, messages: [{ type: 'text', text: 'hi' }] }, randomUUID()));
    assert.equal(err.status, 400);
    assert.deepEqual(JSON.parse(err.body), { message: 'Failed to send messages' });
    assert.equal(emu.state.log.total, 0, 'nothing is sent to anyone');
    const line = new LineClient({ baseUrl: emu.url, channelAccessToken: TOKEN });
    const r = await line.multicast(to, [{ type: 'text', text: 'hi' }], randomUUID());
    assert.equal(r.kind, 'invalid_recipient');
    assert.deepEqual(r.invalidRecipientIndexes, [], 'the sender cannot tell which recipient: it has to split the batch');
    const ok = await line.multicast([uid(11), uid(13)], [{ type: 'text', text: 'hi' }], randomUUID());
    assert.equal(ok.kind, 'accepted');
    await line.close();
  });

  it('the failedToSend fault answers 400 "Failed to send messages" on multicast and push, records nothing, keeps the key free', async () => {
    emu.state.setConfig({ faults: { failedToSend: { next: 2 } } });
    const key = randomUUID();
    const m = await rejection(client.multicast({ to: [uid(21), uid(22)], messages: [{ type: 'text', text: 'x' }] }, key));
    assert.equal(m.status, 400);
    assert.deepEqual(JSON.parse(m.body), { message: 'Failed to send messages' });
    const p = await rejection(client.pushMessage({ to: uid(23), messages: [{ type: 'text', text: 'x' }] }, randomUUID()));
    assert.deepEqual(JSON.parse(p.body), { message: 'Failed to send messages' });
    await client.multicast({ to: [uid(21), uid(22)], messages: [{ type: 'text', text: 'x' }] }, key);
    assert.equal(received(uid(21)), 1);
    assert.equal(received(uid(23)), 0);
  });

  it('what LINE leaves open is accepted, and refused only in strict mode', async () => {
    const raw = (path: string, body: unknown, key?: string) =>
      fetch(emu.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...(key ? { 'x-line-retry-key': key } : {}) },
        body: JSON.stringify(body),
      });
    const text = [{ type: 'text', text: 'x' }];
    const upper = 'U' + 'ABCDEF'.repeat(5) + 'AB';
    const cases = [
      () => raw('/v2/bot/message/push', { to: uid(31), messages: text }, 'not-a-uuid'),
      () => raw('/v2/bot/message/push', { to: uid(31), messages: text, notificationDisabled: 'true' }, randomUUID()),
      () => raw('/v2/bot/message/multicast', { to: [uid(31), upper], messages: text }, randomUUID()),
      () =>
        raw(
          '/v2/bot/message/push',
          {
            to: uid(31),
            messages: [
              { type: 'imagemap', baseUrl: 'https://example.com/a.png', altText: '', baseSize: { width: 1040, height: 0 }, actions: [] },
            ],
          },
          randomUUID(),
        ),
    ];
    for (const c of cases) assert.equal((await c()).status, 200);
    assert.equal(received(upper), 0, "an ID outside LINE's format reaches nobody");
    emu.state.setConfig({ strict: true });
    const answers = [];
    for (const c of cases) answers.push(await c());
    assert.deepEqual(
      answers.map((a) => a.status),
      [400, 400, 400, 400],
    );
    assert.equal(
      ((await answers[2]!.json()) as { message: string }).message,
      'The property, to[1], in the request body is invalid (line: -, column: -)',
    );
    const imagemap = (await answers[3]!.json()) as { message: string; details: Array<{ property: string }> };
    assert.deepEqual(imagemap.details.map((d) => d.property).sort(), [
      'messages[0].actions',
      'messages[0].altText',
      'messages[0].baseSize.height',
      'messages[0].baseUrl',
    ]);
    assert.equal(imagemap.message, 'The request body has 4 error(s)');
  });
});

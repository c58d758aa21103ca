import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { validateSignature } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { assertSchema } from './openapi.ts';

const SECRET = 'webhook-test-secret';
const user = 'U' + 'a'.repeat(32);

describe('emulator webhooks', () => {
  let emu: RunningEmulator;
  const received: Array<{ raw: string; signature: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-line-signature']) });
      res.writeHead(200).end('ok');
    });
  });
  let hookUrl = '';

  before(async () => {
    emu = await startEmulator({ channelSecret: SECRET });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/line/acct`;
  });
  after(async () => {
    await emu.close();
    await new Promise((r) => receiver.close(r));
  });

  const send = async (body: unknown) => {
    const r = await fetch(`${emu.url}/_emulator/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };

  it('sends an unfollow event signed with the channel secret (verifiable by the official SDK) and blocks the user', async () => {
    const r = await send({ url: hookUrl, type: 'unfollow', userId: user });
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 200);
    const got = received.at(-1)!;
    assert.ok(validateSignature(got.raw, SECRET, got.signature), 'signature verifies with the channel secret');
    assert.equal(validateSignature(got.raw, 'other-secret', got.signature), false);
    const body = JSON.parse(got.raw) as { destination: string; events: Array<Record<string, unknown>> };
    assertSchema('webhook.yml', 'CallbackRequest', body);
    assertSchema('webhook.yml', 'UnfollowEvent', body.events[0]);
    assert.equal((body.events[0]!.source as { userId: string }).userId, user);
    assert.match(String(body.events[0]!.webhookEventId), /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(emu.state.userState(user), 'blocked');
  });

  it('sends a follow event (with replyToken and follow.isUnblocked) and the user follows again', async () => {
    await send({ url: hookUrl, type: 'follow', userId: user, isUnblocked: true, channelSecret: 'per-call-secret' });
    const got = received.at(-1)!;
    assert.ok(validateSignature(got.raw, 'per-call-secret', got.signature));
    const body = JSON.parse(got.raw) as { events: Array<Record<string, unknown>> };
    assertSchema('webhook.yml', 'FollowEvent', body.events[0]);
    assert.deepEqual(body.events[0]!.follow, { isUnblocked: true });
    assert.equal(emu.state.userState(user), 'following');
  });

  it('rejects a malformed request with 400', async () => {
    const r = await send({ url: hookUrl, type: 'follow', userId: 'not-a-user' });
    assert.equal(r.status, 400);
  });
});

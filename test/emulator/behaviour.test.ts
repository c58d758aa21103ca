import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { assertSchema } from './openapi.ts';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const msgs = [{ type: 'text', text: 'hi' }];

interface Res {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

describe('emulator behaviour', () => {
  let emu: RunningEmulator;

  const call = async (path: string, body: unknown, opts: { key?: string; token?: string; method?: string } = {}): Promise<Res> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${opts.token ?? 'tok-a'}` };
    if (opts.key) headers['x-line-retry-key'] = opts.key;
    const r = await fetch(emu.url + path, {
      method: opts.method ?? 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: r.headers };
  };
  const push = (to: string, o: { key?: string; token?: string } = {}) =>
    call('/v2/bot/message/push', { to, messages: msgs }, { key: randomUUID(), ...o });
  const multicast = (to: string[], o: { key?: string; token?: string } = {}) =>
    call('/v2/bot/message/multicast', { to, messages: msgs }, { key: randomUUID(), ...o });
  const inspect = async (path: string, init?: RequestInit) =>
    (await fetch(emu.url + path, init)).json() as Promise<Record<string, unknown>>;
  const configure = (patch: unknown) =>
    inspect('/_emulator/config', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });

  before(async () => {
    emu = await startEmulator({});
  });
  after(() => emu.close());
  beforeEach(() => inspect('/_emulator/reset', { method: 'POST' }));

  it('rate limit: a token bucket per channel and endpoint, LINE 429 text, no Retry-After, other channels unaffected', async () => {
    // 5 in the bucket, one more every 2 s: the 8 concurrent requests finish long before a refill.
    await configure({ rateLimits: { push: 0.5, burstSeconds: 10, multicast: 2 } });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => push(uid(i + 1))));
    const limited = results.filter((r) => r.status === 429);
    assert.equal(results.filter((r) => r.status === 200).length, 5);
    assert.equal(limited.length, 3);
    assert.deepEqual(limited[0]!.body, { message: 'The API rate limit has been exceeded. Try again later.' });
    assertSchema('messaging-api.yml', 'ErrorResponse', limited[0]!.body);
    assert.equal(limited[0]!.headers.get('retry-after'), null);
    assert.ok(limited[0]!.headers.get('x-line-request-id'));
    assert.equal((await push(uid(1), { token: 'tok-b' })).status, 200, 'another channel has its own bucket');
    assert.equal((await multicast([uid(1)])).status, 200, 'multicast has its own bucket');
    const stats = await inspect('/_emulator/stats');
    assert.equal(stats.rateLimited, 3);
    assert.equal(emu.state.log.total, 7, 'a rate-limited request delivers nothing');
  });

  it('monthly quota: consumption counts recipients; over the limit is 429 "You have reached your monthly limit."', async () => {
    await configure({ quota: { type: 'limited', value: 3 } });
    assert.equal((await multicast([uid(1), uid(2)])).status, 200);
    const over = await multicast([uid(3), uid(4)]);
    assert.equal(over.status, 429);
    assert.deepEqual(over.body, { message: 'You have reached your monthly limit.' });
    assert.equal(emu.state.log.forUser(uid(3)).count, 0, 'rejected as a whole');
    assert.equal((await push(uid(3))).status, 200, 'exactly fills the quota');
    assert.equal((await push(uid(4))).status, 429);
    const usage = await call('/v2/bot/message/quota/consumption', undefined, { method: 'GET' });
    assert.deepEqual(usage.body, { totalUsage: 3 });
    await configure({ consumption: 0, consumptionToken: 'tok-a' });
    assert.equal((await push(uid(4))).status, 200, 'usage can be reset through the config API');
  });

  it('blocked users get 200 but nothing is delivered or counted; unknown users are 400 on push and skipped in multicast', async () => {
    await configure({ users: { blocked: [uid(1)], unknown: [uid(2)] } });
    const blocked = await push(uid(1));
    assert.equal(blocked.status, 200);
    assert.ok(Array.isArray(blocked.body.sentMessages));
    const unknown = await push(uid(2));
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, { message: 'Failed to send messages' });
    assert.equal((await multicast([uid(1), uid(2), uid(3)])).status, 200);
    assert.equal(emu.state.log.forUser(uid(1)).count, 0);
    assert.equal(emu.state.log.forUser(uid(2)).count, 0);
    assert.equal(emu.state.log.forUser(uid(3)).count, 1);
    const usage = await call('/v2/bot/message/quota/consumption', undefined, { method: 'GET' });
    assert.equal(usage.body.totalUsage, 1);
    const user = await inspect(`/_emulator/users/${uid(1)}/messages`);
    assert.equal(user.state, 'blocked');
  });

  it('multicastUnknown "reject" turns a non-existent ID into a 400 naming to[i]', async () => {
    await configure({ multicastUnknown: 'reject', users: { unknown: [uid(2)] } });
    const r = await multicast([uid(1), uid(2)]);
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'The property, to[1], in the request body is invalid (line: -, column: -)');
    assert.equal(emu.state.log.total, 0);
  });

  it('request validation: malformed to, too many recipients, bad JSON, content type, unit name, retry key on validate', async () => {
    assert.equal((await push('Uabc')).body.message, "The property, 'to', in the request body is invalid (line: -, column: -)");
    const m = await multicast([uid(1), 'bad']);
    assert.equal(m.body.message, 'The property, to[1], in the request body is invalid (line: -, column: -)');
    const many = await multicast(Array.from({ length: 501 }, (_, i) => uid(i)));
    assert.deepEqual(many.body.details, [{ message: 'Size must be between 1 and 500', property: 'to' }]);
    const badJson = await fetch(emu.url + '/v2/bot/message/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{',
    });
    assert.equal(badJson.status, 400);
    const form = await fetch(emu.url + '/v2/bot/message/push', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer t' },
      body: '{}',
    });
    assert.equal(form.status, 415);
    const unit = await call(
      '/v2/bot/message/multicast',
      { to: [uid(1)], messages: msgs, customAggregationUnits: ['a', 'b'] },
      { key: randomUUID() },
    );
    assert.equal(unit.status, 400);
    const v = await call('/v2/bot/message/validate/push', { messages: msgs }, { key: randomUUID() });
    assert.equal(v.status, 400, 'LINE refuses a retry key on endpoints that do not support it');
    const noAuth = await fetch(emu.url + '/v2/bot/info');
    assert.equal(noAuth.status, 401);
    assert.equal(((await noAuth.json()) as { message: string }).message.startsWith('Authorization header required'), true);
    assert.equal(emu.state.log.total, 0);
  });

  it('faults: 5xx and timeout-before-acceptance record nothing, so a retry with the same key delivers once', async () => {
    await configure({ faults: { serverError: { next: 1 }, timeoutBeforeAccept: { next: 1 }, hangMs: 200 } });
    const key = randomUUID();
    const first = await push(uid(7), { key });
    assert.equal(first.status, 500);
    await assert.rejects(push(uid(7), { key }), 'hung then closed');
    assert.equal(emu.state.log.forUser(uid(7)).count, 0);
    const third = await push(uid(7), { key });
    assert.equal(third.status, 200);
    assert.equal(emu.state.log.forUser(uid(7)).count, 1);
  });

  it('faults: timeout after acceptance records the delivery; the retry gets 409 and nothing is sent twice', async () => {
    await configure({ faults: { timeoutAfterAccept: { next: 1 }, afterAccept: 'close' } });
    const key = randomUUID();
    await assert.rejects(push(uid(8), { key }));
    assert.equal(emu.state.log.forUser(uid(8)).count, 1);
    const retry = await push(uid(8), { key });
    assert.equal(retry.status, 409);
    assert.ok(retry.headers.get('x-line-accepted-request-id'));
    assert.ok(Array.isArray(retry.body.sentMessages));
    assert.equal(emu.state.log.forUser(uid(8)).count, 1);
  });

  it('faults: a forced 429 burst, and faults limited to the configured endpoints', async () => {
    await configure({ faults: { rateLimit: { next: 2 }, latencyMs: 1 } });
    assert.equal((await push(uid(9))).status, 429);
    assert.equal((await multicast([uid(9)])).status, 429);
    assert.equal((await push(uid(9))).status, 200);
    await configure({ faults: { serverError: { rate: 1 }, endpoints: ['multicast'] } });
    assert.equal((await push(uid(9))).status, 200);
    assert.equal((await multicast([uid(9)])).status, 500);
  });

  it('record "counts" keeps counts without payloads; stats report duplicates per user', async () => {
    await configure({ record: 'counts' });
    await multicast([uid(1), uid(2)]);
    await push(uid(1));
    const u = await inspect(`/_emulator/users/${uid(1)}/messages`);
    assert.equal(u.count, 2);
    assert.equal(u.deliveries, null);
    const stats = await inspect('/_emulator/stats');
    assert.equal(stats.deliveredMessages, 3);
    assert.equal(stats.distinctUsers, 2);
    assert.equal(stats.usersWithMultipleDeliveries, 1);
    const per = stats.perEndpoint as Record<string, { accepted: number; perSecond: { current: number } }>;
    assert.equal(per.push!.accepted, 1);
    assert.equal(per.multicast!.accepted, 1);
  });

  it('retry keys expire after the configured window (then LINE treats the request as new)', async () => {
    await configure({ retryKeyTtlMs: 1 });
    const key = randomUUID();
    assert.equal((await push(uid(5), { key })).status, 200);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal((await push(uid(5), { key })).status, 200);
    assert.equal(emu.state.log.forUser(uid(5)).count, 2);
  });

  it('reset restores the start-up config and forgets everything', async () => {
    await configure({ quota: { type: 'limited', value: 1 }, users: { blocked: [uid(1)] } });
    await push(uid(2));
    await inspect('/_emulator/reset', { method: 'POST' });
    const cfg = await inspect('/_emulator/config');
    assert.deepEqual(cfg.quota, { type: 'none' });
    assert.equal(emu.state.userState(uid(1)), 'following');
    assert.equal(emu.state.log.total, 0);
  });
});

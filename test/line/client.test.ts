import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { LineClient } from '../../src/line/client.ts';

const TOKEN = 'client-test-token';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const msgs = [{ type: 'text', text: 'hello' }];

describe('LineClient against the emulator: one classified result per response class', () => {
  let emu: RunningEmulator;
  let line: LineClient;

  before(async () => {
    emu = await startEmulator({ tokens: [TOKEN], faults: { hangMs: 5_000 } });
    line = new LineClient({ baseUrl: emu.url, channelAccessToken: TOKEN, connections: 4, timeoutMs: 400 });
  });
  after(async () => {
    await line.close();
    await emu.close();
  });
  beforeEach(() => emu.state.reset());

  it('accepted push carries requestId and sentMessages; the replay is accepted_duplicate with acceptedRequestId', async () => {
    const key = randomUUID();
    const first = await line.push(uid(1), msgs, key);
    assert.equal(first.kind, 'accepted');
    assert.equal(first.status, 200);
    assert.match(first.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(first.sentMessages?.length, 1);
    const again = await line.push(uid(1), msgs, key);
    assert.equal(again.kind, 'accepted_duplicate');
    assert.equal(again.status, 409);
    assert.equal(again.acceptedRequestId, first.requestId);
    assert.deepEqual(again.sentMessages, first.sentMessages);
    assert.notEqual(again.requestId, first.requestId);
  });

  it('multicast with an aggregation unit is accepted and the unit shows in the statistics', async () => {
    const r = await line.multicast([uid(1), uid(2)], msgs, randomUUID(), { customAggregationUnits: ['unit_a'] });
    assert.equal(r.kind, 'accepted');
    const units = await line.aggregationUnits();
    assert.deepEqual(units.body, { customAggregationUnits: ['unit_a'] });
    const usage = await line.aggregationUnitUsage();
    assert.deepEqual(usage.body, { numOfCustomAggregationUnits: 1 });
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const stats = await line.unitStatistics('unit_a', today, today);
    assert.equal(stats.kind, 'accepted');
    assert.equal((stats.body as { messages: unknown[] }).messages.length, 1);
  });

  it('rate_limited and quota_exhausted are told apart by the 429 body', async () => {
    emu.state.setConfig({ faults: { rateLimit: { next: 1 } } });
    assert.equal((await line.push(uid(1), msgs, randomUUID())).kind, 'rate_limited');
    emu.state.setConfig({ quota: { type: 'limited', value: 0 } });
    const q = await line.push(uid(1), msgs, randomUUID());
    assert.equal(q.kind, 'quota_exhausted');
    assert.equal(q.status, 429);
  });

  it('transient: 5xx, a hang past the timeout (before or after acceptance), and a refused connection', async () => {
    emu.state.setConfig({ faults: { serverError: { next: 1 }, serverErrorStatus: 503 } });
    const e = await line.push(uid(1), msgs, randomUUID());
    assert.deepEqual([e.kind, e.status], ['transient', 503]);

    emu.state.setConfig({ faults: { timeoutAfterAccept: { next: 1 }, hangMs: 5_000 } });
    const key = randomUUID();
    const hung = await line.push(uid(2), msgs, key);
    assert.deepEqual([hung.kind, hung.status, hung.requestId], ['transient', 0, null]);
    assert.ok(hung.error);
    const retried = await line.push(uid(2), msgs, key);
    assert.equal(retried.kind, 'accepted_duplicate', 'accepted before the timeout, so the retry is a duplicate');
    assert.equal(emu.state.log.forUser(uid(2)).count, 1);

    const port = await freePort();
    const dead = new LineClient({ baseUrl: `http://127.0.0.1:${port}`, channelAccessToken: TOKEN, timeoutMs: 400 });
    const refused = await dead.push(uid(3), msgs, randomUUID());
    await dead.close();
    assert.deepEqual([refused.kind, refused.status], ['transient', 0]);
  });

  it('invalid_recipient for an unknown push user and for a multicast naming to[i]; invalid_request for bad messages', async () => {
    emu.state.setUsers({ unknown: [uid(9)] });
    const unknown = await line.push(uid(9), msgs, randomUUID());
    assert.deepEqual([unknown.kind, unknown.status], ['invalid_recipient', 400]);
    const malformed = await line.push('Unot-an-id', msgs, randomUUID());
    assert.equal(malformed.kind, 'invalid_recipient');
    const multi = await line.multicast([uid(1), 'bad'], msgs, randomUUID());
    assert.equal(multi.kind, 'invalid_recipient');
    assert.deepEqual(multi.invalidRecipientIndexes, [1]);
    const badMsg = await line.push(uid(1), [{ type: 'text', text: '' }], randomUUID());
    assert.equal(badMsg.kind, 'invalid_request');
    const v = await line.validatePush([{ type: 'text', text: 'x'.repeat(5001) }]);
    assert.equal(v.kind, 'invalid_request');
    assert.equal((await line.validatePush(msgs)).kind, 'accepted');
    assert.equal((await line.validateMulticast(msgs)).kind, 'accepted');
  });

  it('unauthorized for a wrong token; verifyToken reports the channel, or invalid_request for a bad token', async () => {
    const wrong = new LineClient({ baseUrl: emu.url, channelAccessToken: 'nope' });
    assert.equal((await wrong.push(uid(1), msgs, randomUUID())).kind, 'unauthorized');
    assert.equal((await wrong.botInfo()).kind, 'unauthorized');
    assert.equal((await wrong.verifyToken()).kind, 'invalid_request');
    await wrong.close();
    const v = await line.verifyToken();
    assert.equal(v.kind, 'accepted');
    assert.equal((v.body as { client_id: string }).client_id, '1234567890');
    assert.equal((await line.verifyToken({ legacy: true })).kind, 'accepted');
  });

  it('quota, consumption and bot info read back what the emulator holds', async () => {
    emu.state.setConfig({ quota: { type: 'limited', value: 500 } });
    await line.multicast([uid(1), uid(2), uid(3)], msgs, randomUUID());
    assert.deepEqual((await line.quota()).body, { type: 'limited', value: 500 });
    assert.deepEqual((await line.consumption()).body, { totalUsage: 3 });
    const info = await line.botInfo();
    assert.equal(info.kind, 'accepted');
    assert.equal((info.body as { basicId: string }).basicId, '@linecast');
  });

  it('permanent for other 4xx (a base URL whose path prefix the server does not serve gives 404)', async () => {
    const prefixed = new LineClient({ baseUrl: `${emu.url}/not-here`, channelAccessToken: TOKEN });
    const r = await prefixed.botInfo();
    await prefixed.close();
    assert.deepEqual([r.kind, r.status], ['permanent', 404]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('LineClient: a 409 is judged by x-line-accepted-request-id, not by its wording', () => {
  // A server that answers every send with 409 and a message other than LINE's usual text (a reworded or translated
  // message must not turn an accepted request into a failure).
  let server: Server;
  let url = '';
  let withHeader = true;
  before(async () => {
    server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-line-request-id': 'req-409' };
        if (withHeader) headers['x-line-accepted-request-id'] = 'req-accepted-earlier';
        res.writeHead(409, headers).end(JSON.stringify({ message: 'Conflict: duplicate request' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('push and multicast 409 with the header are accepted_duplicate carrying that id; without it, permanent', async () => {
    const line = new LineClient({ baseUrl: url, channelAccessToken: TOKEN });
    try {
      withHeader = true;
      const p = await line.push(uid(1), msgs, randomUUID());
      assert.deepEqual([p.kind, p.status, p.acceptedRequestId], ['accepted_duplicate', 409, 'req-accepted-earlier']);
      const m = await line.multicast([uid(1), uid(2)], msgs, randomUUID());
      assert.deepEqual([m.kind, m.acceptedRequestId], ['accepted_duplicate', 'req-accepted-earlier']);
      withHeader = false;
      const n = await line.push(uid(1), msgs, randomUUID());
      assert.deepEqual([n.kind, n.status], ['permanent', 409]);
    } finally {
      await line.close();
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { channelAccessToken, insight, messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { assertSchema } from './openapi.ts';
import { rejection } from './sdk-rejection.ts';

const TOKEN = 'sdk-test-token';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const text = (t: string): messagingApi.TextMessage => ({ type: 'text', text: t });

function jstToday(at = Date.now()): string {
  const d = new Date(at + 9 * 3600_000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

describe('official @line/bot-sdk against the emulator', () => {
  let emu: RunningEmulator;
  let client: messagingApi.MessagingApiClient;

  before(async () => {
    emu = await startEmulator({ tokens: [TOKEN] });
    client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => emu.state.reset());

  it('pushMessage: 200 with sentMessages, x-line-request-id, and the message recorded for the user', async () => {
    const res = await client.pushMessageWithHttpInfo({ to: uid(1), messages: [text('hello'), text('again')] }, randomUUID());
    assert.equal(res.httpResponse.status, 200);
    assert.match(res.httpResponse.headers.get('x-line-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assertSchema('messaging-api.yml', 'PushMessageResponse', res.body);
    assert.equal(res.body.sentMessages.length, 2);
    const got = (await (await fetch(`${emu.url}/_emulator/users/${uid(1)}/messages`)).json()) as {
      count: number;
      deliveries: Array<{ messages: unknown[] }>;
    };
    assert.equal(got.count, 1);
    assert.deepEqual(got.deliveries[0]!.messages, [text('hello'), text('again')]);
  });

  it('pushMessage replayed with the same retry key: 409, accepted request id, the original sentMessages, delivered once', async () => {
    const key = randomUUID();
    const first = await client.pushMessageWithHttpInfo({ to: uid(2), messages: [text('once')] }, key);
    const err = await rejection(client.pushMessage({ to: uid(2), messages: [text('once')] }, key));
    assert.equal(err.status, 409);
    const body = JSON.parse(err.body) as { message: string; sentMessages: unknown };
    assertSchema('messaging-api.yml', 'ErrorResponse', body);
    assert.equal(body.message, 'The retry key is already accepted');
    assert.deepEqual(body.sentMessages, first.body.sentMessages);
    assert.equal(err.headers.get('x-line-accepted-request-id'), first.httpResponse.headers.get('x-line-request-id'));
    assert.notEqual(err.headers.get('x-line-request-id'), first.httpResponse.headers.get('x-line-request-id'));
    assert.equal(emu.state.log.forUser(uid(2)).count, 1);
  });

  it('multicast: 200 {} and every follower receives it; replay is 409 without sentMessages', async () => {
    const key = randomUUID();
    const to = [uid(10), uid(11), uid(12)];
    const res = await client.multicastWithHttpInfo({ to, messages: [text('hi all')] }, key);
    assert.equal(res.httpResponse.status, 200);
    assertSchema('messaging-api.yml', 'MulticastResponse', res.body);
    for (const u of to) assert.equal(emu.state.log.forUser(u).count, 1);
    const err = await rejection(client.multicast({ to, messages: [text('hi all')] }, key));
    assert.equal(err.status, 409);
    const body = JSON.parse(err.body) as Record<string, unknown>;
    assert.equal(body.sentMessages, undefined);
    assert.ok(err.headers.get('x-line-accepted-request-id'));
    for (const u of to) assert.equal(emu.state.log.forUser(u).count, 1);
  });

  it('validatePush / validateMulticast: 200 for valid messages, 400 with LINE details for invalid ones', async () => {
    await client.validatePush({ messages: [text('fine')] });
    await client.validateMulticast({ messages: [text('fine')] });
    const err = await rejection(client.validatePush({ messages: [text('x'.repeat(5001))] }));
    assert.equal(err.status, 400);
    const body = JSON.parse(err.body) as { message: string; details: Array<{ property: string; message: string }> };
    assertSchema('messaging-api.yml', 'ErrorResponse', body);
    assert.equal(body.message, 'The request body has 1 error(s)');
    assert.deepEqual(body.details, [{ message: 'Length must be between 0 and 5000', property: 'messages[0].text' }]);
    const six = await rejection(client.validatePush({ messages: Array.from({ length: 6 }, () => text('a')) }));
    assert.deepEqual((JSON.parse(six.body) as { details: unknown }).details, [
      { message: 'Size must be between 1 and 5', property: 'messages' },
    ]);
  });

  it('getMessageQuota and getMessageQuotaConsumption follow the configured limit and what was delivered', async () => {
    assert.deepEqual(await client.getMessageQuota(), { type: 'none' });
    emu.state.setConfig({ quota: { type: 'limited', value: 1000 } });
    const q = await client.getMessageQuota();
    assertSchema('messaging-api.yml', 'MessageQuotaResponse', q);
    assert.deepEqual(q, { type: 'limited', value: 1000 });
    await client.multicast({ to: [uid(1), uid(2)], messages: [text('a'), text('b')] }, randomUUID());
    const c = await client.getMessageQuotaConsumption();
    assertSchema('messaging-api.yml', 'QuotaConsumptionResponse', c);
    assert.equal(c.totalUsage, 2, 'one per recipient, not per message object');
  });

  it('getBotInfo matches BotInfoResponse', async () => {
    const info = await client.getBotInfo();
    assertSchema('messaging-api.yml', 'BotInfoResponse', info);
    assert.match(info.userId, /^U[0-9a-f]{32}$/);
  });

  it("delivery counts: unready on the day of delivery (UTC+9), the count once the day is over, LINE's 400 for a bad date", async () => {
    const today = jstToday();
    await client.pushMessage({ to: uid(3), messages: [text('x')] }, randomUUID());
    await client.pushMessage({ to: uid(4), messages: [text('y')] }, randomUUID());
    const same = await client.getNumberOfSentPushMessages(today);
    assertSchema('messaging-api.yml', 'NumberOfMessagesResponse', same);
    assert.deepEqual(same, { status: 'unready' }, 'LINE has not counted the delivery day yet');
    const ins = new insight.InsightClient({ channelAccessToken: TOKEN, baseURL: emu.url });
    assert.deepEqual(await ins.getNumberOfMessageDeliveries(today), { status: 'unready' });

    emu.state.setConfig({ clockOffsetMs: 86_400_000 }); // the next day
    const push = await client.getNumberOfSentPushMessages(today);
    assertSchema('messaging-api.yml', 'NumberOfMessagesResponse', push);
    assert.deepEqual(push, { status: 'ready', success: 2 });
    assert.deepEqual(await client.getNumberOfSentMulticastMessages(today), { status: 'ready', success: 0 });
    const byKind = await ins.getNumberOfMessageDeliveries(today);
    assertSchema('insight.yml', 'GetNumberOfMessageDeliveriesResponse', byKind);
    assert.equal(byKind.status, 'ready');
    assert.equal(byKind.apiPush, 2);
    assert.equal(byKind.apiMulticast, 0);
    assert.deepEqual(
      await client.getNumberOfSentPushMessages(jstToday(Date.now() + 86_400_000)),
      { status: 'unready' },
      "the emulator's today",
    );
    assert.deepEqual(await client.getNumberOfSentPushMessages('20180330'), { status: 'out_of_service' });
    const bad = await rejection(client.getNumberOfSentPushMessages('2026-01-01'));
    assert.equal(bad.status, 400);
    assert.deepEqual(JSON.parse(bad.body), { message: "The value for the 'date' parameter is invalid" });
  });

  it('aggregation unit usage, unit names and per-unit statistics (insight client)', async () => {
    const to = Array.from({ length: 100 }, (_, i) => uid(100 + i));
    await client.multicast(
      { to, messages: [text('Sale https://shop.example/a'), text('More')], customAggregationUnits: ['spring_sale'] },
      randomUUID(),
    );
    const usage = await client.getAggregationUnitUsage();
    assertSchema('messaging-api.yml', 'GetAggregationUnitUsageResponse', usage);
    assert.equal(usage.numOfCustomAggregationUnits, 1);
    const list = await client.getAggregationUnitNameList();
    assertSchema('messaging-api.yml', 'GetAggregationUnitNameListResponse', list);
    assert.deepEqual(list.customAggregationUnits, ['spring_sale']);
    const ins = new insight.InsightClient({ channelAccessToken: TOKEN, baseURL: emu.url });
    const stats = await ins.getStatisticsPerUnit('spring_sale', jstToday(), jstToday());
    assertSchema('insight.yml', 'GetStatisticsPerUnitResponse', stats);
    assert.equal(stats.overview.uniqueImpression, 60, '60% of 100 delivered by default');
    assert.equal(stats.overview.uniqueClick, null, 'under 20 is hidden');
    assert.equal(stats.messages.length, 2);
    assert.deepEqual(
      stats.clicks.map((c) => [c.seq, c.url]),
      [[1, 'https://shop.example/a']],
    );
    const bad = await rejection(ins.getStatisticsPerUnit('no-dash-allowed', jstToday(), jstToday()));
    assert.equal(bad.status, 400);
    assertSchema('insight.yml', 'ErrorResponse', JSON.parse(bad.body));
  });

  it('channel access token verify (v2.1 GET and v2 POST)', async () => {
    const tokens = new channelAccessToken.ChannelAccessTokenClient({ baseURL: emu.url });
    const v21 = await tokens.verifyChannelTokenByJWT(TOKEN);
    assertSchema('channel-access-token.yml', 'VerifyChannelAccessTokenResponse', v21);
    const v2 = await tokens.verifyChannelToken(TOKEN);
    assertSchema('channel-access-token.yml', 'VerifyChannelAccessTokenResponse', v2);
    const err = await rejection(tokens.verifyChannelTokenByJWT('not-a-token'));
    assert.equal(err.status, 400);
    assert.deepEqual(JSON.parse(err.body), { error: 'invalid_request', error_description: 'access_token invalid' });
  });

  it('a token outside the configured list is a 401 with LINE body shape', async () => {
    const other = new messagingApi.MessagingApiClient({ channelAccessToken: 'wrong', baseURL: emu.url });
    const err = await rejection(other.getBotInfo());
    assert.equal(err.status, 401);
    const body = JSON.parse(err.body) as { message: string };
    assertSchema('messaging-api.yml', 'ErrorResponse', body);
    assert.match(body.message, /^Authentication failed/);
    assert.ok(err.headers.get('x-line-request-id'));
  });
});

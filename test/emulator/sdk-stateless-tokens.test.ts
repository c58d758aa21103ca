import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { channelAccessToken, messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { mintStatelessToken } from '../../src/emulator/oauth.ts';
import { assertSchema } from './openapi.ts';
import { rejection } from './sdk-rejection.ts';

const CHANNEL_ID = '1656000003';
const SECRET = 'sdk-stateless-channel-secret';
const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

describe('stateless channel access tokens: the official SDK issues them from the emulator and sends with them', () => {
  let emu: RunningEmulator;
  let tokens: channelAccessToken.ChannelAccessTokenClient;

  before(async () => {
    // tokens: [] accepts no long-lived token: only what /oauth2/v3/token issued
    emu = await startEmulator({ port: 0, channelId: CHANNEL_ID, channelSecret: SECRET, tokens: [] });
    tokens = new channelAccessToken.ChannelAccessTokenClient({ baseURL: emu.url });
  });
  after(() => emu.close());
  beforeEach(() => emu.state.reset());

  it('issueStatelessChannelTokenByClientSecret: LINE’s response shape, 900 s, and the token works on the Messaging API', async () => {
    const res = await tokens.issueStatelessChannelTokenByClientSecret(CHANNEL_ID, SECRET);
    assertSchema('channel-access-token.yml', 'IssueStatelessChannelAccessTokenResponse', res);
    assert.equal(res.token_type, 'Bearer');
    assert.equal(res.expires_in, 900);
    const api = new messagingApi.MessagingApiClient({ channelAccessToken: res.access_token, baseURL: emu.url });
    const sent = await api.pushMessage({ to: uid(1), messages: [{ type: 'text', text: 'hi' }] }, randomUUID());
    assert.equal(sent.sentMessages.length, 1);
    const bot = await api.getBotInfo();
    assert.ok(bot.displayName);
    // verify is not documented for stateless tokens; the emulator answers like for any token
    const v = await tokens.verifyChannelTokenByJWT(res.access_token);
    assert.equal(v.client_id, CHANNEL_ID);
    assert.ok(v.expires_in > 890 && v.expires_in <= 900);
  });

  it('a wrong secret or client id is 400 invalid_client (LINE’s OAuth error shape); nothing is issued', async () => {
    for (const [id, secret, description] of [
      [CHANNEL_ID, 'wrong-secret', 'invalid client_secret'],
      ['999', SECRET, 'invalid client_id'],
    ] as const) {
      const err = await rejection(tokens.issueStatelessChannelTokenByClientSecret(id, secret));
      assert.equal(err.status, 400);
      const body = JSON.parse(err.body) as unknown;
      assertSchema('channel-access-token.yml', 'ErrorResponse', body);
      assert.deepEqual(body, { error: 'invalid_client', error_description: description });
    }
    const s = (await (await fetch(emu.url + '/_emulator/stats')).json()) as { perEndpoint: Record<string, { accepted: number }> };
    assert.equal(s.perEndpoint.token!.accepted, 0);
  });

  it('an expired or altered token is refused with 401 like any invalid token', async () => {
    const expired = new messagingApi.MessagingApiClient({
      channelAccessToken: mintStatelessToken(CHANNEL_ID, Date.now() - 1),
      baseURL: emu.url,
    });
    const e1 = await rejection(expired.getBotInfo());
    assert.equal(e1.status, 401);
    assertSchema('messaging-api.yml', 'ErrorResponse', JSON.parse(e1.body));
    const good = (await tokens.issueStatelessChannelTokenByClientSecret(CHANNEL_ID, SECRET)).access_token;
    const altered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    const e2 = await rejection(new messagingApi.MessagingApiClient({ channelAccessToken: altered, baseURL: emu.url }).getBotInfo());
    assert.equal(e2.status, 401);
    const v = await rejection(tokens.verifyChannelTokenByJWT(mintStatelessToken(CHANNEL_ID, Date.now() - 1)));
    assert.deepEqual(JSON.parse(v.body), { error: 'invalid_request', error_description: 'The access token expired' });
  });

  it('a token issued with a short lifetime expires at the emulator as configured', async () => {
    emu.state.setConfig({ statelessTokenTtlSeconds: 1 });
    const res = await tokens.issueStatelessChannelTokenByClientSecret(CHANNEL_ID, SECRET);
    assert.equal(res.expires_in, 1);
    const api = new messagingApi.MessagingApiClient({ channelAccessToken: res.access_token, baseURL: emu.url });
    // (that a fresh token works is the first test's; under load a 1 s token may already be gone here)
    // wait until the emulator's clock is past the expiry it wrote into the token, then it is refused
    await new Promise((r) => setTimeout(r, 1_100));
    assert.equal((await rejection(api.getBotInfo())).status, 401);
  });

  it('retry keys belong to the channel, not to one token: a retry after a renewal is still a 409 with the accepted request id', async () => {
    const key = randomUUID();
    const a = (await tokens.issueStatelessChannelTokenByClientSecret(CHANNEL_ID, SECRET)).access_token;
    const b = (await tokens.issueStatelessChannelTokenByClientSecret(CHANNEL_ID, SECRET)).access_token;
    assert.notEqual(a, b);
    const req = { to: uid(2), messages: [{ type: 'text' as const, text: 'once' }] };
    const first = await new messagingApi.MessagingApiClient({ channelAccessToken: a, baseURL: emu.url }).pushMessageWithHttpInfo(req, key);
    const err = await rejection(new messagingApi.MessagingApiClient({ channelAccessToken: b, baseURL: emu.url }).pushMessage(req, key));
    assert.equal(err.status, 409);
    assert.equal(err.headers.get('x-line-accepted-request-id'), first.httpResponse.headers.get('x-line-request-id'));
    const got = (await (await fetch(`${emu.url}/_emulator/users/${uid(2)}/messages`)).json()) as { count: number };
    assert.equal(got.count, 1);
  });
});

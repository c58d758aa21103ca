import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { CASE_REQUESTS, readLineCases, type CaseRequest } from './line-cases.ts';
import { assertSchema } from './openapi.ts';

/**
 * The emulator against LINE's documented verdicts (reference/line-message-cases.md), each case sent through the
 * official @line/bot-sdk: what LINE accepts is accepted, what LINE refuses is a 400 in LINE's shape naming the
 * property, and what LINE's documentation is silent on ("nd") is accepted: the emulator invents no refusal.
 * Strict mode refuses exactly the silent cases Linecast's policy covers, and still accepts everything LINE does.
 */
const TOKEN = 'cases-token';
const cases = readLineCases();

interface Answer {
  status: number;
  body: { message?: string; details?: Array<{ property?: string; message?: string }> } & Record<string, unknown>;
}

async function send(emu: RunningEmulator, req: CaseRequest, path: 'send' | 'validate'): Promise<Answer> {
  const withKey = req.key !== undefined && req.key !== null && req.call === 'validate';
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: TOKEN,
    baseURL: emu.url,
    ...(withKey ? { defaultHeaders: { 'x-line-retry-key': req.key! } } : {}),
  });
  const key = req.key === null ? undefined : (req.key ?? randomUUID());
  try {
    const body = req.body as never;
    const r =
      path === 'validate' || req.call === 'validate'
        ? await client.validatePushWithHttpInfo({ messages: (req.body as { messages: never }).messages })
        : req.call === 'push'
          ? await client.pushMessageWithHttpInfo(body, key)
          : await client.multicastWithHttpInfo(body, key);
    return { status: r.httpResponse.status, body: (r.body ?? {}) as Answer['body'] };
  } catch (err) {
    if (!(err instanceof HTTPFetchError)) throw err;
    return { status: err.status, body: JSON.parse(err.body) as Answer['body'] };
  }
}

/** LINE's refusal: ErrorResponse, and either "The request body has N error(s)" naming the property, or the message. */
function assertRefusal(a: Answer, req: CaseRequest, label: string): void {
  assert.equal(a.status, 400, `${label}: ${JSON.stringify(a.body).slice(0, 300)}`);
  assertSchema('messaging-api.yml', 'ErrorResponse', a.body);
  if (req.property) {
    assert.deepEqual(
      a.body.details?.map((d) => d.property),
      [req.property],
      label,
    );
    assert.equal(a.body.message, `The request body has ${a.body.details!.length} error(s)`);
    for (const d of a.body.details!) assert.equal(typeof d.message, 'string');
  } else {
    assert.match(a.body.message ?? '', req.message!, label);
    assert.equal(a.body.details, undefined, label);
  }
}

/** Message cases are checked on the validate endpoint too: it judges `messages` exactly like a send. */
const isMessageCase = (id: string) => /^[BTSQIV]/.test(id) && id !== 'B5';

describe("the emulator against LINE's documented message cases", () => {
  let emu: RunningEmulator;
  let strict: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ tokens: [TOKEN], rateLimits: { enabled: false } });
    strict = await startEmulator({ tokens: [TOKEN], rateLimits: { enabled: false }, strict: true });
  });
  after(async () => {
    await emu.close();
    await strict.close();
  });

  it('has a request for every case of the reference, and no other', () => {
    assert.equal(cases.length, 114, 'the reference lists 114 cases');
    assert.deepEqual(
      cases.map((c) => c.id).filter((id) => !CASE_REQUESTS[id]),
      [],
    );
    assert.deepEqual(
      Object.keys(CASE_REQUESTS).filter((id) => !cases.some((c) => c.id === id)),
      [],
    );
    for (const c of cases) {
      const r = CASE_REQUESTS[c.id]!;
      if (c.verdict === 'R') assert.ok(r.property || r.message, `${c.id}: a refusal names what LINE's answer names`);
      else assert.ok(!r.property && !r.message, `${c.id}: only refusals name a property`);
      if (c.verdict !== 'nd') assert.equal(r.policy, undefined, `${c.id}: Linecast's policy covers only what LINE is silent on`);
    }
  });

  for (const c of cases) {
    const req = CASE_REQUESTS[c.id]!;
    it(`${c.id} ${c.title}: LINE ${c.verdict} (${c.source})`, async () => {
      const paths = isMessageCase(c.id) ? (['send', 'validate'] as const) : (['send'] as const);
      for (const path of paths) {
        const a = await send(emu, req, path);
        if (c.verdict === 'R') assertRefusal(a, req, `${c.id} ${path}`);
        else assert.equal(a.status, 200, `${c.id} ${path}: ${JSON.stringify(a.body).slice(0, 300)}`);
      }
      // Strict mode: LINE's accepts and refusals are unchanged; a silent case is refused only under a policy.
      const s = await send(strict, req, 'send');
      if (c.verdict === 'R') assertRefusal(s, req, `${c.id} strict`);
      else if (req.policy) {
        assert.equal(s.status, 400, `${c.id} strict refuses it (${req.policy})`);
        assertSchema('messaging-api.yml', 'ErrorResponse', s.body);
      } else assert.equal(s.status, 200, `${c.id} strict: ${JSON.stringify(s.body).slice(0, 300)}`);
    });
  }
});

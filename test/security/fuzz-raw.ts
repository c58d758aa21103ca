import crypto from 'node:crypto';
import fc from 'fast-check';
import { checkAnswer, checkCsv } from './checks.ts';
import { encodeLoose, hostilePathSegment, hostileString } from './hostile.ts';
import { jsonOf, type Req, type Res } from './http.ts';
import { Ledger, loggedFor } from './ledger.ts';
import { forAll } from './property.ts';
import { opSeed } from './fuzz-ops.ts';
import type { Validators } from './openapi.ts';
import { importBodyArb, webhookArb } from './raw-bodies.ts';
import type { World } from './world.ts';

/** The inputs that are not JSON operations: imports, webhooks, click redirects, CSV exports, the SSE stream. */
export interface RawCtx {
  w: World;
  ledger: Ledger;
  validators: Validators;
  runs: number;
}

async function record(c: RawCtx, part: string, op: string, req: Req, res: Res, problem: string | null) {
  c.ledger.count(part);
  if (process.env.FUZZ_TRACE) {
    const body = typeof req.body === 'string' ? req.body : (req.body?.toString('latin1') ?? '');
    console.error(
      `${part} ${req.method} ${req.path.slice(0, 120)} ${JSON.stringify(body.slice(0, 80))} → ${res.status} ${res.ms}ms ${problem ?? ''}`.slice(
        0,
        400,
      ),
    );
  }
  if (problem)
    c.ledger.fail({ part, op, problem, req, status: res.status, body: res.text.slice(0, 400), logged: loggedFor(res, c.w.logs) });
  if (res.error) await c.w.assertAlive(`${req.method} ${req.path.slice(0, 200)}`);
}

const sign = (body: Buffer, secret: string) => crypto.createHmac('sha256', secret).update(body).digest('base64');

async function profileState(w: World, parentSegmentId: string): Promise<string> {
  const [r] = await w.query<{ n: number; h: string }>(
    `SELECT count(*)::int AS n, coalesce(md5(string_agg(customer_key || coalesce(line_user_id, '') || follow_status || attributes::text, '|' ORDER BY id)), '') AS h
     FROM profiles WHERE parent_segment_id = $1`,
    [parentSegmentId],
  );
  return `${r!.n}:${r!.h}`;
}

/**
 * Imports into the home parent segment: each answer 200 or a documented 4xx; a refused import changes nothing;
 * the connection stays usable for the next request; and what an import stored never breaks a segment that
 * compares it (a reach with before/after/greater_than on every attribute it wrote).
 */
export async function fuzzImports(c: RawCtx): Promise<void> {
  const { w } = c;
  const ps = w.home.parentSegmentId;
  const key = w.keys.globalAdmin;
  await forAll(
    importBodyArb,
    async (b) => {
      const before = await profileState(w, ps);
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (b.contentType) headers['content-type'] = b.contentType;
      if (b.contentEncoding) headers['content-encoding'] = b.contentEncoding;
      const req: Req = {
        method: 'POST',
        path: `/api/v1/parent-segments/${ps}/import${b.query ? `?${b.query}` : ''}`,
        headers,
        body: b.body,
      };
      const res = await w.client.send(req);
      let problem = checkAnswer(res, c.validators.error);
      if (!problem && res.status >= 400 && (await profileState(w, ps)) !== before)
        problem = `refused import (${res.status}) changed stored profiles`;
      await record(c, 'import', 'POST /api/v1/parent-segments/{id}/import', req, res, problem);
      // The same keep-alive connection must answer the next request at once.
      const next = await w.client.send({ method: 'GET', path: '/healthz' }, { timeoutMs: 5_000 });
      await record(
        c,
        'import',
        'next request on the same connection',
        req,
        next,
        next.error || next.status !== 200 ? `connection unusable after the import: ${next.error ?? next.status}` : null,
      );
      if (res.status === 200) {
        for (const attribute of b.attributes) {
          const rule = {
            type: 'group',
            op: 'or',
            children: ['before', 'after', 'greater_than', 'less_than', 'equals'].map((operator) => ({
              type: 'condition',
              attribute,
              operator,
              value: operator === 'before' || operator === 'after' ? '2024-01-01' : operator === 'equals' ? 'Tokyo' : 10,
            })),
          };
          const probe: Req = {
            method: 'POST',
            path: `/api/v1/workspaces/${w.home.ws}/reach`,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ parentSegmentId: ps, rule }),
          };
          const pr = await w.client.send(probe);
          await record(
            c,
            'import',
            'reach over imported values',
            probe,
            pr,
            checkAnswer(pr, c.validators.error) ?? (pr.status !== 200 ? `reach over stored values answered ${pr.status}` : null),
          );
        }
      }
    },
    { numRuns: c.runs, seed: opSeed(c.ledger.seed, 'import') },
  );
}

/** LINE webhooks, signed and not: 200 only when signed with the account's secret; nothing else changes state. */
export async function fuzzWebhooks(c: RawCtx): Promise<void> {
  const { w } = c;
  const followEvents = async () => (await w.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events'))[0]!.n;
  await forAll(
    fc.tuple(webhookArb, hostilePathSegment),
    async ([k, hostileId]) => {
      const side = k.account === 'victim' ? w.victim : w.home;
      const id = k.account === 'unknown' ? crypto.randomUUID() : k.account === 'hostile' ? hostileId : side.accountId;
      const headers: Record<string, string> = {};
      if (k.contentType) headers['content-type'] = k.contentType;
      const secrets = { good: side.channelSecret, 'wrong-secret': 'not-the-channel-secret', 'other-body': side.channelSecret };
      if (k.signature === 'garbage') headers['x-line-signature'] = 'AAAA==' + '!'.repeat(3);
      else if (k.signature !== 'none')
        headers['x-line-signature'] = sign(k.signature === 'other-body' ? Buffer.from('{"events":[]}') : k.body, secrets[k.signature]);
      const before = await followEvents();
      const req: Req = { method: 'POST', path: `/webhooks/line/${id}`, headers, body: k.body };
      const res = await w.client.send(req);
      let problem = checkAnswer(res, c.validators.error);
      const signed = k.signature === 'good' && (k.account === 'home' || k.account === 'victim');
      if (!problem && !signed && res.status < 400) problem = `unsigned or mis-signed webhook accepted (${res.status})`;
      if (!problem && res.status >= 400 && (await followEvents()) !== before) problem = 'refused webhook changed state';
      await record(c, 'webhook', `POST /webhooks/line/{id} (${signed ? 'signed' : 'unsigned'})`, req, res, problem);
    },
    { numRuns: c.runs, seed: opSeed(c.ledger.seed, 'webhook') },
  );
}

/** The public click redirect: 302 only to a stored destination, 404 text otherwise, never a 5xx or a hang. */
export async function fuzzClicks(c: RawCtx): Promise<void> {
  const { w } = c;
  const real = [w.home.clickToken, w.victim.clickToken];
  const mutate = (t: string, i: number, ch: string) => t.slice(0, i % t.length) + ch + t.slice((i % t.length) + 1);
  const token = fc.oneof(
    fc.constantFrom(...real),
    fc.tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom('A', 'z', '0', '_', '-')).map(([t, i, ch]) => mutate(t, i, ch)),
    fc.constantFrom(...real).map((t) => t.slice(0, -1)),
    fc.constantFrom(...real).map((t) => t + 'A'),
    fc.stringMatching(/^[0-9A-Za-z]{11}$/),
    fc.stringMatching(/^[0-9A-Za-z_-]{15,40}$/),
    hostilePathSegment,
    hostileString.map(encodeLoose),
    fc.constantFrom('%2F%2Fevil.example', '..%2F..%2Fapi%2Fv1%2Fme', 'https:%2F%2Fevil.example'),
  );
  const ua = fc.constantFrom(
    'Mozilla/5.0 (iPhone) Safari/604.1',
    'facebookexternalhit/1.1',
    '',
    'x'.repeat(8_000),
    'Line/13.0 LIFF',
    'curl/8',
  );
  await forAll(
    fc.tuple(token, ua, fc.constantFrom('GET', 'GET', 'HEAD')),
    async ([t, agent, method]) => {
      const req: Req = { method, path: `/c/${t}`, headers: agent ? { 'user-agent': agent } : {} };
      const res = await w.client.send(req);
      let problem = checkAnswer(res, c.validators.error, {
        textStatuses: c.validators.textStatuses('GET /c/{token}'),
        head: method === 'HEAD',
      });
      const loc = res.headers.location ?? '';
      if (!problem && res.status === 302 && !/^https:\/\/shop\.example\.com\/(home|victimzq)\?x=1&utm_/.test(loc))
        problem = `redirect to a destination that was never stored: ${loc}`;
      // 414/431: a request line too long for the HTTP parser never reaches the route.
      if (!problem && ![302, 404, 400, 414, 431].includes(res.status)) problem = `click answered ${res.status}`;
      await record(c, 'click', `${method} /c/{token}`, req, res, problem);
    },
    { numRuns: c.runs, seed: opSeed(c.ledger.seed, 'click') },
  );
}

/** CSV exports with every filter: whole files (header, full rows, final newline) or a documented error. */
export async function fuzzCsv(c: RawCtx): Promise<void> {
  const { w } = c;
  const campaigns = [w.home.launchedId, w.home.launchedId, w.home.draftId, w.victim.launchedId];
  const value = fc.oneof(
    fc.constantFrom('accepted', 'failed', 'excluded', 'invalid_recipient', 'true', 'false', ''),
    hostileString.map(encodeLoose),
  );
  const query = fc.record({ status: value, reason: value, isTest: value, cursor: value, limit: value }, { requiredKeys: [] });
  await forAll(
    fc.tuple(fc.constantFrom('deliveries.csv', 'report.csv', 'clicks.csv'), fc.constantFrom(...campaigns), query),
    async ([file, id, q]) => {
      const qs = Object.entries(q)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      const req: Req = {
        method: 'GET',
        path: `/api/v1/workspaces/${w.home.ws}/campaigns/${id}/${file}${qs ? `?${qs}` : ''}`,
        headers: { authorization: `Bearer ${w.keys.viewer}` },
      };
      const res = await w.client.send(req);
      const problem =
        checkAnswer(res, c.validators.error) ??
        checkCsv(res) ??
        (id === w.victim.launchedId && ![400, 404, 414].includes(res.status) ? `another workspace's CSV answered ${res.status}` : null);
      // (400: a bad filter is refused before the campaign is looked up; 414: a URL past the server's limit never reaches a route)
      await record(c, 'csv', `GET …/campaigns/{id}/${file}`, req, res, problem);
    },
    { numRuns: c.runs, seed: opSeed(c.ledger.seed, 'csv') },
  );
}

/**
 * The progress stream: opened and read to its end (Finished, Draft), opened and dropped at once, opened on an
 * Active campaign until it finishes; each event a JSON progress; refused streams answer JSON errors; and the
 * server answers the next request after every one of them.
 */
export async function fuzzSse(c: RawCtx, n: number): Promise<void> {
  const { w } = c;
  const key = w.keys.viewer;
  const path = (id: string) => `/api/v1/workspaces/${w.home.ws}/campaigns/${id}/progress/stream`;
  for (let i = 0; i < n; i++) {
    const kind = (['finished', 'draft', 'drop', 'active', 'foreign', 'hostile'] as const)[i % 6]!;
    let id =
      kind === 'finished'
        ? w.home.launchedId
        : kind === 'foreign'
          ? w.victim.launchedId
          : kind === 'hostile'
            ? ['%00', 'x'.repeat(300), '..'][i % 3]!
            : w.home.draftId;
    if (kind === 'active') {
      id = await w.freshDraft();
      await w.api('POST', `/api/v1/workspaces/${w.home.ws}/campaigns/${id}/launch`, undefined, 200);
    }
    const req: Req = { method: 'GET', path: path(id), headers: { authorization: `Bearer ${key}` } };
    const events: string[] = [];
    let status = 0;
    let errorBody = '';
    const err = await w.client.stream(
      req,
      async (s, headers, body) => {
        status = s;
        if (s !== 200) {
          for await (const chunk of body) errorBody += chunk.toString();
          return;
        }
        if (!/^text\/event-stream/.test(headers['content-type'] ?? '')) throw new Error(`stream answered ${headers['content-type']}`);
        if (kind === 'drop') return; // closed by the client before the first event
        let buf = '';
        for await (const chunk of body) {
          buf += chunk.toString();
          let end: number;
          while ((end = buf.indexOf('\n\n')) !== -1) {
            events.push(buf.slice(0, end));
            buf = buf.slice(end + 2);
          }
        }
      },
      60_000,
    );
    const res: Res = { status, headers: {}, body: Buffer.from(errorBody), text: errorBody, error: err, ms: 0 };
    let problem = status >= 400 ? checkAnswer(res, c.validators.error) : err ? `stream failed: ${err}` : null;
    if (!problem && (kind === 'foreign' || kind === 'hostile') && status < 400) problem = `stream of ${kind} id answered ${status}`;
    for (const e of kind === 'drop' ? [] : events) {
      const data = /^event: progress\ndata: (.*)$/s.exec(e)?.[1];
      const p = data ? (jsonOf({ ...res, text: data }) as { state?: string } | undefined) : undefined;
      if (!problem && !p?.state) problem = `not a progress event: ${e.slice(0, 200)}`;
    }
    if (!problem && status === 200 && kind !== 'drop' && !/"state":"(Finished|Draft|Suspended)"/.test(events.at(-1) ?? ''))
      problem = `stream ended before the campaign did: ${events.at(-1)?.slice(0, 200)}`;
    await record(c, 'sse', `GET …/progress/stream (${kind})`, req, res, problem);
    const next = await w.client.send({ method: 'GET', path: '/healthz' }, { timeoutMs: 5_000 });
    await record(
      c,
      'sse',
      'next request after a stream',
      req,
      next,
      next.error || next.status !== 200 ? `server unusable after a stream: ${next.error ?? next.status}` : null,
    );
  }
}

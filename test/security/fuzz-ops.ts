import fc from 'fast-check';
import { checkAnswer, checkCsv, checkDocumented } from './checks.ts';
import { cursorStrings, deepJson, encodeLoose, hostilePathSegment, hostileValue, localDateTimes, timeZones, toJson } from './hostile.ts';
import { messagesArb, ruleArb } from './domain-arbs.ts';
import type { Req } from './http.ts';
import { Ledger, loggedFor } from './ledger.ts';
import { forAll } from './property.ts';
import type { OpenApiDoc, Operation, Validators } from './openapi.ts';
import { queryText, SchemaArbs, type Pools } from './schema-arb.ts';
import type { World } from './world.ts';

/** Real values by field name: ids of both workspaces (the victim's too: a request naming them must be refused). */
export function worldPools(w: World, harvestedCursors: string[]): Pools {
  const { home: h, victim: v } = w;
  return {
    values: {
      parentSegmentId: [h.parentSegmentId, v.parentSegmentId],
      segmentId: [h.segmentId, v.segmentId],
      lineAccountId: [h.accountId, v.accountId],
      campaignId: [h.launchedId, h.draftId, v.launchedId],
      workspaceIds: [h.ws, v.ws],
      workspaceId: [h.ws, v.ws],
      userId: [w.spareUserId, w.userIds.nonMember],
      lineUserId: [...h.lineUserIds, v.lineUserIds[0]!],
      lineUserIds: [...h.lineUserIds, v.lineUserIds[0]!],
      apiBaseUrl: [w.emu.url, 'http://127.0.0.1:9'],
      timeZone: timeZones,
      at: localDateTimes,
      cursor: [...cursorStrings, ...harvestedCursors],
      channelId: ['1650000000', '99999999999999999999', '0'],
      delimiter: [',', ';', 'tab', '\\t', '|', '\u0000', '"'],
      reason: ['invalid_recipient', 'missing_recipient_id', 'unfollowed'],
    },
    special: { rule: ruleArb([h.launchedId, v.launchedId]), messages: messagesArb },
  };
}

/** Real ids for a path parameter, by the collection it follows (`/campaigns/{id}` → campaign ids). */
function pathIds(w: World, path: string, name: string, freshDraft: string): string[] {
  const { home: h, victim: v } = w;
  if (name === 'ws') return [h.ws, h.ws, h.ws, v.ws];
  const segments = path.split('/');
  const collection = segments[segments.indexOf(`{${name}}`) - 1];
  switch (collection) {
    case 'workspaces':
      return [h.ws, v.ws];
    case 'campaigns':
      return [freshDraft, freshDraft, h.launchedId, h.draftId, v.launchedId];
    case 'segments':
      return [h.segmentId, v.segmentId];
    case 'test-recipients':
      return [h.testRecipientId, v.testRecipientId];
    case 'media':
      return [h.mediaId, v.mediaId];
    case 'm': // /m/{hash}/…: public media files of both workspaces (public by design) and a hash of nothing
      return [h.mediaHash, v.mediaHash, '0'.repeat(64)];
    case '{hash}': // /m/{hash}/{variant}
      return ['original', 'preview'];
    case 'imagemap': // /m/{hash}/imagemap/{width}
      return ['240', '300', '460', '700', '1040'];
    case 'line-accounts':
      return [h.accountId, v.accountId];
    case 'parent-segments':
      return [h.parentSegmentId, v.parentSegmentId];
    case 'users':
      return [w.spareUserId, w.userIds.nonMember];
    case 'api-keys':
      return [w.spareKeyId];
    case 'line': // /webhooks/line/{lineAccountId}: unsigned bodies for both workspaces' accounts
      return [h.accountId, v.accountId];
    case 'c': // tracked-link tokens: real ones of both workspaces (a click is public) and the generator's own
      return [h.clickToken, v.clickToken];
    default:
      throw new Error(`No id pool for {${name}} in ${path}: add one`);
  }
}

interface Generated {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: { mode: 'json' | 'none' | 'empty' | 'garbage' | 'text-plain' | 'deep'; value?: unknown; text?: string };
}

/**
 * The request generator of one operation: path ids real or hostile, query parameters, a body by its schema,
 * in each of the modes (clean, nasty, hostile) so that some requests reach the database with one hard value.
 */
export function requestArb(op: Operation, arbs: SchemaArbs[], w: World, freshDraft: string): fc.Arbitrary<Generated> {
  return fc.oneof(...arbs.map((a) => requestArbIn(op, a, w, freshDraft)));
}

function requestArbIn(op: Operation, arbs: SchemaArbs, w: World, freshDraft: string): fc.Arbitrary<Generated> {
  const hostile = arbs.mode === 'hostile';
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParams.map((p) => {
        const real = fc.constantFrom(...pathIds(w, op.path, p.name, freshDraft));
        return [p.name, hostile ? fc.oneof({ arbitrary: real, weight: 12 }, { arbitrary: hostilePathSegment, weight: 1 }) : real];
      }),
    ),
  );
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbs.value(p.schema, p.name)])), { requiredKeys: [] });
  const json = op.body ? arbs.value(op.body, '(body)') : fc.constant(undefined);
  const plain = json.map((value) => ({ mode: op.body ? ('json' as const) : ('none' as const), value }));
  const body = !hostile
    ? plain
    : fc.oneof(
        { arbitrary: plain, weight: 30 },
        { arbitrary: fc.constant({ mode: 'empty' as const }), weight: 1 },
        {
          arbitrary: fc
            .constantFrom('{"a":', '\u0000', 'null', '[]', '"x"', '{"a":1}{"b":2}', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}')
            .map((text) => ({ mode: 'garbage' as const, text })),
          weight: 2,
        },
        { arbitrary: json.map((value) => ({ mode: 'text-plain' as const, value })), weight: 1 },
        {
          arbitrary: fc.constantFrom(deepJson(20_000), deepJson(5_000, 'object')).map((value) => ({ mode: 'deep' as const, value })),
          weight: 1,
        },
        { arbitrary: hostileValue.map((value) => ({ mode: 'json' as const, value })), weight: 1 },
      );
  return fc.record({ path, query, body });
}

/** Turns a generated request into bytes on the wire. */
export function render(op: Operation, g: Generated, key: string): Req {
  let p = op.path;
  for (const [k, v] of Object.entries(g.path)) p = p.replace(`{${k}}`, v);
  const qs: string[] = [];
  for (const [k, v] of Object.entries(g.query)) {
    if (v === undefined) continue;
    for (const one of [queryText(v)].flat()) qs.push(`${encodeURIComponent(k)}=${encodeLoose(one)}`);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let body: string | undefined;
  switch (g.body.mode) {
    case 'json':
    case 'deep':
      body = toJson(g.body.value);
      headers['content-type'] = 'application/json';
      break;
    case 'empty':
      body = '';
      headers['content-type'] = 'application/json';
      break;
    case 'garbage':
      body = g.body.text;
      headers['content-type'] = 'application/json';
      break;
    case 'text-plain':
      body = toJson(g.body.value);
      headers['content-type'] = 'text/plain';
      break;
    case 'none':
      break;
  }
  if (body === '' && g.body.mode !== 'empty') body = undefined;
  if (body === undefined) delete headers['content-type'];
  return { method: op.method, path: qs.length ? `${p}?${qs.join('&')}` : p, headers, body };
}

/** A per-operation seed from the run's seed, so adding an operation does not change the others' requests. */
export function opSeed(seed: number, key: string): number {
  let h = seed | 0;
  for (const c of key) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/**
 * Runs `runs` generated requests against one operation (fast-check drives generation from the seed) and
 * records each answer's broken promise in the ledger.
 */
export async function fuzzOperation(
  op: Operation,
  ctx: { w: World; doc: OpenApiDoc; arbs: SchemaArbs[]; validators: Validators; ledger: Ledger; runs: number; freshDraft: string },
): Promise<void> {
  const { w, validators, ledger } = ctx;
  const csv = op.path.endsWith('.csv');
  await forAll(
    requestArb(op, ctx.arbs, w, ctx.freshDraft),
    async (g) => {
      const req = render(op, g, w.keys.globalAdmin);
      const res = await w.client.send(req);
      ledger.count('operations');
      const problem =
        checkAnswer(res, validators.error, { textStatuses: op.textResponses }) ??
        (csv ? checkCsv(res) : checkDocumented(res, validators.response(op, res.status), (v) => validators.errorsText(v)));
      if (problem)
        ledger.fail({
          part: 'operations',
          op: op.key,
          problem,
          req,
          status: res.status,
          body: res.text.slice(0, 400),
          logged: loggedFor(res, w.logs),
        });
      if (res.error) await w.assertAlive(`${req.method} ${req.path.slice(0, 200)}`);
    },
    { numRuns: ctx.runs, seed: opSeed(ledger.seed, op.key) },
  );
}

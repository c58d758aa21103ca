import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, type Fixture } from '../campaigns/fixture.ts';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { routeTable } from '../../src/http/route-table.ts';
import { openApiOperations, deref, type JsonSchema, type Operation } from '../helpers/openapi.ts';

/**
 * PATCH changes only what it names, on every PATCH route — generated from the route list and each route's
 * documented body schema, so a new PATCH route or a new field is covered without being listed here:
 * 1. every field (and every field of a tab) is first set to a value other than its default, all at once;
 * 2. then, for each field in turn, a PATCH naming only that field must change it and leave every other field of
 *    the resource (read back with GET) exactly as it was.
 * Values are generated from the schema (booleans flipped, integers stepped within bounds, enums cycled, plain
 * strings rewritten); fields whose values must refer to something (ids) or match a pattern take theirs from
 * `samples` below, and the test fails naming any field it cannot find a value for.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let f: Fixture;
const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => f.req(method, url, body, f.keys.admin);
/** PATCH url pattern → how to create one resource, and two distinct values for fields that need them. */
let resources: Record<string, { make(): Promise<Record<string, string>>; samples: Record<string, [unknown, unknown]>; last?: string[] }>;

before(async () => {
  f = await campaignFixture(3);
  const db = f.t.ctx.db;
  const ws = f.ws;
  const second = await createLineAccount(db, f.t.ctx.box, {
    name: 'Second OA',
    channelId: '1650000009',
    channelSecret: 'channel-secret-0009',
    channelAccessToken: 'campaign-test-token-0009',
    apiBaseUrl: f.emuUrl,
    pushPerSecond: 100,
    multicastPerSecond: 10,
    workspaceIds: [ws],
  });
  const created = async (method: 'POST', url: string, body: unknown) => {
    const r = await asAdmin(method, url, body);
    assert.equal(r.status, 201, `${url}: ${r.body}`);
    return r.json.id as string;
  };
  const parent2 = await created('POST', '/api/v1/parent-segments', { name: 'Second parent', workspaceIds: [ws] });
  const rule = (v: string) => ({
    type: 'group',
    op: 'and',
    children: [{ type: 'condition', attribute: 'tier', operator: 'equals', value: v }],
  });
  const segment2 = await created('POST', `/api/v1/workspaces/${ws}/segments`, {
    name: 'Second',
    parentSegmentId: f.parentSegmentId,
    rule: rule('gold'),
  });
  let n = 0;
  resources = {
    '/api/v1/users/:id': {
      make: async () => ({ id: await created('POST', '/api/v1/users', { email: `patch${++n}@example.com` }) }),
      samples: {
        // Read back in workspace id order.
        memberships: [
          [{ workspaceId: ws, role: 'viewer' }],
          [
            { workspaceId: ws, role: 'marketer' },
            { workspaceId: f.otherWs, role: 'viewer' },
          ].sort((a, b) => (a.workspaceId < b.workspaceId ? -1 : 1)),
        ],
      },
    },
    '/api/v1/workspaces/:id': {
      make: async () => ({ id: await created('POST', '/api/v1/workspaces', { name: `Patch ${++n}` }) }),
      samples: { timeZone: ['Asia/Tokyo', 'Asia/Bangkok'] },
    },
    '/api/v1/line-accounts/:id': {
      make: async () => ({
        id: await created('POST', '/api/v1/line-accounts', {
          name: `Patch OA ${++n}`,
          channelId: '1650000100',
          channelSecret: 'secret-for-patch',
          channelAccessToken: 'token-for-patch',
          workspaceIds: [ws],
        }),
      }),
      // Within LINE's own limits and hosts: the account's cross-field rules (docs/security.md) hold at every step.
      samples: {
        channelId: ['1650000200', '1650000300'],
        apiBaseUrl: ['https://api-data.line.me', 'https://api.line.me'],
        pushPerSecond: [1500, 1000],
        multicastPerSecond: [150, 100],
        tokenMode: ['longLived', 'stateless'],
      },
      // Last, because a stateless account takes no long-lived token (so channelAccessToken is tried before).
      last: ['tokenMode'],
    },
    '/api/v1/parent-segments/:id': {
      make: async () => ({ id: await created('POST', '/api/v1/parent-segments', { name: `Patch parent ${++n}` }) }),
      samples: { workspaceIds: [[ws], [ws, f.otherWs].sort()] },
    },
    '/api/v1/workspaces/:ws/segments/:id': {
      make: async () => ({
        ws,
        id: await created('POST', `/api/v1/workspaces/${ws}/segments`, {
          name: `Patch segment ${++n}`,
          parentSegmentId: f.parentSegmentId,
        }),
      }),
      samples: { parentSegmentId: [parent2, f.parentSegmentId], rule: [rule('silver'), rule('platinum')] },
    },
    '/api/v1/workspaces/:ws/campaigns/:id': {
      make: async () => ({ ws, id: await created('POST', `/api/v1/workspaces/${ws}/campaigns`, { name: `Patch campaign ${++n}` }) }),
      samples: {
        'audience.parentSegmentId': [f.parentSegmentId, parent2],
        'audience.segmentId': [f.segmentId, segment2],
        'content.lineAccountId': [f.accountId, second.id],
        'content.messages': [
          [{ type: 'text', text: 'Hello' }],
          [
            { type: 'text', text: 'Hi {{profile.name}}' },
            { type: 'text', text: 'Two' },
          ],
        ],
        'schedule.at': ['2031-01-02T10:00', '2032-03-04T11:30'],
        'schedule.timeZone': ['Asia/Tokyo', 'Europe/London'],
        aggregationUnit: ['unit_a', 'unit_b'],
      },
    },
  };
});
after(() => f.close());

/** Response fields a write-only or derived input shows up as. */
const shownAs: Record<string, string[]> = {
  channelSecret: ['channelSecretLast4'],
  channelAccessToken: ['channelAccessTokenLast4'],
  // Going stateless drops the stored long-lived token (a secret not in use is not kept).
  tokenMode: ['channelAccessTokenLast4'],
  'content.messages': ['sendMode'],
};

type Field = { path: string[]; schema: JsonSchema };

/** The fields a PATCH body names: top-level properties, and each property of an all-optional object (a tab). */
function fieldsOf(body: JsonSchema, root: unknown): Field[] {
  const out: Field[] = [];
  for (const [k, raw] of Object.entries(deref(body, root).properties ?? {})) {
    const s = deref(raw, root);
    const tab = s.type === 'object' && s.properties && !(s.required ?? []).length && !s.nullable;
    if (tab) for (const [k2, s2] of Object.entries(s.properties!)) out.push({ path: [k, k2], schema: deref(s2, root) });
    else out.push({ path: [k], schema: s });
  }
  return out;
}

let counter = 0;
/** A valid value for `s` other than `current`, or undefined when the schema alone cannot say. */
function generate(s: JsonSchema, current: unknown, root: unknown): unknown {
  if (s.nullable && current !== null) return null;
  if (s.type === 'boolean') return !current;
  if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? 0;
    const max = s.maximum ?? min + 1000;
    const c = typeof current === 'number' ? current : min;
    return c + 1 <= max ? c + 1 : c - 1;
  }
  if (s.enum) return s.enum.find((v) => v !== current && v !== 'recurring') ?? undefined;
  if (s.type === 'string' && !s.format && !s.pattern) {
    const v = `changed ${++counter} value`;
    return v.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 200);
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties)
    return { [`key${++counter}`]: `value ${counter}` };
  if (s.type === 'object' && s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(s.properties)) {
      const v = generate(deref(p, root), (current as Record<string, unknown> | null)?.[k], root);
      if (v === undefined) return undefined;
      out[k] = v;
    }
    return out;
  }
  return undefined;
}

const at = (o: Json, path: string[]) => path.reduce((v, k) => v?.[k], o);
const withPath = (path: string[], value: unknown): Json => path.reduceRight<unknown>((v, k) => ({ [k]: v }), value);
function without(o: Json, paths: string[][]): Json {
  const copy = structuredClone(o);
  for (const p of paths) {
    const parent = at(copy, p.slice(0, -1));
    if (parent && typeof parent === 'object') delete parent[p[p.length - 1]!];
  }
  return copy;
}

test('every PATCH route is documented with its body and has a resource to try it on', async () => {
  const { ops } = await openApiOperations(f.t.app);
  const patchRoutes = routeTable(f.t.app)
    .filter((r) => r.method === 'PATCH')
    .map((r) => r.url);
  assert.ok(patchRoutes.length >= 6, `PATCH routes found: ${patchRoutes.join(', ')}`);
  for (const url of patchRoutes) {
    const op = ops.find((o) => o.method === 'PATCH' && o.url === url);
    assert.ok(op?.body, `PATCH ${url} has a documented JSON body`);
    assert.ok(resources[url], `PATCH ${url} is covered: add it to the resources of this test`);
  }
});

test('a PATCH naming one field leaves every other field as it was, on every PATCH route', async () => {
  const { doc, ops } = await openApiOperations(f.t.app);
  const patchOps = ops.filter((o): o is Operation & { body: JsonSchema } => o.method === 'PATCH' && !!o.body && !!resources[o.url]);
  let tried = 0;
  for (const op of patchOps) {
    const res = resources[op.url]!;
    const ids = await res.make();
    const url = op.url.replace(/:(\w+)/g, (_, k: string) => ids[k]!);
    const read = async () => {
      const r = await asAdmin('GET', url);
      assert.equal(r.status, 200, `GET ${url}: ${r.body}`);
      return r.json;
    };
    const late = new Set(res.last ?? []);
    const fields = fieldsOf(op.body, doc).sort((x, y) => Number(late.has(x.path.join('.'))) - Number(late.has(y.path.join('.'))));
    const valueFor = (fld: Field, current: unknown, round: 0 | 1): unknown => {
      const key = fld.path.join('.');
      if (res.samples[key]) {
        const [a, b] = res.samples[key]!;
        return round === 0 ? a : b;
      }
      const v = generate(fld.schema, current, doc);
      assert.ok(v !== undefined, `PATCH ${op.url}: no value for ${key}; add a sample for it`);
      return v;
    };

    // 1. Everything away from its default, in one PATCH.
    const start = await read();
    const all: Json = {};
    for (const fld of fields) {
      const v = valueFor(fld, at(start, fld.path), 0);
      if (fld.path.length === 2) (all[fld.path[0]!] ??= {})[fld.path[1]!] = v;
      else all[fld.path[0]!] = v;
    }
    let r = await asAdmin('PATCH', url, all);
    assert.equal(r.status, 200, `PATCH ${op.url} with every field: ${r.body}`);

    // 2. One field at a time.
    for (const fld of fields) {
      const key = fld.path.join('.');
      const before = await read();
      const value = valueFor(fld, at(before, fld.path), 1);
      r = await asAdmin('PATCH', url, withPath(fld.path, value));
      assert.equal(r.status, 200, `PATCH ${op.url} {${key}}: ${r.body}`);
      const afterGet = await read();
      const changed = [fld.path, ['updatedAt'], ...(shownAs[key] ?? []).map((k) => [k])];
      assert.deepEqual(without(afterGet, changed), without(before, changed), `PATCH ${op.url} {${key}} changed other fields`);
      if (key === 'channelSecret' || key === 'channelAccessToken') assert.equal(at(afterGet, shownAs[key]!), (value as string).slice(-4));
      else if (key !== 'content.messages') assert.deepEqual(at(afterGet, fld.path), value, `PATCH ${op.url} {${key}} stored what was sent`);
      tried++;
    }
  }
  // Printed so a reader can see the breadth: routes × fields.
  console.log(`# one-field PATCHes tried: ${tried} over ${patchOps.length} routes`);
  assert.ok(tried >= 30);
});

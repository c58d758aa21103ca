import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testApp, type TestApp } from '../helpers/app.ts';
import { openApiOperations, deref, fillPath, type JsonSchema, type Operation } from '../helpers/openapi.ts';

/**
 * One string schema everywhere: for every documented operation and every string it takes (path parameters,
 * query parameters, every string of the JSON body however deep: tab fields, rule values, record keys and
 * values, the loose members of message drafts), a NUL character, and in bodies a lone surrogate, is answered
 * 400 with a detail naming that very field — never a 500 from the database. Generated from the OpenAPI
 * document, so a new route or field is covered as soon as it is documented.
 */

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

type Leaf = { path: (string | number)[]; kind: 'string' | 'record-value' | 'record-key' | 'loose' };
type Found = { leaf: Leaf; shell: (v: unknown) => unknown }[];

/** Fields that pick an option (discriminators), so a minimal body reaches the option being tested. */
function fixedMembers(s: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (p.const !== undefined) out[k] = p.const;
    else if (p.enum?.length === 1) out[k] = p.enum[0];
  }
  return out;
}

/** Every string location of a body schema, with the members needed to reach it (depth-limited through refs). */
function leaves(
  s0: JsonSchema,
  root: unknown,
  path: (string | number)[] = [],
  depth = 0,
  out: Found = [],
  shell: (v: unknown) => unknown = (v) => v,
): Found {
  if (depth > 16) return out;
  const s = deref(s0, root);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) leaves(alt, root, path, depth + 1, out, shell);
  if (s.type === 'string' && !s.enum && s.const === undefined) out.push({ leaf: { path, kind: 'string' }, shell });
  if (s.type === 'array' && s.items) leaves(s.items, root, [...path, 0], depth + 1, out, (v) => shell([v]));
  if (s.type === 'object' || s.properties) {
    const fixed = fixedMembers(s);
    for (const [k, p] of Object.entries(s.properties ?? {}))
      if (!(k in fixed)) leaves(p, root, [...path, k], depth + 1, out, (v) => shell({ ...fixed, [k]: v }));
    const extra = s.additionalProperties;
    if (extra && typeof extra === 'object') {
      const e = deref(extra, root);
      if (!s.properties && e.type === 'string') {
        out.push({ leaf: { path: [...path, 'key'], kind: 'record-value' }, shell: (v: unknown) => shell({ key: v }) });
        out.push({ leaf: { path, kind: 'record-key' }, shell: (k: unknown) => shell({ [k as string]: 'v' }) });
      } else if (s.properties && !e.type) {
        // A loose object (message drafts): members beyond the documented ones are stored too.
        out.push({
          leaf: { path: [...path, 'anyMember'], kind: 'loose' },
          shell: (v: unknown) => shell({ ...fixed, ...firstEnum(s), anyMember: v }),
        });
      }
    }
  }
  return out;
}
const firstEnum = (s: JsonSchema) =>
  Object.fromEntries(
    Object.entries(s.properties ?? {})
      .filter(([, p]) => p.enum?.length)
      .map(([k, p]) => [k, p.enum![0]]),
  );

const uuid = () => crypto.randomUUID();
const BAD = { nul: 'a\u0000b', lone: 'a\ud800b' };

async function send(op: Operation, params: Record<string, string>, query: string, body: unknown) {
  const url = fillPath(op.url, params) + query;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const r = await t.app.inject({
    method: op.method as 'POST',
    url,
    headers: { ...t.auth(), ...(payload ? { 'content-type': 'application/json' } : {}) },
    payload,
  });
  let json: { error?: { code: string; details?: { path: string }[] } } | null;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = null;
  }
  return { status: r.statusCode, json, body: r.body, url };
}

test('every string of every operation refuses NUL and lone surrogates with a 400 naming the field', async () => {
  const { doc, ops } = await openApiOperations(t.app);
  const api = ops;
  assert.ok(api.length > 40, `operations documented: ${api.length}`);
  // a valid value for every other parameter: the first of an enum (a media variant or width), otherwise an id
  const okParams = (op: Operation) =>
    Object.fromEntries(
      Object.entries(op.params).map(([k, sch]) => [k, String((deref(sch, doc) as { enum?: unknown[] }).enum?.[0] ?? uuid())]),
    );
  let requests = 0;
  const failures: string[] = [];
  const expect = async (what: string, r: Awaited<ReturnType<typeof send>>, path: string) => {
    requests++;
    const paths = r.json?.error?.details?.map((d) => d.path) ?? [];
    // HEAD answers carry no body, so only the status can be checked.
    const named = r.url && what.startsWith('HEAD') ? true : paths.some((p) => p === path || p.startsWith(path + '.'));
    if (r.status !== 400 || !named) failures.push(`${what} ${r.url}: ${r.status} ${r.body.slice(0, 200)} (expected 400 naming ${path})`);
  };

  for (const op of api) {
    // Path parameters.
    for (const name of Object.keys(op.params)) {
      const r = await send(op, { ...okParams(op), [name]: BAD.nul }, '', op.body && op.bodyType === 'application/json' ? {} : undefined);
      await expect(`${op.method} param ${name}`, r, `params.${name}`);
    }
    // Query parameters (a lone surrogate cannot be written in a URL: percent-encoding is of UTF-8).
    for (const [name, s] of Object.entries(op.query)) {
      if (deref(s, doc).type !== 'string') continue;
      const r = await send(op, okParams(op), `?${name}=a%00b`, op.body && op.bodyType === 'application/json' ? {} : undefined);
      await expect(`${op.method} query ${name}`, r, `querystring.${name}`);
    }
    // JSON bodies.
    if (op.body && op.bodyType === 'application/json') {
      for (const { leaf, shell } of leaves(op.body, doc)) {
        if (process.env.SHOW_LEAVES) console.log(op.method, op.url, leaf.kind, leaf.path.join('.'));
        for (const [label, bad] of Object.entries(BAD)) {
          const r = await send(op, okParams(op), '', shell(bad));
          await expect(`${op.method} body ${label} ${leaf.kind} ${leaf.path.join('.')}`, r, ['body', ...leaf.path].join('.'));
        }
      }
    }
  }
  console.log(`# hostile-text requests: ${requests} over ${api.length} operations`);
  assert.deepEqual(failures, []);
  assert.ok(requests > 150);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jsonOf } from '../security/http.ts';
import { buildCases, leakIn, selfLeak, type Case } from '../security/isolation.ts';
import { operations, Validators, type OpenApiDoc } from '../security/openapi.ts';
import { classOf, ROUTES } from '../security/route-classes.ts';
import { buildWorld, type World } from '../security/world.ts';

/**
 * The isolation matrix: generated from the app's route table (every registered route must be declared in
 * route-classes.ts), every workspace-scoped route × the victim workspace's ids × each role, every admin route ×
 * each non-admin role, every self route × another user's things, every API route without a key.
 */
let w: World;
let doc: OpenApiDoc;
let validators: Validators;
before(async () => {
  w = await buildWorld();
  doc = jsonOf(await w.client.send({ method: 'GET', path: '/docs/json' })) as OpenApiDoc;
  validators = new Validators(doc);
});
after(() => w?.close());

test('every registered route is declared with who may call it, and every declaration is a route', () => {
  const unclassified = w.routes.filter((r) => !classOf(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(unclassified, [], 'declare these routes in test/security/route-classes.ts');
  const registered = new Set(w.routes.map((r) => `${r.method} ${r.url}`));
  // HEAD routes follow their GET declaration.
  const used = new Set(w.routes.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
  assert.deepEqual(
    Object.keys(ROUTES).filter((k) => !used.has(k)),
    [],
    'declarations without a route',
  );
  // The OpenAPI document lists only registered routes, so the fuzz suite and this matrix see the same API.
  const missing = operations(doc)
    .map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`)
    .filter((k) => !registered.has(k));
  assert.deepEqual(missing, []);
});

const ok = (c: Case, status: number) =>
  c.expect === 'allowed'
    ? ![401, 403, 404].includes(status) && status < 500
    : c.expect === 'client-error'
      ? status >= 400 && status < 500 && status !== 401
      : c.expect.includes(status);

test('no role reaches another workspace, an admin route, or another user’s keys', async () => {
  // Routes without a declaration fail the test above; the matrix covers every declared one.
  const { cases } = buildCases(w, doc);
  // Deletes and foreign ids in bodies last, so a hole there cannot remove or taint what other cases look at.
  const rank = (c: Case) => (c.kind === 'foreign id in body' ? 2 : c.route.startsWith('DELETE') ? 1 : 0);
  const ordered = [...cases].sort((a, b) => rank(a) - rank(b));
  const failures: string[] = [];
  const perKind = new Map<string, number>();
  for (const c of ordered) {
    const req = await c.build();
    const res = await w.client.send(req);
    perKind.set(c.kind, (perKind.get(c.kind) ?? 0) + 1);
    const problems: string[] = [];
    if (res.error) problems.push(`no complete answer: ${res.error}`);
    else {
      if (!ok(c, res.status)) problems.push(`answered ${res.status}, expected ${Array.isArray(c.expect) ? c.expect.join('/') : c.expect}`);
      if (res.status >= 400 && req.method !== 'HEAD' && !validators.error(jsonOf(res))) problems.push('error outside the documented shape');
      const leak = leakIn(w, req, res);
      if (leak) problems.push(`answer carries the victim's ${leak}`);
      const other = c.kind === 'self only' && c.role !== 'anonymous' ? selfLeak(w, c.role, res) : null;
      if (other) problems.push(`answer carries ${other}`);
    }
    if (!problems.length) continue;
    const line = `${c.kind} | ${c.role} | ${c.route}${c.field ? ` ${c.kind.endsWith('query') ? 'query' : 'body'}.${c.field}` : ''}: ${problems.join('; ')} — ${req.method} ${req.path}${req.body ? ` ${String(req.body).slice(0, 200)}` : ''} → ${res.text.slice(0, 200)}`;
    failures.push(line);
  }
  const total = [...perKind.values()].reduce((a, b) => a + b, 0);
  console.log(
    `isolation matrix: ${total} requests over ${w.routes.length} routes (${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}); ${failures.length} failed`,
  );
  for (const f of failures) console.log(`  FAILED ${f}`);
  assert.equal(failures.length, 0, `${failures.length} isolation failures (listed above)`);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { routeTable } from '../../src/http/route-table.ts';
import { openApiOperations } from '../helpers/openapi.ts';

/**
 * Every route is in the OpenAPI document (/docs/json) with the inputs it validates — path parameters, query
 * parameters, body — so suites generated from the document reach every input path; and every $ref in the
 * document resolves. The only routes left out are the UI's (its catch-all and, once web/dist is built, one route per
 * built file, which @fastify/static hides from the document) and the documentation's own pages.
 */

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const undocumented = (r: { url: string; schema?: { hide?: boolean } }) =>
  r.url === '/*' || r.url === '/docs' || r.url.startsWith('/docs/') || (r.schema?.hide === true && !r.url.startsWith('/api/'));

test('every route is documented with its parameters, query and body', async () => {
  const { doc, ops } = await openApiOperations(t.app);
  const routes = routeTable(t.app).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !undocumented(r));
  assert.ok(routes.length >= 50, `routes: ${routes.length}`);
  const missing: string[] = [];
  for (const r of routes) {
    const op = ops.find((o) => o.method === r.method && o.url === r.url);
    if (!op) {
      missing.push(`${r.method} ${r.url}: not in the document`);
      continue;
    }
    const pathParams = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    for (const p of pathParams) if (!op.params[p]) missing.push(`${r.method} ${r.url}: path parameter ${p} not documented`);
    if (r.schema?.querystring && !Object.keys(op.query).length) missing.push(`${r.method} ${r.url}: query not documented`);
    if (r.schema?.body && !op.body) missing.push(`${r.method} ${r.url}: body not documented`);
    if (['POST', 'PUT', 'PATCH'].includes(r.method) && r.schema?.body === undefined && op.body)
      missing.push(`${r.method} ${r.url}: documents a body it does not validate`);
  }
  assert.deepEqual(missing, []);

  // Every $ref points at something.
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const ref of new Set(refs)) {
    const target = ref.slice(8, -1).replace(/^#\//, '').split('/');
    let v: unknown = doc;
    for (const k of target) v = (v as Record<string, unknown> | undefined)?.[k];
    assert.ok(v, `unresolved ${ref}`);
  }
});

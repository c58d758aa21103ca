import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { danglingRefs, operations, resolve, Validators, type OpenApiDoc } from '../security/openapi.ts';

// The API fuzz suite is generated from this document, and clients generate code from it: every $ref must
// point at a schema the document defines (the recursive segment rule used to point at one it never wrote).
let t: TestApp;
let doc: OpenApiDoc;
before(async () => {
  t = await testApp();
  doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
});
after(() => t.close());

test('/docs/json defines every schema it refers to', () => {
  assert.deepEqual(danglingRefs(doc), []);
});

test('the segment rule is one named, recursive schema, and documented responses compile', () => {
  const reach = operations(doc).find((o) => o.key === 'POST /api/v1/workspaces/{ws}/reach')!;
  const rule = resolve(doc, reach.body!.properties.rule);
  assert.deepEqual(rule.required, ['type', 'op', 'children']);
  assert.match(JSON.stringify(rule.properties.children.items), /#\/components\/schemas\/SegmentRuleGroup/);
  const v = new Validators(doc);
  for (const op of operations(doc)) for (const status of Object.keys(op.responses)) v.response(op, Number(status));
});

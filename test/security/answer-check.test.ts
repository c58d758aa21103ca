import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { checkAnswer } from './checks.ts';
import { operations, Validators, type OpenApiDoc } from './openapi.ts';
import type { Res } from './http.ts';

/**
 * The suites' answer check reads the OpenAPI document: a 4xx is the JSON error shape unless the operation documents
 * that status as plain text. Only the click redirect does (people's browsers open it), so an unknown link's text 404
 * is right there and wrong anywhere else; the check no longer depends on which suite happens to reach the route.
 */

let t: TestApp;
let doc: OpenApiDoc;
before(async () => {
  t = await testApp();
  doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc;
});
after(() => t.close());

const res = (status: number, type: string, text: string): Res => ({
  status,
  headers: { 'content-type': type },
  body: Buffer.from(text),
  text,
  error: null,
  ms: 0,
});

test('only the click redirect documents a plain-text error, its 404', () => {
  const text = operations(doc).filter((o) => o.textResponses.length);
  assert.deepEqual(
    text.map((o) => [o.key, o.textResponses]),
    [['GET /c/{token}', ['404']]],
  );
});

test('an unknown link answers the documented text 404, which the check accepts; a refused token is the JSON error shape', async () => {
  const v = new Validators(doc);
  const statuses = v.textStatuses('GET /c/{token}');
  // past the router's 100-character parameter limit, or more segments: still no link, still text for the browser
  for (const token of ['AAAAAAAAAAA', 'not-a-token', 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(2000), 'a/b', '%2F%2Fevil.example']) {
    const r = await t.app.inject({ method: 'GET', url: `/c/${token}` });
    assert.equal(r.statusCode, 404, token);
    assert.match(String(r.headers['content-type']), /^text\/plain/, token);
    assert.equal(r.body, 'This link does not exist.\n');
    assert.equal(checkAnswer(res(r.statusCode, String(r.headers['content-type']), r.body), v.error, { textStatuses: statuses }), null);
  }
  // a token the parameter's schema refuses (a NUL) is the validation layer's JSON 400, which the check also takes;
  // the answer to HEAD is the same without its body
  for (const method of ['GET', 'HEAD'] as const) {
    const nul = await t.app.inject({ method, url: '/c/a%00b' });
    assert.equal(nul.statusCode, 400, nul.body);
    assert.equal(
      checkAnswer(res(nul.statusCode, String(nul.headers['content-type']), nul.body), v.error, {
        textStatuses: statuses,
        head: method === 'HEAD',
      }),
      null,
    );
    const unknown = await t.app.inject({ method, url: '/c/AAAAAAAAAAA' });
    assert.equal(
      checkAnswer(res(unknown.statusCode, String(unknown.headers['content-type']), unknown.body), v.error, {
        textStatuses: statuses,
        head: method === 'HEAD',
      }),
      null,
    );
  }
});

test('the check: text only where documented, and then text only', () => {
  const v = new Validators(doc);
  const text404 = res(404, 'text/plain; charset=utf-8', 'This link does not exist.\n');
  const json404 = res(
    404,
    'application/json; charset=utf-8',
    JSON.stringify({ error: { code: 'not_found', message: 'Campaign not found' } }),
  );
  assert.equal(checkAnswer(text404, v.error, { textStatuses: ['404'] }), null);
  assert.match(checkAnswer(text404, v.error) ?? '', /without a JSON error body/);
  assert.match(checkAnswer(json404, v.error, { textStatuses: ['404'] }) ?? '', /the document says text\/plain/);
  assert.equal(checkAnswer(json404, v.error), null);
  // a documented text status does not excuse another status
  assert.match(checkAnswer(res(400, 'text/plain', 'bad'), v.error, { textStatuses: ['404'] }) ?? '', /without a JSON error body/);
  // HEAD: no body to read, but the type must still be what the document says
  assert.equal(checkAnswer(res(400, 'application/json; charset=utf-8', ''), v.error, { head: true }), null);
  assert.match(checkAnswer(res(404, 'text/plain', ''), v.error, { head: true }) ?? '', /to HEAD answered as text\/plain/);
});

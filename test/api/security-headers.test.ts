import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

/**
 * Every answer carries the security headers: the UI (or its "not built" page), the API docs and their assets, the
 * API, and errors. The CSP lets the pages run only this origin's scripts, so /docs must load nothing inline.
 */
let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

function csp(h: string | undefined): Map<string, string[]> {
  assert.ok(h, 'a Content-Security-Policy header');
  return new Map(
    h
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values] as [string, string[]];
      }),
  );
}

function assertHeaders(url: string, h: Record<string, unknown>) {
  const p = csp(h['content-security-policy'] as string);
  assert.deepEqual(p.get('frame-ancestors'), ["'none'"], url);
  assert.deepEqual(p.get('script-src'), ["'self'"], `${url}: no inline or eval'd script`);
  assert.deepEqual(p.get('object-src'), ["'none'"], url);
  assert.deepEqual(p.get('default-src'), ["'self'"], url);
  assert.equal(p.has('upgrade-insecure-requests'), false, `${url}: not over plain http`);
  assert.equal(h['x-content-type-options'], 'nosniff', url);
  assert.equal(h['referrer-policy'], 'no-referrer', url);
  assert.equal(h['x-frame-options'], 'DENY', url);
  assert.equal(h['strict-transport-security'], undefined, `${url}: no HSTS over plain http`);
}

test('the UI, the docs, the API, errors and redirects all send CSP, nosniff, Referrer-Policy and frame denial', async () => {
  for (const [url, headers] of [
    ['/', {}],
    ['/w/x/campaigns', {}],
    ['/docs', {}],
    ['/docs/json', {}],
    ['/api/v1/me', t.auth()],
    ['/api/v1/me', {}],
    ['/api/v1/nope', t.auth()],
    ['/healthz', {}],
    ['/c/doesnotexist', {}],
  ] as const) {
    const r = await t.app.inject({ method: 'GET', url, headers });
    assertHeaders(url, r.headers);
  }
});

test('/docs loads only same-origin scripts and styles, each of which is served (so the CSP allows all it needs)', async () => {
  let r = await t.app.inject({ method: 'GET', url: '/docs' });
  if (r.statusCode >= 300 && r.statusCode < 400)
    r = await t.app.inject({ method: 'GET', url: new URL(String(r.headers.location), 'http://x/docs').pathname });
  assert.equal(r.statusCode, 200);
  const html = r.body;
  assert.match(html, /swagger-ui/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.ok(scripts.length >= 2, 'swagger-ui has its scripts');
  for (const [, attrs, body] of scripts) {
    assert.match(attrs!, /\bsrc="/, 'no inline <script>: the CSP would refuse it');
    assert.equal(body!.trim(), '');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers (script-src-attr none)');
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  for (const a of assets) {
    assert.ok(!/^[a-z]+:/i.test(a) && !a.startsWith('//'), `${a} is same-origin`);
    const path = new URL(a, 'http://x/docs/').pathname;
    const res = await t.app.inject({ method: 'GET', url: path });
    assert.equal(res.statusCode, 200, path);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
  const init = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
  assert.equal(init.statusCode, 200);
  assert.match(String(init.headers['content-type']), /javascript/, 'served as script, which nosniff requires');
});

test('behind https the headers add HSTS and upgrade-insecure-requests', async () => {
  const s = await testApp({ publicBaseUrl: 'https://linecast.example.com' });
  try {
    const r = await s.app.inject({ method: 'GET', url: '/docs' });
    assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
    assert.ok(csp(r.headers['content-security-policy'] as string).has('upgrade-insecure-requests'));
  } finally {
    await s.close();
  }
});

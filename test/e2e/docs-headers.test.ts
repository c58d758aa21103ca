import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shot, type BrowserSession } from './harness.ts';

/**
 * In Chromium, with the security headers on: the API docs (swagger-ui) still load and work under the CSP, with no
 * refused script or style; and no page of Linecast can be put in a frame by another site.
 */
let t: TestApp;
let url: string;
let b: BrowserSession;
let other: http.Server;
let otherUrl: string;

before(async () => {
  t = await testApp();
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  b = await openBrowser();
  // Another site (another origin: another port) that tries to frame Linecast.
  other = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('frame') ?? '/';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><title>framer</title><iframe id="f" src="${url}${target}" onload="window.framed = true" width="800" height="600"></iframe>`,
    );
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});

after(async () => {
  await b?.close();
  await new Promise((r) => other?.close(r));
  await t?.close();
});

test('/docs renders the Linecast API in Chromium under the CSP, with nothing refused', async () => {
  const { page, errors } = b;
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  const res = await page.goto(`${url}/docs`);
  assert.match(String(res?.headers()['content-security-policy']), /frame-ancestors 'none'/);
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'Linecast API' }).waitFor({ timeout: 30_000 });
  // The operations render and open: swagger-ui's own scripts run.
  const op = page.locator('.opblock-summary').filter({ hasText: '/api/v1/session' }).first();
  await op.waitFor();
  await op.click();
  await page.locator('.opblock-body').first().waitFor();
  await shot(page, 'docs-under-csp');
  assert.deepEqual(refused, [], 'the CSP refused nothing swagger-ui needs');
  assert.deepEqual(errors, [], 'no console errors');
});

test('another site cannot frame Linecast (frame-ancestors none, X-Frame-Options DENY)', async () => {
  const { page } = b;
  const refused: string[] = [];
  page.on('console', (m) => refused.push(m.text()));
  for (const path of ['/docs', '/', '/api/v1/me']) {
    await page.goto(`${otherUrl}/?frame=${encodeURIComponent(path)}`);
    await page.waitForFunction('window.framed === true', undefined, { timeout: 30_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the iframe exists');
    const html = await frame.content().catch(() => '');
    assert.doesNotMatch(html, /swagger-ui|Linecast|unauthorized/, `${path} must not render inside another site's frame`);
  }
  assert.ok(
    refused.some((m) => /frame-ancestors|X-Frame-Options|refused to connect|Refused to display/i.test(m)),
    `Chromium says it refused: ${refused.join(' | ')}`,
  );
});

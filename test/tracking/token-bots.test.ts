import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBot } from '../../src/tracking/bots.ts';
import { linkIdFor, newToken, TOKEN_SHAPE } from '../../src/tracking/token.ts';

test('tokens are 11 base62 characters and do not repeat', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) {
    const t = newToken();
    assert.match(t, TOKEN_SHAPE);
    seen.add(t);
  }
  assert.equal(seen.size, 50_000);
});

test('token characters are spread over the whole alphabet', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) for (const ch of newToken()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  assert.equal(counts.size, 62);
  const expected = (20_000 * 11) / 62;
  for (const n of counts.values()) assert.ok(Math.abs(n - expected) < expected * 0.2, `count ${n} far from ${expected}`);
});

test('link ids are stable per URL and differ between URLs', () => {
  assert.equal(linkIdFor('https://a.example/x?utm_source=line'), linkIdFor('https://a.example/x?utm_source=line'));
  assert.notEqual(linkIdFor('https://a.example/x'), linkIdFor('https://a.example/y'));
  assert.match(linkIdFor('https://a.example/'), /^[0-9A-Za-z]{8}$/);
});

test('preview fetchers, crawlers and HTTP libraries are bots; browsers and the LINE in-app browser are not', () => {
  for (const ua of [
    'facebookexternalhit/1.1;line-poker/1.0',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Twitterbot/1.0',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'curl/8.5.0',
    'python-requests/2.31.0',
    'WhatsApp/2.23.20.0',
    '',
    undefined,
  ]) {
    assert.equal(isBot(ua), true, `${ua} should be a bot`);
  }
  for (const ua of [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.20.0',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Line/14.1.0/IAB',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
    'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
  ]) {
    assert.equal(isBot(ua), false, `${ua} should count`);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkApiBaseUrl,
  effectiveRates,
  LINE_API_HOSTS,
  lineAccountIssues,
  parseAllowedHosts,
  reentryIssues,
  type LineAccountFacts,
} from '../../src/domain/line-hosts.ts';

const ok = (url: string, isEmulator = false, allowed: string[] = []) => checkApiBaseUrl(url, isEmulator, allowed).ok;

test("LINE's hosts over HTTPS at the root are the only destinations without a mark or an operator's word", () => {
  for (const u of [
    'https://api.line.me',
    'https://api.line.me/',
    'https://API.LINE.ME',
    'https://api-data.line.me',
    'https://api.line.me:443',
  ])
    assert.equal(ok(u), true, u);
  for (const u of [
    'http://api.line.me', // the token in clear text
    'https://api.line.me:8443',
    'https://api.line.me/v2/bot', // a path LINE does not serve the API under
    'https://api.line.me.evil.example', // suffix tricks
    'https://evilapi.line.me.example',
    'https://line.me',
    'https://access.line.me', // LINE Login, not the Messaging API
    'https://api.line.me.', // trailing dot: another name as far as TLS and the allow-list go
    'https://api.line.me@evil.example', // user info: the host is evil.example
    'https://user:pw@api.line.me',
    'https://evil.example#@api.line.me',
    'https://evil.example?x=api.line.me',
    'https://api.line.me?x=1',
    'http://127.0.0.1:8081',
    'http://localhost:3000',
    'http://169.254.169.254', // cloud metadata
    'http://[::1]:8080',
    'http://2130706433', // 127.0.0.1 in decimal
    'http://10.0.0.5',
    'ftp://api.line.me',
    'file:///etc/passwd',
    'not a url',
  ])
    assert.equal(ok(u), false, u);
});

test('an emulator account may point anywhere http(s), but never with credentials, a query or a fragment in the URL', () => {
  for (const u of ['http://127.0.0.1:8081', 'http://emulator:8081/prefix', 'https://sandbox.example']) assert.equal(ok(u, true), true, u);
  for (const u of ['ftp://127.0.0.1', 'http://u:p@127.0.0.1:8081', 'http://127.0.0.1:8081/?a=1', 'http://127.0.0.1:8081/#x'])
    assert.equal(ok(u, true), false, u);
  // the mark does not loosen LINE's own hosts
  assert.equal(ok('http://api.line.me', true), false);
});

test('operator allow-list: bare hosts mean HTTPS on the default port, origins are matched exactly', () => {
  const allowed = parseAllowedHosts(' proxy.example , http://10.0.0.5:8080,line-proxy.internal:8443,PROXY.example ');
  assert.deepEqual(allowed, ['https://proxy.example', 'http://10.0.0.5:8080', 'https://line-proxy.internal:8443']);
  assert.equal(ok('https://proxy.example', false, allowed), true);
  assert.equal(ok('https://proxy.example/line', false, allowed), true);
  assert.equal(ok('http://proxy.example', false, allowed), false);
  assert.equal(ok('https://proxy.example:8443', false, allowed), false);
  assert.equal(ok('http://10.0.0.5:8080', false, allowed), true);
  assert.equal(ok('http://10.0.0.5:8081', false, allowed), false);
  assert.equal(ok('https://line-proxy.internal:8443', false, allowed), true);
  assert.equal(ok('https://sub.proxy.example', false, allowed), false);
  assert.deepEqual(parseAllowedHosts(undefined), []);
  assert.deepEqual(parseAllowedHosts(' , '), []);
  for (const bad of ['https://x.example/path', 'ftp://x.example', 'a b', 'https://u:p@x.example', 'x.example?q'])
    assert.throws(() => parseAllowedHosts(bad), /LINECAST_LINE_ALLOWED_HOSTS/, bad);
});

test('property: whatever the string, an accepted URL without mark or allow-list sends to a LINE host over HTTPS, as the client parses it', () => {
  const host = fc.constantFrom(
    'api.line.me',
    'api-data.line.me',
    'evil.example',
    '127.0.0.1',
    'api.line.me.evil.example',
    '[::1]',
    'API.line.me',
  );
  const piece = fc.constantFrom('', '@', '#', '?', '/', '\\', ':443', ':80', ':8443', '%2e', '.', 'user:pw@', '\t', ' ', '//');
  const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:/', 'https:\\\\', '');
  const arbitraryUrl = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.tuple(scheme, piece, host, piece, host, piece).map((p) => p.join('')),
  );
  fc.assert(
    fc.property(arbitraryUrl, (url) => {
      if (!ok(url)) return;
      // the LINE client and the token issuer both connect to new URL(baseUrl).origin
      const u = new URL(url);
      assert.ok((LINE_API_HOSTS as readonly string[]).includes(u.hostname), url);
      assert.equal(u.protocol, 'https:', url);
      assert.equal(u.origin, `https://${u.hostname}`, url);
    }),
    { numRuns: 3_000 },
  );
});

const facts = (o: Partial<LineAccountFacts> = {}): LineAccountFacts => ({
  apiBaseUrl: 'https://api.line.me',
  isEmulator: false,
  pushPerSecond: 2000,
  multicastPerSecond: 200,
  tokenMode: 'longLived',
  hasAccessToken: true,
  ...o,
});
const paths = (f: LineAccountFacts) => lineAccountIssues(f, []).map((i) => i.path);

test("rates: LINE's per-channel limits (push 2,000/s, multicast 200/s) unless the account is an emulator account", () => {
  assert.deepEqual(paths(facts()), []);
  assert.deepEqual(paths(facts({ pushPerSecond: 2001 })), ['pushPerSecond']);
  assert.deepEqual(paths(facts({ multicastPerSecond: 201 })), ['multicastPerSecond']);
  assert.deepEqual(
    paths(facts({ apiBaseUrl: 'http://127.0.0.1:1', isEmulator: true, pushPerSecond: 10_000, multicastPerSecond: 1_000 })),
    [],
  );
  assert.deepEqual(paths(facts({ apiBaseUrl: 'http://127.0.0.1:1', isEmulator: true, pushPerSecond: 10_001 })), ['pushPerSecond']);
  // a stored value above the cap (saved before the rule) is never used as it is
  assert.deepEqual(effectiveRates({ isEmulator: false, pushPerSecond: 10_000, multicastPerSecond: 1_000 }), {
    pushPerSecond: 2000,
    multicastPerSecond: 200,
  });
  assert.deepEqual(effectiveRates({ isEmulator: true, pushPerSecond: 10_000, multicastPerSecond: 1_000 }), {
    pushPerSecond: 10_000,
    multicastPerSecond: 1_000,
  });
});

test('token mode: a long-lived account needs its token; a stateless one needs none', () => {
  assert.deepEqual(paths(facts({ hasAccessToken: false })), ['channelAccessToken']);
  assert.deepEqual(paths(facts({ tokenMode: 'stateless', hasAccessToken: false })), []);
});

test('stored secrets move to a new non-LINE host only when the same edit supplies them again', () => {
  const line = { apiBaseUrl: 'https://api.line.me', isEmulator: false };
  const emu = { apiBaseUrl: 'http://127.0.0.1:8081', isEmulator: true };
  const none = { channelSecret: false, channelAccessToken: false };
  const both = { channelSecret: true, channelAccessToken: true };
  const p = (stored: typeof line, next: typeof line & { tokenMode?: 'longLived' | 'stateless' }, supplied = none, allowed: string[] = []) =>
    reentryIssues(stored, { tokenMode: 'longLived', ...next }, supplied, allowed).map((i) => i.path);
  // marking a LINE account as an emulator and pointing it at a listener: both secrets must be typed again
  assert.deepEqual(p(line, { apiBaseUrl: 'http://attacker.example:9', isEmulator: true }), ['channelSecret', 'channelAccessToken']);
  assert.deepEqual(p(line, { apiBaseUrl: 'http://attacker.example:9', isEmulator: true }, both), []);
  // a stateless account has no token to re-enter, only its secret
  assert.deepEqual(p(line, { apiBaseUrl: 'http://attacker.example:9', isEmulator: true, tokenMode: 'stateless' }), ['channelSecret']);
  // an emulator account moving to another origin
  assert.deepEqual(p(emu, { apiBaseUrl: 'http://127.0.0.1:9999', isEmulator: true }), ['channelSecret', 'channelAccessToken']);
  // the same emulator origin (another path), back to LINE, or to an operator-allowed host: nothing to re-enter
  assert.deepEqual(p(emu, { apiBaseUrl: 'http://127.0.0.1:8081/x', isEmulator: true }), []);
  assert.deepEqual(p(emu, { apiBaseUrl: 'https://api.line.me', isEmulator: true }), []);
  assert.deepEqual(p(line, { apiBaseUrl: 'https://proxy.example', isEmulator: false }, none, ['https://proxy.example']), []);
  // an account stored before the rule (pointing at a listener, not marked) being marked: re-enter
  assert.deepEqual(
    p({ apiBaseUrl: 'http://127.0.0.1:8081', isEmulator: false }, { apiBaseUrl: 'http://127.0.0.1:8081', isEmulator: true }),
    ['channelSecret', 'channelAccessToken'],
  );
});

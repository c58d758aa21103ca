import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngine } from '../helpers/db.ts';
import { setPassword } from '../../src/admin/credentials.ts';
import { THROTTLE, clientKey } from '../../src/security/throttle.ts';
import { buildApp } from '../../src/http/app.ts';

/**
 * Guessing is throttled: wrong API keys per client address, wrong passwords per address and per account, counted in
 * the database so the limits hold across API processes. Past the limit the answer is 429 with Retry-After.
 */
let t: TestApp;
const PASSWORD = 'the right password';

before(async () => {
  t = await testApp();
  for (const email of ['victim@example.com', 'other@example.com']) {
    const u = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: t.auth(), payload: { email } });
    await setPassword(t.ctx.db, u.json().id, PASSWORD, { mustChange: false });
  }
});
after(() => t.close());

function tally(codes: number[]) {
  return codes.reduce<Record<number, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});
}

test(`${testEngine}: 1,000 wrong API keys from one address: the first ${THROTTLE.apiKeyIp.limit} get 401, the rest 429 with Retry-After`, async () => {
  const ip = '192.0.2.10';
  const codes: number[] = [];
  let retryAfter: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(`lc_guess_${i}`), remoteAddress: ip });
    codes.push(r.statusCode);
    if (r.statusCode === 429) {
      retryAfter = r.headers['retry-after'] as string;
      assert.equal(r.json().error.code, 'too_many_attempts');
    }
  }
  console.log(`wrong API keys: ${JSON.stringify(tally(codes))}`);
  assert.deepEqual(tally(codes), { 401: THROTTLE.apiKeyIp.limit, 429: 1000 - THROTTLE.apiKeyIp.limit });
  assert.ok(codes.slice(0, THROTTLE.apiKeyIp.limit).every((c) => c === 401));
  const secs = Number(retryAfter);
  assert.ok(secs > 0 && secs <= THROTTLE.apiKeyIp.windowMs / 1000, `Retry-After ${retryAfter}`);

  // While blocked, even the right key answers 429 from that address: no way to tell a right guess from a wrong one.
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(), remoteAddress: ip })).statusCode, 429);
  // Other addresses, and people signing in from the blocked one, are not affected.
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(), remoteAddress: '192.0.2.11' })).statusCode, 200);
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'other@example.com', password: PASSWORD },
    remoteAddress: ip,
  });
  assert.equal(signIn.statusCode, 200);
  // When the window closes, the address may try again.
  await t.ctx.db.query(`UPDATE auth_throttle SET reset_at = now() - interval '1 second' WHERE key = $1`, [`api-key-ip:${ip}`]);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(), remoteAddress: ip })).statusCode, 200);
});

test(`${testEngine}: 1,000 wrong passwords for one account from many addresses: after ${THROTTLE.passwordAccount.limit} they get 429, and so does the right one`, async () => {
  const codes: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'Victim@Example.com', password: `guess ${i}` },
      remoteAddress: `198.51.100.${i % 250}`,
    });
    codes.push(r.statusCode);
    if (r.statusCode === 429) assert.ok(Number(r.headers['retry-after']) > 0);
  }
  console.log(`wrong passwords, one account: ${JSON.stringify(tally(codes))}`);
  assert.deepEqual(tally(codes), { 401: THROTTLE.passwordAccount.limit, 429: 1000 - THROTTLE.passwordAccount.limit });
  const right = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'victim@example.com', password: PASSWORD },
    remoteAddress: '203.0.113.1',
  });
  assert.equal(right.statusCode, 429);
  assert.equal(right.headers['set-cookie'], undefined);
});

test(`${testEngine}: wrong passwords for many accounts from one address: after ${THROTTLE.passwordIp.limit} that address gets 429`, async () => {
  const codes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: `user${i}@example.com`, password: 'password1234' },
      remoteAddress: '2001:db8:1:2:aaaa::1',
    });
    codes.push(r.statusCode);
  }
  assert.deepEqual(tally(codes), { 401: THROTTLE.passwordIp.limit, 429: 200 - THROTTLE.passwordIp.limit });
  // Another address in the same IPv6 /64 is the same client.
  const sibling = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'other@example.com', password: PASSWORD },
    remoteAddress: '2001:db8:1:2:ffff::9',
  });
  assert.equal(sibling.statusCode, 429);
  const elsewhere = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'other@example.com', password: PASSWORD },
    remoteAddress: '2001:db8:1:3::9',
  });
  assert.equal(elsewhere.statusCode, 200);
});

test(`${testEngine}: guesses sent in parallel, and to two API processes, cannot slip past the limit`, async () => {
  const second = await buildApp(t.ctx);
  await second.ready();
  try {
    const apps = [t.app, second];
    const rs = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        apps[i % 2]!.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'other@example.com', password: `parallel ${i}` },
          remoteAddress: `203.0.113.${i}`,
        }),
      ),
    );
    const t2 = tally(rs.map((r) => r.statusCode));
    assert.equal(t2[401], THROTTLE.passwordAccount.limit, JSON.stringify(t2));
    assert.equal(t2[429], 60 - THROTTLE.passwordAccount.limit);
  } finally {
    await second.close();
  }
});

test('client addresses: IPv4-mapped IPv6 is IPv4; IPv6 counts by /64', () => {
  assert.equal(clientKey('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(clientKey('192.0.2.1'), '192.0.2.1');
  assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:0db8:0001:0002:0:0:0:1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
});

import crypto from 'node:crypto';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngine } from '../helpers/db.ts';
import { buildApp } from '../../src/http/app.ts';
import { setPassword } from '../../src/admin/credentials.ts';

/**
 * People sign in with email and password for an HttpOnly session cookie kept in the database; writes made with
 * the cookie need the session's CSRF token; sign-out and password resets end sessions on the server.
 */
let t: TestApp;
let marketerId: string;
const EMAIL = 'marketer@example.com';
const PASSWORD = 'correct horse battery';

before(async () => {
  t = await testApp();
  const u = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: t.auth(),
    payload: { email: EMAIL, name: 'Mia', memberships: [{ workspaceId: t.workspaceId, role: 'marketer' }] },
  });
  assert.equal(u.statusCode, 201, u.body);
  marketerId = u.json().id;
  await setPassword(t.ctx.db, marketerId, PASSWORD, { mustChange: false });
});
after(() => t.close());

type Cookie = { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string; maxAge?: number };

async function signIn(app = t.app, email = EMAIL, password = PASSWORD) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  assert.equal(r.statusCode, 200, r.body);
  const c = (r.cookies as Cookie[]).find((x) => x.name === 'linecast_session');
  assert.ok(c, `no session cookie in ${JSON.stringify(r.headers['set-cookie'])}`);
  return { cookie: `linecast_session=${c.value}`, csrf: r.json().csrfToken as string, set: c, body: r.json() };
}

test(`${testEngine}: sign-in sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in`, async () => {
  const s = await signIn();
  assert.equal(s.set.httpOnly, true);
  assert.equal(s.set.sameSite, 'Strict');
  assert.equal(s.set.path, '/');
  assert.ok(!s.set.secure, 'not Secure over plain http');
  assert.equal(s.body.user.email, EMAIL);
  assert.equal(s.body.passwordMustChange, false);
  assert.equal(s.body.workspaces[0].role, 'marketer');
  // The stored session is a hash of the token, never the token.
  const rows = await t.ctx.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
  assert.ok(rows.rows.every((r) => !s.cookie.includes(r.token_hash)));

  const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: s.cookie } });
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().user.id, marketerId);
  assert.equal(me.json().via, 'session');
  assert.ok(me.json().csrfToken);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 200);
});

test(`${testEngine}: wrong password and unknown email answer the same 401, and set no cookie`, async () => {
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: EMAIL, password: 'not the password' },
    remoteAddress: '10.1.0.1',
  });
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'nobody@example.com', password: 'whatever-it-is' },
    remoteAddress: '10.1.0.1',
  });
  for (const r of [wrong, unknown]) {
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().error.code, 'invalid_credentials');
    assert.equal(r.headers['set-cookie'], undefined);
  }
  assert.deepEqual(wrong.json(), unknown.json());
  // A user without a password (the bootstrap admin here) cannot sign in with any.
  const admin = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'admin@linecast.local', password: 'any password at all' },
    remoteAddress: '10.1.0.1',
  });
  assert.equal(admin.statusCode, 401);
});

test(`${testEngine}: a write with the session cookie needs the session's CSRF token; API keys need none`, async () => {
  const s = await signIn();
  const other = await signIn();
  const url = '/api/v1/workspaces/' + t.workspaceId + '/campaigns';
  const body = { name: 'CSRF probe', type: 'line' };
  const none = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: body });
  assert.equal(none.statusCode, 403, none.body);
  assert.equal(none.json().error.code, 'csrf_failed');
  const forged = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': 'abc-def' }, payload: body });
  assert.equal(forged.statusCode, 403);
  // A token of another session does not fit this one.
  const foreign = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': other.csrf }, payload: body });
  assert.equal(foreign.statusCode, 403);
  const ok = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: body });
  assert.equal(ok.statusCode, 201, ok.body);
  // Every token GET /session hands out works (they are salted, so they differ).
  const again = (await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: s.cookie } })).json().csrfToken as string;
  assert.notEqual(again, s.csrf);
  const id = ok.json().id as string;
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `${url}/${id}`,
    headers: { cookie: s.cookie, 'x-csrf-token': again },
    payload: { name: 'renamed' },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  const del = await t.app.inject({ method: 'DELETE', url: `${url}/${id}`, headers: { cookie: s.cookie } });
  assert.equal(del.statusCode, 403);
  // Automation: Bearer keys write without a token.
  const bearer = await t.app.inject({ method: 'POST', url, headers: t.auth(), payload: { name: 'by key', type: 'line' } });
  assert.equal(bearer.statusCode, 201, bearer.body);
});

test(`${testEngine}: sign-out deletes the session on the server, so the old cookie no longer works`, async () => {
  const s = await signIn();
  const before = (await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [marketerId])).rows[0]!
    .n;
  const noToken = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: s.cookie } });
  assert.equal(noToken.statusCode, 403, 'a page on another site cannot sign you out either');
  const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  assert.equal(out.statusCode, 204);
  const cleared = (out.cookies as Cookie[]).find((c) => c.name === 'linecast_session');
  assert.equal(cleared?.value, '');
  const after = (await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [marketerId])).rows[0]!
    .n;
  assert.equal(after, before - 1);
  // The cookie a thief copied earlier is dead too.
  const replay = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
  assert.equal(replay.statusCode, 401);
  assert.match(replay.json().error.message, /session has ended/);
  // Signing out twice is harmless.
  assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: s.cookie } })).statusCode, 204);
});

test(`${testEngine}: sessions expire when idle and at their end of life`, async () => {
  const idle = await signIn();
  const busy = await signIn();
  const hash = (s: { set: Cookie }) => crypto.createHash('sha256').update(s.set.value).digest('hex');
  // 11 hours without a request is still within the idle limit; 13 hours is not.
  await t.ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '11 hours' WHERE token_hash = $1`, [hash(busy)]);
  await t.ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE token_hash = $1`, [hash(idle)]);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: idle.cookie } })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: busy.cookie } })).statusCode, 200);
  // A request moves last_seen_at on, so the busy session is good for another 12 hours.
  const seen = await t.ctx.db.query<{ fresh: boolean }>(
    `SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM sessions WHERE token_hash = $1`,
    [hash(busy)],
  );
  assert.equal(seen.rows[0]!.fresh, true);
  // However busy, a session ends at its expiry.
  await t.ctx.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hash(busy)]);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: busy.cookie } })).statusCode, 401);
});

test(`${testEngine}: a session made by one API process works on another, and signing out on one ends it on both`, async () => {
  const second = await buildApp(t.ctx);
  await second.ready();
  try {
    const s = await signIn(t.app);
    assert.equal((await second.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 200);
    const out = await second.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 401);
  } finally {
    await second.close();
  }
});

test(`${testEngine}: the cookie is Secure (and __Host-) behind https, from PUBLIC_BASE_URL or a trusted proxy`, async () => {
  const https = await testApp({ publicBaseUrl: 'https://linecast.example.com' });
  const proxied = await testApp({ trustProxy: true });
  try {
    for (const x of [https, proxied])
      await setPassword(x.ctx.db, (await x.app.inject({ method: 'GET', url: '/api/v1/me', headers: x.auth() })).json().user.id, PASSWORD, {
        mustChange: false,
      });
    const a = await https.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'admin@linecast.local', password: PASSWORD },
    });
    const ca = (a.cookies as Cookie[])[0]!;
    assert.equal(ca.name, '__Host-linecast_session');
    assert.equal(ca.secure, true);
    const ok = await https.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `${ca.name}=${ca.value}` } });
    assert.equal(ok.statusCode, 200);
    assert.match(String(a.headers['strict-transport-security']), /max-age=\d+/);

    const b = await proxied.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'admin@linecast.local', password: PASSWORD },
    });
    assert.equal((b.cookies as Cookie[])[0]!.secure, true);
    const c = await proxied.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'admin@linecast.local', password: PASSWORD },
    });
    assert.ok(!(c.cookies as Cookie[])[0]!.secure);
  } finally {
    await https.close();
    await proxied.close();
  }
});

test(`${testEngine}: an admin resets a password: the user's sessions end and the next sign-in must choose a new one`, async () => {
  const s = await signIn();
  const reset = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/users/${marketerId}/password`,
    headers: t.auth(),
    payload: { newPassword: 'temporary-password-1' },
  });
  assert.equal(reset.statusCode, 204, reset.body);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 401);
  const oldPw = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: EMAIL, password: PASSWORD } });
  assert.equal(oldPw.statusCode, 401);

  const temp = await signIn(t.app, EMAIL, 'temporary-password-1');
  assert.equal(temp.body.passwordMustChange, true);
  const blocked = await t.app.inject({
    method: 'GET',
    url: `/api/v1/workspaces/${t.workspaceId}/campaigns`,
    headers: { cookie: temp.cookie },
  });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().error.code, 'password_change_required');
  // Same password again is not a change.
  const same = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/users/${marketerId}/password`,
    headers: { cookie: temp.cookie, 'x-csrf-token': temp.csrf },
    payload: { currentPassword: 'temporary-password-1', newPassword: 'temporary-password-1' },
  });
  assert.equal(same.statusCode, 400);
  const mine = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/users/${marketerId}/password`,
    headers: { cookie: temp.cookie, 'x-csrf-token': temp.csrf },
    payload: { currentPassword: 'temporary-password-1', newPassword: PASSWORD },
  });
  assert.equal(mine.statusCode, 204, mine.body);
  // This session goes on, now unrestricted.
  const now = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: temp.cookie } });
  assert.equal(now.json().passwordMustChange, false);
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${t.workspaceId}/campaigns`, headers: { cookie: temp.cookie } }))
      .statusCode,
    200,
  );
});

test(`${testEngine}: changing your own password needs the current one, ends your other sessions, and only admins reset others'`, async () => {
  const a = await signIn();
  const b = await signIn();
  const url = `/api/v1/users/${marketerId}/password`;
  const missing = await t.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    payload: { newPassword: 'another-long-password' },
  });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().error.details[0].path, 'body.currentPassword');
  const wrong = await t.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    payload: { currentPassword: 'nope-nope-nope', newPassword: 'another-long-password' },
  });
  assert.equal(wrong.statusCode, 403);
  const short = await t.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    payload: { currentPassword: PASSWORD, newPassword: 'short' },
  });
  assert.equal(short.statusCode, 400);
  assert.equal(short.json().error.details[0].path, 'body.newPassword');
  const ok = await t.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    payload: { currentPassword: PASSWORD, newPassword: 'another-long-password' },
  });
  assert.equal(ok.statusCode, 204, ok.body);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode, 401);
  // A marketer may not reset the admin's password.
  const adminId = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth() })).json().user.id as string;
  const theirs = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/users/${adminId}/password`,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    payload: { newPassword: 'take-over-the-admin' },
  });
  assert.equal(theirs.statusCode, 403);
  await setPassword(t.ctx.db, marketerId, PASSWORD, { mustChange: false });
});

test(`${testEngine}: the OpenAPI document lists the session routes and both ways to authenticate`, async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
  assert.ok(doc.paths['/api/v1/session'].post && doc.paths['/api/v1/session'].get && doc.paths['/api/v1/session'].delete);
  assert.ok(doc.paths['/api/v1/users/{id}/password'].put);
  assert.deepEqual(doc.paths['/api/v1/session'].post.security, []);
  assert.deepEqual(doc.paths['/api/v1/session'].delete.security[0], {}, 'sign-out is open to anyone (optional auth)');
  assert.equal(doc.paths['/api/v1/session'].get.security, undefined, 'who-am-I needs the global security');
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
  assert.equal(doc.components.securitySchemes.session.in, 'cookie');
});

test(`${testEngine}: hostile sign-in input answers 400 naming the field, never 500`, async () => {
  for (const [payload, path] of [
    [{ email: 'a\u0000b@example.com', password: 'x' }, 'body.email'],
    [{ email: 'a\ud800@example.com', password: 'x' }, 'body.email'],
    [{ email: 'x'.repeat(400), password: 'x' }, 'body.email'],
    [{ email: EMAIL, password: 'x'.repeat(300) }, 'body.password'],
    [{ email: EMAIL }, 'body.password'],
  ] as const) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload, remoteAddress: '10.9.0.1' });
    assert.equal(r.statusCode, 400, `${JSON.stringify(payload).slice(0, 60)}: ${r.body}`);
    assert.equal(r.json().error.details[0].path, path);
  }
  const form = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { 'content-type': 'text/plain' },
    payload: `email=${EMAIL}&password=${PASSWORD}`,
    remoteAddress: '10.9.0.1',
  });
  // The API takes only JSON bodies: a form a foreign page can post without a preflight is refused by type.
  assert.equal(form.statusCode, 415, 'a cross-site form post cannot sign anyone in');
  assert.equal(form.headers['set-cookie'], undefined);
});

test(`${testEngine}: housekeeping deletes ended sessions and closed throttle windows, and nothing live`, async () => {
  const { pruneSessions } = await import('../../src/admin/sessions.ts');
  const { pruneThrottle } = await import('../../src/security/throttle.ts');
  const live = await signIn();
  const ended = await signIn();
  const hash = crypto.createHash('sha256').update(ended.set.value).digest('hex');
  await t.ctx.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hash]);
  await t.ctx.db.query(
    `INSERT INTO auth_throttle (key, failures, reset_at) VALUES ('test:closed', 5, now() - interval '1 second'), ('test:open', 5, now() + interval '1 minute')`,
  );
  assert.ok((await pruneSessions(t.ctx.db)) >= 1);
  assert.equal((await t.ctx.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [hash])).rowCount, 0);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: live.cookie } })).statusCode, 200);
  assert.ok((await pruneThrottle(t.ctx.db)) >= 1);
  const left = await t.ctx.db.query<{ key: string }>(`SELECT key FROM auth_throttle WHERE key LIKE 'test:%'`);
  assert.deepEqual(
    left.rows.map((r) => r.key),
    ['test:open'],
  );
});

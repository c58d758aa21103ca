import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { localeOf, pickLocale } from '../../src/domain/locales.ts';

let t: TestApp;
let marketer: { id: string; key: string };
before(async () => {
  t = await testApp();
  const u = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: t.auth(),
    payload: { email: 'yui@example.jp', name: '結衣', memberships: [{ workspaceId: t.workspaceId, role: 'marketer' }] },
  });
  assert.equal(u.statusCode, 201, u.body);
  const k = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: t.auth(), payload: { userId: u.json().id } });
  marketer = { id: u.json().id, key: k.json().key };
});
after(() => t.close());

const me = async (key: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: t.auth(key) })).json();

test('a user remembers their UI language on the server: PATCH themselves, read back in /me; null follows the browser again', async () => {
  assert.equal((await me(marketer.key)).user.locale, null);
  const r = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${marketer.id}`,
    headers: t.auth(marketer.key),
    payload: { locale: 'ja' },
  });
  assert.equal(r.statusCode, 200, r.body);
  const after = await me(marketer.key);
  assert.equal(after.user.locale, 'ja');
  // Changing the locale left everything else as it was.
  assert.equal(after.user.name, '結衣');
  assert.deepEqual(after.user.memberships, [{ workspaceId: t.workspaceId, role: 'marketer' }]);
  await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${marketer.id}`, headers: t.auth(marketer.key), payload: { locale: 'zh-TW' } });
  assert.equal((await me(marketer.key)).user.locale, 'zh-TW');
  await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${marketer.id}`, headers: t.auth(marketer.key), payload: { locale: null } });
  assert.equal((await me(marketer.key)).user.locale, null);
});

test('a locale Linecast does not speak is a 400 naming the field; non-admins change only their own locale', async () => {
  const bad = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${marketer.id}`,
    headers: t.auth(marketer.key),
    payload: { locale: 'fr' },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].path, 'body.locale');
  assert.equal(bad.json().error.details[0].code, 'one_of');
  const promote = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${marketer.id}`,
    headers: t.auth(marketer.key),
    payload: { isAdmin: true, locale: 'th' },
  });
  assert.equal(promote.statusCode, 403);
  assert.equal((await me(marketer.key)).user.isAdmin, false);
  const admin = (await me(t.adminKey)).user.id;
  const other = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${admin}`,
    headers: t.auth(marketer.key),
    payload: { locale: 'th' },
  });
  assert.equal(other.statusCode, 403);
});

test('an admin renaming a user keeps their admin flag, memberships and locale', async () => {
  await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${marketer.id}`, headers: t.auth(marketer.key), payload: { locale: 'th' } });
  const r = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${marketer.id}`, headers: t.auth(), payload: { name: 'Yui' } });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(
    { name: r.json().name, locale: r.json().locale, memberships: r.json().memberships },
    {
      name: 'Yui',
      locale: 'th',
      memberships: [{ workspaceId: t.workspaceId, role: 'marketer' }],
    },
  );
});

test('a workspace has a time zone: set on create or later, validated, and new campaigns schedule in it', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/workspaces',
    headers: t.auth(),
    payload: { name: '東京', timeZone: 'Asia/Tokyo' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().timeZone, 'Asia/Tokyo');
  const ws = created.json().id;
  const c = await t.app.inject({
    method: 'POST',
    url: `/api/v1/workspaces/${ws}/campaigns`,
    headers: t.auth(),
    payload: { name: 'セール' },
  });
  assert.equal(c.json().schedule.timeZone, 'Asia/Tokyo');

  const bad = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/workspaces/${ws}`,
    headers: t.auth(),
    payload: { timeZone: 'Mars/Olympus' },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].path, 'body.timeZone');
  const moved = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/workspaces/${ws}`,
    headers: t.auth(),
    payload: { timeZone: 'Asia/Bangkok' },
  });
  assert.equal(moved.json().timeZone, 'Asia/Bangkok');
  // A rename leaves the zone and the description alone.
  await t.app.inject({ method: 'PATCH', url: `/api/v1/workspaces/${ws}`, headers: t.auth(), payload: { description: 'Kanto stores' } });
  const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/workspaces/${ws}`, headers: t.auth(), payload: { name: 'Tokyo' } });
  assert.deepEqual({ tz: renamed.json().timeZone, d: renamed.json().description }, { tz: 'Asia/Bangkok', d: 'Kanto stores' });

  // The bootstrapped workspace has none until the first admin's browser sets it; campaigns there use UTC.
  const first = (await me(t.adminKey)).workspaces.find((w: { id: string }) => w.id === t.workspaceId);
  assert.equal(first.timeZone, null);
});

test('language tags from browsers and POSIX locales map onto the four languages', () => {
  assert.equal(localeOf('ja-JP'), 'ja');
  assert.equal(localeOf('ja_JP.UTF-8'), 'ja');
  assert.equal(localeOf('th_TH.UTF-8'), 'th');
  assert.equal(localeOf('zh-TW'), 'zh-TW');
  assert.equal(localeOf('zh-Hant-HK'), 'zh-TW');
  assert.equal(localeOf('zh_TW.Big5'), 'zh-TW');
  assert.equal(localeOf('zh-CN'), null, 'Simplified Chinese is not Traditional');
  assert.equal(localeOf('C.UTF-8'), null);
  assert.equal(pickLocale(['fr-FR', 'zh-CN', 'th-TH', 'en-US']), 'th');
  assert.equal(pickLocale(['fr', 'de']), 'en');
});

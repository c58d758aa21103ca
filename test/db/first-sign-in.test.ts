import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, testEngine } from '../helpers/db.ts';
import { bootstrap, firstSignIn } from '../../src/runtime/bootstrap.ts';
import { signInMessage } from '../../src/runtime/sign-in-message.ts';
import { checkPassword } from '../../src/admin/credentials.ts';
import { createUser } from '../../src/admin/users.ts';

test(`${testEngine}: first start gives the admin a one-time password, once; it signs in and must be changed`, async () => {
  const t = await testDb();
  try {
    const boot = await t.db.tx((q) => bootstrap(q, null, 'owner@example.com'));
    assert.equal(boot.created, true);
    const s = await firstSignIn(t.db, null);
    assert.ok(s?.password);
    assert.equal(s.email, 'owner@example.com');
    assert.match(s.password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.deepEqual(await checkPassword(t.db, 'owner@example.com', s.password), { userId: boot.adminUserId, mustChange: true });
    const msg = signInMessage('http://127.0.0.1:3000', s, true);
    assert.ok(msg.includes(s.password) && msg.includes('owner@example.com') && msg.includes('http://127.0.0.1:3000'));
    // Never again: not on the next start, not from a second API server starting at the same time.
    assert.equal(await firstSignIn(t.db, null), null);
    const racing = await Promise.all([firstSignIn(t.db, null), firstSignIn(t.db, null)]);
    assert.deepEqual(racing, [null, null]);
  } finally {
    await t.close();
  }
});

test(`${testEngine}: of API servers starting together, exactly one sets and prints the password`, async () => {
  const t = await testDb();
  try {
    await t.db.tx((q) => bootstrap(q, null));
    const rs = await Promise.all([firstSignIn(t.db, null), firstSignIn(t.db, null), firstSignIn(t.db, null)]);
    const printed = rs.filter((r) => r !== null);
    assert.equal(printed.length, 1);
    assert.ok(await checkPassword(t.db, 'admin@linecast.local', printed[0]!.password!));
  } finally {
    await t.close();
  }
});

test(`${testEngine}: a password from LINECAST_ADMIN_PASSWORD is used as is and never printed; a key from LINECAST_ADMIN_KEY neither`, async () => {
  const t = await testDb();
  try {
    await t.db.tx((q) => bootstrap(q, 'lc_from_the_environment_123'));
    await assert.rejects(firstSignIn(t.db, 'short'), /LINECAST_ADMIN_PASSWORD must be at least 12/);
    const s = await firstSignIn(t.db, 'a password from env');
    assert.deepEqual(s, { email: 'admin@linecast.local', password: null });
    const msg = signInMessage('http://127.0.0.1:3000', s!, true);
    assert.ok(!msg.includes('a password from env') && !msg.includes('lc_from_the_environment_123'), msg);
    assert.match(msg, /LINECAST_ADMIN_PASSWORD/);
    assert.deepEqual((await checkPassword(t.db, 'admin@linecast.local', 'a password from env'))?.mustChange, false);
  } finally {
    await t.close();
  }
});

test(`${testEngine}: a database from before passwords (admin with only API keys) gets a one-time password on its next start`, async () => {
  const t = await testDb();
  try {
    await t.db.tx((q) => bootstrap(q, null));
    await t.db.tx((q) => createUser(q, { email: 'second@example.com', name: '', isAdmin: true, memberships: [] }));
    const s = await firstSignIn(t.db, null);
    assert.equal(s?.email, 'admin@linecast.local', 'the first admin');
    assert.match(signInMessage('http://x', s!, false), /set up for the admin/);
  } finally {
    await t.close();
  }
});

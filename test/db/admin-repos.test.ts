import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';
import { createWorkspace, deleteWorkspace, getWorkspace, listWorkspaces, updateWorkspace } from '../../src/admin/workspaces.ts';
import { createUser, createApiKey, userByApiKey, revokeApiKey, updateUser } from '../../src/admin/users.ts';
import {
  createLineAccount,
  getLineCredentials,
  isAccountAssigned,
  listLineAccounts,
  setAccountWorkspaces,
} from '../../src/admin/line-accounts.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { bootstrap } from '../../src/runtime/bootstrap.ts';

let t: TestDb;
const box = new SecretBox(crypto.randomBytes(32));
before(async () => {
  t = await testDb();
});
after(() => t.close());

test(`${testEngine}: workspaces create, list, update, delete`, async () => {
  const a = await createWorkspace(t.db, { name: 'B shop', description: '' });
  const b = await createWorkspace(t.db, { name: 'A shop', description: 'first' });
  const names = (await listWorkspaces(t.db, [a.id, b.id])).map((w) => w.name);
  assert.deepEqual(names, ['A shop', 'B shop']);
  assert.equal((await updateWorkspace(t.db, a.id, { description: 'changed' }))?.description, 'changed');
  assert.equal((await updateWorkspace(t.db, a.id, {}))?.name, 'B shop');
  assert.equal(await deleteWorkspace(t.db, a.id), true);
  assert.equal(await getWorkspace(t.db, a.id), null);
});

test(`${testEngine}: API keys resolve to their user with roles until revoked`, async () => {
  const ws = await createWorkspace(t.db, { name: 'K', description: '' });
  const u = await createUser(t.db, {
    email: 'Key@Example.com',
    name: 'k',
    isAdmin: false,
    memberships: [{ workspaceId: ws.id, role: 'viewer' }],
  });
  assert.equal(u.email, 'key@example.com');
  const k = await createApiKey(t.db, u.id, 'test');
  const found = await userByApiKey(t.db, k.key);
  assert.deepEqual(found?.memberships, [{ workspaceId: ws.id, role: 'viewer' }]);
  await updateUser(t.db, u.id, { memberships: [{ workspaceId: ws.id, role: 'marketer' }] });
  assert.equal((await userByApiKey(t.db, k.key))?.memberships[0]?.role, 'marketer');
  assert.equal(await revokeApiKey(t.db, k.id), true);
  assert.equal(await userByApiKey(t.db, k.key), null);
  const stored = await t.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [k.id]);
  assert.notEqual(stored.rows[0]!.key_hash, k.key);
});

test(`${testEngine}: LINE accounts keep secrets sealed and belong to the workspaces they are assigned to`, async () => {
  const w1 = await createWorkspace(t.db, { name: 'one', description: '' });
  const w2 = await createWorkspace(t.db, { name: 'two', description: '' });
  const a = await createLineAccount(t.db, box, {
    name: 'OA',
    channelId: '1',
    channelSecret: 'secret-secret',
    channelAccessToken: 'token-token-token',
    apiBaseUrl: 'https://api.line.me',
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [w1.id],
  });
  assert.equal(await isAccountAssigned(t.db, a.id, w1.id), true);
  assert.equal(await isAccountAssigned(t.db, a.id, w2.id), false);
  assert.deepEqual(await setAccountWorkspaces(t.db, a.id, [w2.id, '00000000-0000-4000-8000-000000000001']), [
    '00000000-0000-4000-8000-000000000001',
  ]);
  assert.equal(await isAccountAssigned(t.db, a.id, w1.id), true, 'a rejected assignment changes nothing');
  await setAccountWorkspaces(t.db, a.id, [w2.id]);
  assert.deepEqual(
    (await listLineAccounts(t.db, w2.id)).map((x) => x.id),
    [a.id],
  );
  assert.deepEqual(await listLineAccounts(t.db, w1.id), []);
  const creds = await getLineCredentials(t.db, box, a.id);
  assert.equal(creds?.channelAccessToken, 'token-token-token');
});

test(`${testEngine}: bootstrap creates the admin once and accepts LINECAST_ADMIN_KEY`, async () => {
  const first = await t.db.tx((q) => bootstrap(q, 'lc_automation-key-123'));
  assert.equal(first.created, true);
  const again = await t.db.tx((q) => bootstrap(q, 'lc_automation-key-123'));
  assert.equal(again.created, false);
  assert.equal((await userByApiKey(t.db, 'lc_automation-key-123'))?.isAdmin, true);
  const admins = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE is_admin');
  assert.equal(admins.rows[0]!.n, 1);
});

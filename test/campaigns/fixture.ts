import { testApp, type TestApp } from '../helpers/app.ts';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { createApiKey, createUser } from '../../src/admin/users.ts';
import { createWorkspace } from '../../src/admin/workspaces.ts';
import { startEmulator } from '../../src/emulator/index.ts';

export const TOKEN = 'campaign-test-token-0001';
export const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

// Response bodies are checked field by field in the tests; typing each one would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface Fixture {
  t: TestApp;
  ws: string;
  otherWs: string;
  accountId: string;
  /** Assigned to the other workspace only. */
  otherAccountId: string;
  parentSegmentId: string;
  /** A parent segment not allowed in ws. */
  foreignParentId: string;
  segmentId: string;
  /** A segment of the other workspace. */
  foreignSegmentId: string;
  keys: { admin: string; marketer: string; viewer: string; outsider: string };
  emuUrl: string;
  /** Sets the emulator's quota and this month's consumption for the fixture's token. */
  setQuota(limit: number | null, used: number): Promise<void>;
  req(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    payload?: unknown,
    key?: string,
  ): Promise<{ status: number; json: Json; body: string }>;
  /** Creates a campaign ready to launch (audience, account, one text message). */
  readyCampaign(name?: string): Promise<string>;
  close(): Promise<void>;
}

/** One app, one LINE emulator, two workspaces, a parent segment with `following` profiles, and users per role. */
export async function campaignFixture(profiles = 5): Promise<Fixture> {
  const t = await testApp();
  const emu = await startEmulator({ port: 0 });
  const db = t.ctx.db;
  const ws = t.workspaceId;
  const other = await createWorkspace(db, { name: 'Other', description: '' });
  const account = await createLineAccount(db, t.ctx.box, {
    name: 'OA',
    channelId: '1650000000',
    channelSecret: 'channel-secret-0001',
    channelAccessToken: TOKEN,
    apiBaseUrl: emu.url,
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [ws],
    isEmulator: true,
  });
  const otherAccount = await createLineAccount(db, t.ctx.box, {
    name: 'Other OA',
    channelId: '1650000001',
    channelSecret: 'channel-secret-0002',
    channelAccessToken: 'campaign-test-token-0002',
    apiBaseUrl: emu.url,
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [other.id],
    isEmulator: true,
  });
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
  const parentSegmentId = await one(`INSERT INTO parent_segments (name) VALUES ('Customers') RETURNING id`, []);
  await db.query('INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) VALUES ($1, $2)', [parentSegmentId, ws]);
  const foreignParentId = await one(`INSERT INTO parent_segments (name) VALUES ('Theirs') RETURNING id`, []);
  await db.query('INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) VALUES ($1, $2)', [foreignParentId, other.id]);
  for (let i = 1; i <= profiles; i++)
    await db.query(`INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status) VALUES ($1, $2, $3, 'following')`, [
      parentSegmentId,
      `c${i}`,
      uid(i),
    ]);
  const allRule = JSON.stringify({ type: 'group', op: 'and', children: [] });
  const segmentId = await one(
    `INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, 'All', $3) RETURNING id`,
    [ws, parentSegmentId, allRule],
  );
  const foreignSegmentId = await one(
    `INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, 'All', $3) RETURNING id`,
    [other.id, foreignParentId, allRule],
  );
  const keyFor = async (email: string, memberships: { workspaceId: string; role: 'admin' | 'marketer' | 'viewer' }[]) => {
    const u = await createUser(db, { email, name: email, isAdmin: false, memberships });
    return (await createApiKey(db, u.id, 'test')).key;
  };
  const keys = {
    admin: t.adminKey,
    marketer: await keyFor('marketer@example.com', [{ workspaceId: ws, role: 'marketer' }]),
    viewer: await keyFor('viewer@example.com', [{ workspaceId: ws, role: 'viewer' }]),
    outsider: await keyFor('outsider@example.com', [{ workspaceId: other.id, role: 'admin' }]),
  };

  const req: Fixture['req'] = async (method, path, payload, key = keys.marketer) => {
    const r = await t.app.inject({
      method,
      url: path.startsWith('/') ? path : `/api/v1/workspaces/${ws}/${path}`,
      headers: t.auth(key),
      payload: payload as object | undefined,
    });
    let json: Json;
    try {
      json = r.body ? JSON.parse(r.body) : null;
    } catch {
      json = null;
    }
    return { status: r.statusCode, json, body: r.body };
  };

  const f: Fixture = {
    t,
    ws,
    otherWs: other.id,
    accountId: account.id,
    otherAccountId: otherAccount.id,
    parentSegmentId,
    foreignParentId,
    segmentId,
    foreignSegmentId,
    keys,
    emuUrl: emu.url,
    async setQuota(limit, used) {
      const body = {
        quota: limit === null ? { type: 'none' } : { type: 'limited', value: limit },
        consumption: used,
        consumptionToken: TOKEN,
      };
      const r = await fetch(`${emu.url}/_emulator/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`emulator config: ${r.status} ${await r.text()}`);
    },
    req,
    async readyCampaign(name = 'Spring sale') {
      const c = await req('POST', 'campaigns', { name, type: 'line' });
      if (c.status !== 201) throw new Error(c.body);
      const p = await req('PATCH', `campaigns/${c.json.id}`, {
        audience: { parentSegmentId, segmentId },
        content: { lineAccountId: account.id, messages: [{ type: 'text', text: 'Hello! https://example.com/sale' }] },
      });
      if (p.status !== 200) throw new Error(p.body);
      return c.json.id as string;
    },
    async close() {
      await t.close();
      await emu.close();
    },
  };
  return f;
}

import { testApp, type TestApp } from '../helpers/app.ts';
import { createApiKey, createUser } from '../../src/admin/users.ts';
import { createWorkspace } from '../../src/admin/workspaces.ts';

// Response bodies are checked field by field in the tests; typing each one would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

export interface AudienceFixture {
  t: TestApp;
  ws: string;
  otherWs: string;
  keys: { admin: string; marketer: string; viewer: string; outsider: string };
  req(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    key?: string,
  ): Promise<{ status: number; json: Json }>;
  /** Raw body request (imports). */
  send(url: string, body: string | Buffer, contentType: string, headers?: Record<string, string>): Promise<{ status: number; json: Json }>;
  /** Creates a parent segment allowed in `workspaceIds` (default: ws). */
  parent(name?: string, workspaceIds?: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function audienceFixture(): Promise<AudienceFixture> {
  const t = await testApp();
  const db = t.ctx.db;
  const ws = t.workspaceId;
  const other = await createWorkspace(db, { name: 'Other', description: '' });
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
  const parse = (body: string): Json => {
    try {
      return body ? JSON.parse(body) : null;
    } catch {
      return null;
    }
  };
  const f: AudienceFixture = {
    t,
    ws,
    otherWs: other.id,
    keys,
    async req(method, url, payload, key = keys.admin) {
      const r = await t.app.inject({ method, url, headers: t.auth(key), payload: payload as object | undefined });
      return { status: r.statusCode, json: parse(r.body) };
    },
    async send(url, body, contentType, headers = {}) {
      const r = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...t.auth(), 'content-type': contentType, ...headers },
        payload: body,
      });
      return { status: r.statusCode, json: parse(r.body) };
    },
    async parent(name = 'Customers', workspaceIds = [ws]) {
      const r = await f.req('POST', '/api/v1/parent-segments', { name, workspaceIds });
      if (r.status !== 201) throw new Error(`parent segment: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json.id as string;
    },
    close: () => t.close(),
  };
  return f;
}

import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { RouteOptions } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { startDeliveryEngine, type DeliveryEngine } from '../../src/delivery/service.ts';
import { enginePorts } from '../../src/runtime/context.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App, AppContext } from '../../src/http/context.ts';
import { bootstrap } from '../../src/runtime/bootstrap.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { newApiKey } from '../../src/security/api-keys.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { Client, jsonOf, type Res } from './http.ts';
import { buildContext } from '../../src/runtime/context.ts';
import sharp from 'sharp';

/** A LINE user ID from a number (U + 32 hex). */
export const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
/** Written into every name, key and value of the victim workspace, so a leak shows in any answer that carries it. */
export const VICTIM_MARK = 'victimzq';

/** One workspace's real resources, made through the API. */
export interface Side {
  ws: string;
  accountId: string;
  channelSecret: string;
  parentSegmentId: string;
  segmentId: string;
  /** Draft with audience and content: launchable. */
  draftId: string;
  /** Launched and Finished: has deliveries (accepted, failed, excluded), tracked links and a click. */
  launchedId: string;
  testRecipientId: string;
  /** A picture in the workspace's media library, and its content hash (its public address under /m/). */
  mediaId: string;
  mediaHash: string;
  /** The picture's bytes, so heal() can put it back after a fuzzed DELETE took it away. */
  mediaPng: Buffer;
  /** A click token of the launched campaign (`/c/<token>`). */
  clickToken: string;
  lineUserIds: string[];
}

export type RoleName = 'globalAdmin' | 'wsAdmin' | 'marketer' | 'viewer' | 'nonMember';

export interface World {
  app: App;
  ctx: AppContext;
  tdb: TestDb;
  emu: RunningEmulator;
  origin: string;
  client: Client;
  /** The home workspace (the callers' own) and the victim workspace (whose ids the attacker holds). */
  home: Side;
  victim: Side;
  /** API keys by role; wsAdmin, marketer and viewer are members of the home workspace only. */
  keys: Record<RoleName, string>;
  userIds: Record<RoleName, string>;
  /** A user and an API key that requests may change or revoke (never the callers' own). */
  spareUserId: string;
  spareKeyId: string;
  /** Every route the app registered (method, url), as Fastify's onRoute hook saw them. */
  routes: { method: string; url: string }[];
  /** Error lines the app logged (pino JSON), in order. */
  logs: { reqId?: string; msg: string; err?: { type?: string; message?: string; stack?: string } }[];
  /** JSON API call as the global admin (or `key`); throws unless the status is the one expected. */
  api(method: string, p: string, body?: unknown, expect?: number, key?: string): Promise<unknown>;
  /** A new launchable Draft in the home workspace (each operation gets its own, so earlier ones cannot use it up). */
  freshDraft(): Promise<string>;
  /** A new segment of the home workspace (for requests that may change the one they name). */
  freshSegment(): Promise<string>;
  /**
   * Throws when the server no longer answers (a request wedged it): every later request would only time out,
   * so the run stops here and names the request that did it.
   */
  assertAlive(after: string): Promise<void>;
  /** A direct database read that gives up instead of waiting behind a wedged connection. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Puts back what requests may have changed and later requests rely on (assignments, account URL, admin flag). */
  heal(): Promise<void>;
  close(): Promise<void>;
}

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

/**
 * The real app on a socket, a fresh database, the LINE emulator and the delivery engine, with two workspaces
 * built the way people build them: users per role, LINE accounts on the emulator, parent segments filled by
 * import, segments, campaigns (one launched, delivered and clicked), test recipients.
 */
export async function buildWorld(): Promise<World> {
  const tdb = await testDb();
  const emu = await startEmulator({ port: 0 });
  const box = new SecretBox(crypto.randomBytes(32));
  const logs: World['logs'] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          logs.push(JSON.parse(line));
        } catch {
          logs.push({ msg: line });
        }
      }
      cb();
    },
  });
  const config: Config = { ...loadConfig({}), dataDir: path.join(os.tmpdir(), 'linecast-unused') };
  // The app logs through ctx.log; errors are kept here, so a 500 can be matched to what the app logged.
  const ctx: AppContext = buildContext({ db: tdb.db, box, config, log: createLogger('error', logStream) });
  const adminKey = newApiKey();
  const boot = await tdb.db.tx((q) => bootstrap(q, adminKey));
  const routes: World['routes'] = [];
  const onRoute = (r: RouteOptions) => {
    for (const m of [r.method].flat()) routes.push({ method: m, url: r.url });
  };
  const app = await buildApp(ctx, { logger: true, onRoute });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicBaseUrl = origin;
  const engine: DeliveryEngine = startDeliveryEngine(tdb.db, enginePorts(box), { pollMs: 50, idleStopMs: 300, publicBaseUrl: origin });
  const client = new Client(origin);

  const api: World['api'] = async (method, p, body, expect, key = adminKey) => {
    const r: Res = await client.send({
      method,
      path: p,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (expect !== undefined && r.status !== expect)
      throw new Error(`${method} ${p} answered ${r.status}, expected ${expect}: ${r.text.slice(0, 500)} ${r.error ?? ''}`);
    return jsonOf(r);
  };
  const post = async <T>(p: string, body: unknown) => (await api('POST', p, body, 201)) as T;
  const id = async (p: string, body: unknown) => (await post<{ id: string }>(p, body)).id;

  const home = boot.workspaceId!;
  const victim = await id('/api/v1/workspaces', { name: `Victim ${VICTIM_MARK}`, description: `secret plans ${VICTIM_MARK}` });
  const userIds = {} as Record<RoleName, string>;
  const keys = {} as Record<RoleName, string>;
  const me = (await api('GET', '/api/v1/me', undefined, 200)) as { user: { id: string } };
  userIds.globalAdmin = me.user.id;
  keys.globalAdmin = adminKey;
  const members: [RoleName, { workspaceId: string; role: string }[]][] = [
    ['wsAdmin', [{ workspaceId: home, role: 'admin' }]],
    ['marketer', [{ workspaceId: home, role: 'marketer' }]],
    ['viewer', [{ workspaceId: home, role: 'viewer' }]],
    ['nonMember', []],
  ];
  for (const [role, memberships] of members) {
    userIds[role] = await id('/api/v1/users', { email: `${role.toLowerCase()}@example.com`, name: role, memberships });
    keys[role] = (await post<{ key: string }>('/api/v1/api-keys', { userId: userIds[role], name: role })).key;
  }
  const spareUserId = await id('/api/v1/users', {
    email: 'spare@example.com',
    name: 'Spare',
    memberships: [{ workspaceId: home, role: 'viewer' }],
  });
  const spareKeyId = await id('/api/v1/api-keys', { userId: spareUserId, name: 'spare' });
  await fetch(`${emu.url}/_emulator/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ users: { unknown: [uid(6), uid(0x9006)] } }),
  });

  let readyHome: ((name: string) => Promise<string>) | null = null;
  const side = async (ws: string, n0: number, mark: string): Promise<Side> => {
    const channelSecret = `channel-secret-${mark}-0001`;
    const accountId = await id('/api/v1/line-accounts', {
      name: `OA ${mark}`,
      channelId: String(1650000000 + n0),
      channelSecret,
      channelAccessToken: `token-${mark}-0123456789`,
      apiBaseUrl: emu.url,
      // The emulator is not one of LINE's hosts: only an account marked as an emulator may point at it.
      isEmulator: true,
      workspaceIds: [ws],
    });
    const parentSegmentId = await id('/api/v1/parent-segments', { name: `Customers ${mark}`, workspaceIds: [ws] });
    const lineUserIds = [1, 2, 3, 4, 5, 6].map((i) => uid(n0 + i));
    const rows = [['customer_key', 'line_user_id', 'follow_status', 'first_name', 'city', 'signup', 'score', 'vip']];
    lineUserIds.forEach((u, i) =>
      rows.push([
        `${mark}-c${i + 1}`,
        u,
        'following',
        `${mark}Name${i + 1}`,
        i % 2 ? 'Tokyo' : 'Osaka',
        `2024-0${i + 1}-15`,
        String(i * 10),
        String(i % 2 === 0),
      ]),
    );
    rows.push([`${mark}-c7`, uid(n0 + 7), 'unfollowed', `${mark}Name7`, 'Nagoya', '2023-12-01', '70', 'false']);
    rows.push([`${mark}-c8`, '', 'unknown', `${mark}Name8`, 'Sapporo', '2022-02-02', '80', 'true']);
    const imp = await client.send({
      method: 'POST',
      path: `/api/v1/parent-segments/${parentSegmentId}/import`,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/csv' },
      body: csvOf(rows),
    });
    if (imp.status !== 200) throw new Error(`import answered ${imp.status}: ${imp.text}`);
    const rule = {
      type: 'group',
      op: 'and',
      children: [{ type: 'condition', attribute: 'city', operator: 'in', value: ['Tokyo', 'Osaka', 'Nagoya', 'Sapporo'] }],
    };
    const segmentId = await id(`/api/v1/workspaces/${ws}/segments`, { name: `Tokyo and Osaka ${mark}`, parentSegmentId, rule });
    // Fresh drafts use a segment of their own, which no generated request names (the fuzzed one may be gone).
    const draftSegmentId = await id(`/api/v1/workspaces/${ws}/segments`, { name: `Everyone ${mark}`, parentSegmentId });
    const ready = async (name: string, seg = segmentId) => {
      const cid = await id(`/api/v1/workspaces/${ws}/campaigns`, { name, type: 'line' });
      await api(
        'PATCH',
        `/api/v1/workspaces/${ws}/campaigns/${cid}`,
        {
          audience: { parentSegmentId, segmentId: seg },
          content: {
            lineAccountId: accountId,
            messages: [{ type: 'text', text: `Hi {{ profile.first_name | default: "there" }} https://shop.example.com/${mark}?x=1` }],
          },
          utm: { campaign: `spring-${mark}` },
        },
        200,
      );
      return cid;
    };
    if (ws === home) readyHome = (name) => ready(name, draftSegmentId);
    const draftId = await ready(`Draft ${mark}`);
    const launchedId = await ready(`Launched ${mark}`);
    await api('POST', `/api/v1/workspaces/${ws}/campaigns/${launchedId}/launch`, undefined, 200);
    const testRecipientId = await id(`/api/v1/workspaces/${ws}/test-recipients`, { lineUserId: lineUserIds[0], label: `Phone ${mark}` });
    // a picture of the side's own colour, so the two workspaces' files differ
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: ws === home ? '#0a8' : '#a08' } })
      .png()
      .toBuffer();
    const up = await client.send({
      method: 'POST',
      path: `/api/v1/workspaces/${ws}/media`,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'image/png' },
      body: png,
    });
    if (up.status !== 201) throw new Error(`media upload answered ${up.status}: ${up.text}`);
    const media = jsonOf(up) as { id: string; sha256: string };
    return {
      ws,
      accountId,
      channelSecret,
      parentSegmentId,
      segmentId,
      draftId,
      launchedId,
      testRecipientId,
      mediaId: media.id,
      mediaHash: media.sha256,
      mediaPng: png,
      clickToken: '',
      lineUserIds,
    };
  };
  const h = await side(home, 0, 'home');
  const v = await side(victim, 0x9000, VICTIM_MARK);

  // Wait for both launches to finish, then click a tracked link of each (as a person's browser would).
  for (const s of [h, v]) {
    const end = Date.now() + 60_000;
    for (;;) {
      const c = (await api('GET', `/api/v1/workspaces/${s.ws}/campaigns/${s.launchedId}`, undefined, 200)) as { state: string };
      if (c.state === 'Finished') break;
      if (Date.now() > end) throw new Error(`campaign ${s.launchedId} stayed ${c.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const got = (await (await fetch(`${emu.url}/_emulator/users/${s.lineUserIds[0]}/messages`)).json()) as unknown;
    const m = /\/c\/([0-9A-Za-z_-]{11,40})/.exec(JSON.stringify(got));
    if (!m) throw new Error(`no tracked link reached ${s.lineUserIds[0]}: ${JSON.stringify(got)}`);
    s.clickToken = m[1]!;
    const click = await client.send({
      method: 'GET',
      path: `/c/${s.clickToken}`,
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' },
    });
    if (click.status !== 302) throw new Error(`click answered ${click.status}`);
  }

  const world: World = {
    app,
    ctx,
    tdb,
    emu,
    origin,
    client,
    home: h,
    victim: v,
    keys,
    userIds,
    spareUserId,
    spareKeyId,
    routes,
    logs,
    api,
    freshDraft: () => readyHome!('Fresh draft'),
    freshSegment: async () => id(`/api/v1/workspaces/${h.ws}/segments`, { name: 'Fresh segment', parentSegmentId: h.parentSegmentId }),
    async assertAlive(after) {
      const h = await client.send({ method: 'GET', path: '/healthz' }, { timeoutMs: 5_000 });
      if (h.status !== 200) throw new Error(`The server stopped answering after ${after}: /healthz ${h.status} ${h.error ?? ''}`);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`database read stuck: ${sql.slice(0, 60)}`)), 10_000)),
      );
      try {
        return (await Promise.race([tdb.db.query(sql, params), timeout])).rows as T[];
      } finally {
        clearTimeout(timer);
      }
    },
    async heal() {
      const q = (sql: string, params: unknown[]) => tdb.db.query(sql, params);
      await q('UPDATE users SET is_admin = true WHERE id = $1', [userIds.globalAdmin]);
      await q('UPDATE api_keys SET revoked_at = NULL WHERE user_id = ANY($1::uuid[])', [Object.values(userIds)]);
      for (const s of [h, v]) {
        await q('UPDATE line_accounts SET api_base_url = $2 WHERE id = $1', [s.accountId, emu.url]);
        // Only while both still exist: the deletes at the end of a run may have removed them on purpose.
        await q(
          `INSERT INTO line_account_workspaces (line_account_id, workspace_id) SELECT a.id, w.id FROM line_accounts a, workspaces w
           WHERE a.id = $1 AND w.id = $2 ON CONFLICT DO NOTHING`,
          [s.accountId, s.ws],
        );
        await q(
          `INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) SELECT p.id, w.id FROM parent_segments p, workspaces w
           WHERE p.id = $1 AND w.id = $2 ON CONFLICT DO NOTHING`,
          [s.parentSegmentId, s.ws],
        );
        // DELETE /media/{id} hides or removes the side's picture: shown again, or uploaded again under its old id
        await q('UPDATE media SET hidden_at = NULL WHERE id = $1', [s.mediaId]);
        const still = await tdb.db.query('SELECT 1 FROM media WHERE id = $1', [s.mediaId]);
        if (!still.rows.length) {
          const up = await client.send({
            method: 'POST',
            path: `/api/v1/workspaces/${s.ws}/media`,
            headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'image/png' },
            body: s.mediaPng,
          });
          const again = jsonOf(up) as { id?: string };
          if (up.status === 201 && again.id) await q('UPDATE media SET id = $2 WHERE id = $1', [again.id, s.mediaId]);
        }
      }
    },
    async close() {
      await engine.stop();
      await app.close();
      await client.close();
      await emu.close();
      await tdb.close();
    },
  };
  return world;
}

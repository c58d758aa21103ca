import crypto from 'node:crypto';
import { createLineAccount } from '../../src/admin/line-accounts.ts';
import { createWorkspace } from '../../src/admin/workspaces.ts';
import type { Db, Queryable } from '../../src/db/types.ts';
import { SecretBox } from '../../src/security/secret-box.ts';

export const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

export interface World {
  box: SecretBox;
  ws: string;
  accountId: string;
  parentSegmentId: string;
}

/** A workspace, a LINE account pointing at `apiBaseUrl`, and an empty parent segment. */
export async function world(
  db: Db,
  opts: { apiBaseUrl?: string; token?: string; pushPerSecond?: number; multicastPerSecond?: number } = {},
): Promise<World> {
  const box = new SecretBox(crypto.randomBytes(32));
  const ws = (await createWorkspace(db, { name: 'WS', description: '' })).id;
  const accountId = await addAccount(db, box, ws, opts);
  const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
  return { box, ws, accountId, parentSegmentId };
}

export async function addAccount(
  db: Db,
  box: SecretBox,
  ws: string,
  opts: { apiBaseUrl?: string; token?: string; pushPerSecond?: number; multicastPerSecond?: number } = {},
): Promise<string> {
  const a = await createLineAccount(db, box, {
    name: 'OA',
    channelId: String(1650000000 + Math.floor(Math.random() * 1e6)),
    channelSecret: 'channel-secret-0001',
    channelAccessToken: opts.token ?? 'delivery-test-token-' + crypto.randomBytes(4).toString('hex'),
    apiBaseUrl: opts.apiBaseUrl ?? 'http://127.0.0.1:9',
    pushPerSecond: opts.pushPerSecond ?? 2000,
    multicastPerSecond: opts.multicastPerSecond ?? 200,
    workspaceIds: [ws],
    // the emulator (or a closed port): not a LINE host, so the account is marked as an emulator account
    isEmulator: true,
  });
  return a.id;
}

/** n profiles with generated LINE IDs uid(offset+1..offset+n), following, in one statement. */
export async function addProfiles(q: Queryable, parentSegmentId: string, n: number, offset = 0): Promise<void> {
  await q.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status, attributes)
     SELECT $1, 'c' || (g + $3), 'U' || lpad(to_hex(g + $3), 32, '0'), 'following', jsonb_build_object('first_name', 'N' || (g + $3))
     FROM generate_series(1, $2::int) g`,
    [parentSegmentId, n, offset],
  );
}

export async function addProfile(
  q: Queryable,
  parentSegmentId: string,
  key: string,
  lineUserId: string | null,
  follow = 'following',
  attributes: object = {},
) {
  await q.query(
    `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status, attributes) VALUES ($1, $2, $3, $4, $5)`,
    [parentSegmentId, key, lineUserId, follow, JSON.stringify(attributes)],
  );
}

export interface CampaignOpts {
  messages?: unknown[];
  sendMode?: 'push' | 'multicast';
  recipientCap?: number | null;
  activation?: { maxAttempts: number; backoffBaseMs: number; backoffCapMs: number };
  deliverySpeed?: { mode: 'fastest' | 'staged'; durationMinutes?: number; perMinute?: number };
  rule?: unknown;
  state?: string;
  accountId?: string;
  utm?: unknown;
  aggregationUnit?: string | null;
}

/** A campaign row with a frozen revision, as campaigns' launch writes them (no snapshot yet). */
export async function campaign(db: Queryable, w: World, o: CampaignOpts = {}): Promise<{ campaignId: string; revisionId: number }> {
  const rule = o.rule ?? { type: 'group', op: 'and', children: [] };
  const segmentId = (
    await db.query<{ id: string }>(
      `INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, 'S', $3) RETURNING id`,
      [w.ws, w.parentSegmentId, JSON.stringify(rule)],
    )
  ).rows[0]!.id;
  const messages = o.messages ?? [{ type: 'text', text: 'Hello' }];
  const accountId = o.accountId ?? w.accountId;
  const campaignId = (
    await db.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, state, parent_segment_id, segment_id, line_account_id, messages, launched_at)
       VALUES ($1, 'C', $2, $3, $4, $5, $6, now()) RETURNING id`,
      [w.ws, o.state ?? 'Active', w.parentSegmentId, segmentId, accountId, JSON.stringify(messages)],
    )
  ).rows[0]!.id;
  const content = {
    campaign: { id: campaignId, name: 'C' },
    lineAccountId: accountId,
    messages,
    utm: o.utm ?? { source: 'line', medium: 'social', campaign: '', extra: {} },
    trackingEnabled: false,
    activation: o.activation ?? { maxAttempts: 6, backoffBaseMs: 100, backoffCapMs: 1000 },
    deliverySpeed: o.deliverySpeed ?? { mode: 'fastest' },
    recipientCap: o.recipientCap ?? null,
    aggregationUnit: o.aggregationUnit ?? null,
    sendMode: o.sendMode ?? 'multicast',
    audience: { parentSegmentId: w.parentSegmentId, segmentId },
  };
  const revisionId = Number(
    (
      await db.query<{ id: number }>('INSERT INTO campaign_revisions (campaign_id, content) VALUES ($1, $2) RETURNING id', [
        campaignId,
        JSON.stringify(content),
      ])
    ).rows[0]!.id,
  );
  await db.query('UPDATE campaigns SET current_revision_id = $2 WHERE id = $1', [campaignId, revisionId]);
  return { campaignId, revisionId };
}

export async function statusCounts(q: Queryable, campaignId: string): Promise<Record<string, number>> {
  const r = await q.query<{ k: string; n: number }>(
    `SELECT status || COALESCE('/' || reason, '') AS k, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND NOT is_test GROUP BY 1`,
    [campaignId],
  );
  return Object.fromEntries(r.rows.map((x) => [x.k, x.n]));
}

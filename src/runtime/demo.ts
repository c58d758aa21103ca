import crypto from 'node:crypto';
import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import type { AppContext } from '../http/context.ts';
import type { BootstrapResult } from './bootstrap.ts';

const firstNames = ['Aiko', 'Haruto', 'Yui', 'Sota', 'Mei', 'Ren', 'Hina', 'Minato', 'Sakura', 'Yuto', 'Chen', 'Wei', 'Ploy', 'Niran'];
const cities = ['Tokyo', 'Osaka', 'Fukuoka', 'Sapporo', 'Taipei', 'Bangkok', 'Nagoya'];
const tiers = ['bronze', 'silver', 'gold', 'platinum'];

/** A deterministic LINE-looking user id, so the demo audience is the same on every machine. */
export function demoLineUserId(n: number): string {
  return 'U' + crypto.createHash('md5').update(`linecast-demo-${n}`).digest('hex');
}

export function demoProfiles(count: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const hasId = i % 10 !== 0; // 90% have a LINE user id
    const unfollowed = hasId && i % 23 === 0;
    rows.push([
      `cust-${String(i).padStart(5, '0')}`,
      hasId ? demoLineUserId(i) : null,
      hasId ? (unfollowed ? 'unfollowed' : 'following') : 'unknown',
      {
        first_name: firstNames[i % firstNames.length],
        city: cities[i % cities.length],
        tier: tiers[i % tiers.length],
        points: (i * 37) % 5000,
        signup_date: new Date(Date.UTC(2024, i % 24, (i % 27) + 1)).toISOString().slice(0, 10),
      },
    ]);
  }
  return rows;
}

/**
 * Seeds the demo workspace once: a parent segment of a few thousand profiles and a first segment.
 * The sandbox LINE account is attached by the sandbox service, which knows the emulator's address.
 */
export async function seedDemo(ctx: AppContext, boot: BootstrapResult): Promise<void> {
  const { db } = ctx;
  if (!boot.workspaceId) return;
  if ((await db.query(`SELECT 1 FROM settings WHERE key = 'demo_seeded'`)).rows.length) return;
  await db.tx(async (q) => {
    // API servers started together would each seed: one seeds, the others find it done under the lock.
    await advisoryXactLock(q, LOCKS.firstStart);
    if ((await q.query(`SELECT 1 FROM settings WHERE key = 'demo_seeded'`)).rows.length) return;
    const ps = await q.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('Demo customers') RETURNING id`);
    const psId = ps.rows[0]!.id;
    await q.query('INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) VALUES ($1, $2)', [psId, boot.workspaceId]);
    await db.copyRows(
      'profiles',
      ['parent_segment_id', 'customer_key', 'line_user_id', 'follow_status', 'attributes'],
      demoProfiles(3000).map((r) => [psId, ...r]),
      q,
    );
    await q.query(
      `INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, 'Gold and platinum members', $3)`,
      [boot.workspaceId, psId, JSON.stringify({ type: 'group', op: 'or', children: [
        { type: 'condition', attribute: 'tier', operator: 'equals', value: 'gold' },
        { type: 'condition', attribute: 'tier', operator: 'equals', value: 'platinum' },
      ] })],
    );
    await q.query(`INSERT INTO settings (key, value) VALUES ('demo_seeded', 'true')`);
  });
}

import crypto from 'node:crypto';
import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import type { AppContext } from '../http/context.ts';
import type { BootstrapResult } from './bootstrap.ts';
import { DEFAULT_LOCALE, isLocale, pickLocale, type Locale } from '../domain/locales.ts';
import { DEMO_DATA } from './demo-data.ts';
import { Activation, DeliverySpeed, Schedule, Utm } from '../schemas/campaign.ts';

/**
 * The demo's language: `--demo-locale` when given, else the system's (LC_ALL, LC_MESSAGES, LANG, as POSIX orders
 * them), else English.
 */
export function demoLocale(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (option !== undefined) {
    if (!isLocale(option)) throw new Error(`--demo-locale must be one of en, ja, th, zh-TW (got "${option}")`);
    return option;
  }
  return pickLocale([env.LC_ALL, env.LC_MESSAGES, env.LANG], DEFAULT_LOCALE);
}

/** A deterministic LINE-looking user id, so the demo audience is the same on every machine. */
export function demoLineUserId(n: number): string {
  return 'U' + crypto.createHash('md5').update(`linecast-demo-${n}`).digest('hex');
}

export function demoProfiles(count: number, locale: Locale = DEFAULT_LOCALE): unknown[][] {
  const { firstNames, lastNames, cities, tiers } = DEMO_DATA[locale];
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const hasId = i % 10 !== 0; // 90% have a LINE user id
    const unfollowed = hasId && i % 23 === 0;
    rows.push([
      `cust-${String(i).padStart(5, '0')}`,
      hasId ? demoLineUserId(i) : null,
      hasId ? (unfollowed ? 'unfollowed' : 'following') : 'unknown',
      {
        last_name: lastNames[(i * 7) % lastNames.length],
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
 * Seeds the demo workspace once, in `locale`: the workspace's name and time zone, a parent segment of a few thousand
 * profiles, a first segment and a sample Draft campaign. The sandbox LINE account is attached by the sandbox
 * service, which knows the emulator's address, and then becomes the sample campaign's sender.
 */
export async function seedDemo(ctx: AppContext, boot: BootstrapResult, locale: Locale = DEFAULT_LOCALE): Promise<void> {
  const { db } = ctx;
  if (!boot.workspaceId) return;
  if ((await db.query(`SELECT 1 FROM settings WHERE key = 'demo_seeded'`)).rows.length) return;
  const data = DEMO_DATA[locale];
  await db.tx(async (q) => {
    // API servers started together would each seed: one seeds, the others find it done under the lock.
    await advisoryXactLock(q, LOCKS.firstStart);
    if ((await q.query(`SELECT 1 FROM settings WHERE key = 'demo_seeded'`)).rows.length) return;
    // The first start named the workspace in English before the language was known; a name someone chose stays.
    await q.query(
      `UPDATE workspaces SET name = CASE WHEN name = 'Demo workspace' THEN $2 ELSE name END,
         description = CASE WHEN description = 'Created on first start' THEN $3 ELSE description END,
         time_zone = COALESCE(time_zone, $4), updated_at = now()
       WHERE id = $1`,
      [boot.workspaceId, data.workspace.name, data.workspace.description, data.workspace.timeZone],
    );
    const ps = await q.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ($1) RETURNING id`, [data.parentSegment]);
    const psId = ps.rows[0]!.id;
    await q.query('INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) VALUES ($1, $2)', [psId, boot.workspaceId]);
    await db.copyRows(
      'profiles',
      ['parent_segment_id', 'customer_key', 'line_user_id', 'follow_status', 'attributes'],
      demoProfiles(3000, locale).map((r) => [psId, ...r]),
      q,
    );
    const [, , gold, platinum] = data.tiers;
    const seg = await q.query<{ id: string }>(`INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, $3, $4) RETURNING id`, [
      boot.workspaceId,
      psId,
      data.segment,
      JSON.stringify({
        type: 'group',
        op: 'or',
        children: [
          { type: 'condition', attribute: 'tier', operator: 'equals', value: gold },
          { type: 'condition', attribute: 'tier', operator: 'equals', value: platinum },
        ],
      }),
    ]);
    const campaign = await q.query<{ id: string }>(
      `INSERT INTO campaigns (workspace_id, name, parent_segment_id, segment_id, messages, schedule, activation, utm, delivery_speed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        boot.workspaceId,
        data.campaign.name,
        psId,
        seg.rows[0]!.id,
        JSON.stringify([{ type: 'text', text: data.campaign.text }]),
        JSON.stringify(Schedule.parse({ timeZone: data.workspace.timeZone })),
        JSON.stringify(Activation.parse({})),
        JSON.stringify(Utm.parse({ campaign: data.campaign.utmCampaign })),
        JSON.stringify(DeliverySpeed.parse({})),
      ],
    );
    await q.query(`INSERT INTO settings (key, value) VALUES ('demo_campaign', $1), ('demo_locale', $2)`, [
      JSON.stringify(campaign.rows[0]!.id),
      JSON.stringify(locale),
    ]);
    await q.query(`INSERT INTO settings (key, value) VALUES ('demo_seeded', 'true')`);
  });
}

/** The language the demo was seeded in (it stays the same on later starts), or null before seeding. */
export async function seededDemoLocale(ctx: AppContext): Promise<Locale | null> {
  const r = await ctx.db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'demo_locale'`);
  const v = r.rows[0]?.value;
  return isLocale(v) ? v : null;
}

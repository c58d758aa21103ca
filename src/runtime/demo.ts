import crypto from 'node:crypto';
import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import type { AppContext } from '../app/context.ts';
import type { BootstrapResult } from './bootstrap.ts';
import { DEFAULT_LOCALE, isLocale, pickLocale, type Locale } from '../domain/locales.ts';
import { DEMO_DATA } from './demo-data.ts';
import { addSettings, getSetting, hasSetting } from '../admin/settings.ts';
import { localizeFirstWorkspace } from '../admin/workspaces.ts';
import { copyProfiles } from '../audience/profiles.ts';
import { createParentSegment } from '../audience/parent-segments.ts';
import { createSegment } from '../audience/segments.ts';
import { campaignLookup } from '../campaigns/lookup.ts';
import { createDraftCampaign } from '../campaigns/repo.ts';

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
  if (await hasSetting(db, 'demo_seeded')) return;
  const data = DEMO_DATA[locale];
  await db.tx(async (q) => {
    // API servers started together would each seed: one seeds, the others find it done under the lock.
    await advisoryXactLock(q, LOCKS.firstStart);
    if (await hasSetting(q, 'demo_seeded')) return;
    // The first start named the workspace in English before the language was known; a name someone chose stays.
    await localizeFirstWorkspace(q, boot.workspaceId!, data.workspace);
    const psId = (await createParentSegment(q, { name: data.parentSegment, workspaceIds: [boot.workspaceId!] })).id;
    await copyProfiles(db, q, psId, demoProfiles(3000, locale));
    const [, , gold, platinum] = data.tiers;
    const seg = await createSegment(q, campaignLookup, boot.workspaceId!, {
      parentSegmentId: psId,
      name: data.segment,
      rule: {
        type: 'group',
        op: 'or',
        children: [
          { type: 'condition', attribute: 'tier', operator: 'equals', value: gold },
          { type: 'condition', attribute: 'tier', operator: 'equals', value: platinum },
        ],
      },
    });
    const campaignId = await createDraftCampaign(q, boot.workspaceId!, {
      name: data.campaign.name,
      parentSegmentId: psId,
      segmentId: seg.id,
      messages: [{ type: 'text', text: data.campaign.text }],
      schedule: { timeZone: data.workspace.timeZone },
      utm: { campaign: data.campaign.utmCampaign },
    });
    await addSettings(q, { demo_campaign: campaignId, demo_locale: locale });
    await addSettings(q, { demo_seeded: true });
  });
}

/** The language the demo was seeded in (it stays the same on later starts), or null before seeding. */
export async function seededDemoLocale(ctx: AppContext): Promise<Locale | null> {
  const v = await getSetting(ctx.db, 'demo_locale');
  return isLocale(v) ? v : null;
}

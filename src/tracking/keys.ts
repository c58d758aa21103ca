import crypto from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { settingOrInit } from '../admin/settings.ts';
import * as sql from './queries.ts';

/**
 * The HMAC key of signed link tokens, made once per installation and kept in settings so every process (API
 * servers and workers) signs and verifies alike. Whoever can read the database can forge clicks, nothing more.
 */
export async function loadLinkKey(q: Queryable): Promise<Buffer> {
  const key = await settingOrInit(q, 'tracking.linkKey', crypto.randomBytes(32).toString('base64'));
  return Buffer.from(key as string, 'base64');
}

/** The campaign's small tracking number (made on first use). */
export async function campaignKey(q: Queryable, campaignId: string): Promise<number> {
  await q.query(sql.createCampaignKey, [campaignId]);
  const r = await q.query<{ key: number }>(sql.campaignKey, [campaignId]);
  return Number(r.rows[0]!.key);
}

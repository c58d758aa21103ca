import crypto from 'node:crypto';
import type { Queryable } from '../db/types.ts';

/**
 * The HMAC key of signed link tokens, made once per installation and kept in settings so every process (API
 * servers and workers) signs and verifies alike. Whoever can read the database can forge clicks, nothing more.
 */
export async function loadLinkKey(q: Queryable): Promise<Buffer> {
  await q.query(`INSERT INTO settings (key, value) VALUES ('tracking.linkKey', to_jsonb($1::text)) ON CONFLICT (key) DO NOTHING`, [
    crypto.randomBytes(32).toString('base64'),
  ]);
  const r = await q.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'tracking.linkKey'`);
  return Buffer.from(r.rows[0]!.value, 'base64');
}

/** The campaign's small tracking number (made on first use). */
export async function campaignKey(q: Queryable, campaignId: string): Promise<number> {
  await q.query('INSERT INTO tracked_campaigns (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING', [campaignId]);
  const r = await q.query<{ key: number }>('SELECT key FROM tracked_campaigns WHERE campaign_id = $1', [campaignId]);
  return Number(r.rows[0]!.key);
}

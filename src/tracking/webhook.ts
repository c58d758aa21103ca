import crypto from 'node:crypto';
import { z } from 'zod';
import type { ProfileFollowPort } from '../app/ports.ts';
import type { Db, Queryable } from '../db/types.ts';
import { Text } from '../schemas/common.ts';
import { attributeBlock, blockWindowHours } from './blocks.ts';
import * as sql from './queries.ts';

/** LINE's signature: Base64(HMAC-SHA256(channel secret, raw body)), compared in constant time. */
export function verifySignature(rawBody: Buffer, channelSecret: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = crypto.createHmac('sha256', channelSecret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  // timingSafeEqual needs equal lengths; a length mismatch is already a mismatch (and leaks nothing secret).
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export function signBody(rawBody: Buffer | string, channelSecret: string): string {
  return crypto.createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

/** 9999-12-31T23:59:59.999Z: four-digit years, which both toISOString and PostgreSQL read the same way. */
const MAX_DATE_MS = 253_402_300_799_999;

/**
 * Lenient on purpose: LINE adds event types and fields without notice; we read only what we use. What we use
 * must be storable (no NUL, no lone surrogate) and a timestamp a date can hold; an event that is not is
 * counted as ignored, like an event of an unknown shape.
 */
export const WebhookEvent = z.looseObject({
  type: Text.max(100),
  timestamp: z.number().int().min(0).max(MAX_DATE_MS),
  webhookEventId: Text.max(100).optional(),
  source: z.looseObject({ type: Text.max(100), userId: Text.max(100).optional() }).optional(),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const WebhookBody = z.looseObject({ destination: z.string().optional(), events: z.array(z.unknown()) });

export interface WebhookResult {
  received: number;
  processed: number;
  duplicates: number;
  ignored: number;
}

/**
 * Applies one webhook delivery in one transaction: each event once (by webhookEventId), follow/unfollow
 * recorded as follow events and copied to every profile with that LINE user ID unless a newer follow event
 * already decided that profile's state (LINE may deliver out of order), and unfollows charged to the campaign
 * that last reached the user within the block window.
 */
export async function applyWebhookEvents(
  db: Db,
  profiles: ProfileFollowPort,
  lineAccountId: string,
  rawEvents: unknown[],
): Promise<WebhookResult> {
  const result: WebhookResult = { received: rawEvents.length, processed: 0, duplicates: 0, ignored: 0 };
  const events: WebhookEvent[] = [];
  for (const raw of rawEvents) {
    const e = WebhookEvent.safeParse(raw);
    if (e.success) events.push(e.data);
    else result.ignored++;
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  const windowHours = blockWindowHours();
  await db.tx(async (q) => {
    for (const e of events) {
      const userId = e.source?.userId ?? null;
      const id = e.webhookEventId ?? `${e.type}:${userId ?? ''}:${e.timestamp}`;
      const at = new Date(e.timestamp).toISOString();
      const fresh = await q.query(sql.applyWebhookEvents, [id, lineAccountId, e.type.slice(0, 100), userId, at]);
      if (!fresh.rowCount) {
        result.duplicates++;
        continue;
      }
      if ((e.type === 'follow' || e.type === 'unfollow') && userId) {
        await applyFollow(q, profiles, lineAccountId, userId, e.type, at, id, windowHours);
        result.processed++;
      } else {
        result.ignored++;
      }
    }
  });
  return result;
}

async function applyFollow(
  q: Queryable,
  profiles: ProfileFollowPort,
  lineAccountId: string,
  userId: string,
  event: 'follow' | 'unfollow',
  at: string,
  webhookEventId: string,
  windowHours: number,
): Promise<void> {
  const fe = await q.query<{ id: number }>(sql.insertFollowEvent, [lineAccountId, userId, event, at, webhookEventId]);
  // The profiles take this event's state unless a later follow event (LINE may deliver out of order) decided it.
  const later = await q.query(sql.laterFollowEvent, [userId, at]);
  if (!later.rows.length) await profiles.setFollowStatus(q, userId, event === 'follow' ? 'following' : 'unfollowed');
  if (event === 'unfollow') await attributeBlock(q, { followEventId: fe.rows[0]!.id, lineAccountId, lineUserId: userId, at, windowHours });
}

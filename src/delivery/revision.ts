import { z } from 'zod';
import type { Queryable } from '../db/types.ts';
import { Activation, DeliverySpeed } from '../schemas/campaign.ts';

/** The frozen content of a launched campaign, as the delivery engine reads it (written by campaigns at launch). */
export const RevisionContent = z.object({
  campaign: z.object({ id: z.string(), name: z.string() }),
  lineAccountId: z.string(),
  messages: z.array(z.unknown()),
  utm: z.unknown().optional(),
  trackingEnabled: z.boolean().default(false),
  activation: Activation.default({ maxAttempts: 6, backoffBaseMs: 1_000, backoffCapMs: 300_000 }),
  deliverySpeed: DeliverySpeed.default({ mode: 'fastest' }),
  recipientCap: z.number().int().nullable().default(null),
  aggregationUnit: z.string().nullable().default(null),
  sendMode: z.enum(['push', 'multicast']),
  audience: z.object({ parentSegmentId: z.string().nullable(), segmentId: z.string().nullable() }).optional(),
});
export type RevisionContent = z.infer<typeof RevisionContent>;

export async function revisionOf(q: Queryable, revisionId: number): Promise<{ campaignId: string; content: RevisionContent }> {
  const r = await q.query<{ campaign_id: string; content: unknown }>('SELECT campaign_id, content FROM campaign_revisions WHERE id = $1', [revisionId]);
  const row = r.rows[0];
  if (!row) throw new Error(`Revision ${revisionId} not found`);
  return { campaignId: row.campaign_id, content: RevisionContent.parse(row.content) };
}

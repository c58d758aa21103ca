import { z } from 'zod';
import { ACTIVATION_DEFAULTS } from '../domain/activation.ts';
import { Activation, DeliverySpeed } from './campaign.ts';

/**
 * The frozen content of a launched campaign: what campaigns write at launch (campaign_revisions.content) and the
 * delivery engine reads back. One schema for both sides, so the writer cannot drift from the reader.
 */
export const RevisionContent = z.object({
  campaign: z.object({ id: z.string(), name: z.string() }),
  lineAccountId: z.string(),
  messages: z.array(z.unknown()),
  utm: z.unknown().optional(),
  trackingEnabled: z.boolean().default(false),
  activation: Activation.default({ ...ACTIVATION_DEFAULTS }),
  deliverySpeed: DeliverySpeed.default({ mode: 'fastest' }),
  recipientCap: z.number().int().nullable().default(null),
  aggregationUnit: z.string().nullable().default(null),
  sendMode: z.enum(['push', 'multicast']),
  /** Which audience was meant, for the record; the snapshot is what is sent. */
  audience: z.object({ parentSegmentId: z.string().nullable(), segmentId: z.string().nullable() }).optional(),
});
export type RevisionContent = z.infer<typeof RevisionContent>;

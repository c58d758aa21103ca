/** Live delivery progress of one campaign: the answer of GET …/progress and each event of the progress stream. */
import { z } from 'zod';

export const Progress = z.object({
  campaignId: z.string(),
  state: z.string(),
  stateReason: z.string().nullable(),
  sendMode: z.enum(['push', 'multicast']).nullable(),
  /** Recipients by status (test sends not included). */
  counts: z.object({
    pending: z.number().int(),
    sending: z.number().int(),
    accepted: z.number().int(),
    failed: z.number().int(),
    excluded: z.number().int(),
    canceled: z.number().int(),
  }),
  failed: z.record(z.string(), z.number().int()),
  excluded: z.record(z.string(), z.number().int()),
  total: z.number().int(),
  /** Accepted LINE requests and recipients per second (last 5 s in the sending process, else the last minute), and the limit. */
  rate: z.object({ requestsPerSecond: z.number(), recipientsPerSecond: z.number(), limitPerSecond: z.number().nullable() }),
  at: z.string(),
});
export type Progress = z.infer<typeof Progress>;

import type { DeliveryReadPort } from '../app/ports.ts';
import type { Queryable } from '../db/types.ts';
import { OPEN_CAMPAIGN_IDS_OF_ACCOUNT } from './queries.ts';

/**
 * What a marketer sees while an Active campaign cannot deliver for a reason the engine retries (its content
 * cannot be prepared, its account's dispatcher keeps failing): the campaign stays Active, its state reason reads
 * `delivery_retrying: <message>`, and the note is cleared once it delivers again. Suspensions (quota,
 * credentials, a deleted account) go through the state machine instead. The note is the campaigns module's to
 * write: it goes through the read port's noteReason.
 */
export const TROUBLE_PREFIX = 'delivery_retrying: ';

const messageOf = (err: unknown) => TROUBLE_PREFIX + (err instanceof Error ? err.message : String(err));

export async function noteTrouble(q: Queryable, reads: DeliveryReadPort, campaignId: string, err: unknown): Promise<void> {
  // best effort: when the database itself is the trouble, the log has it
  await reads.noteReason(q, [campaignId], messageOf(err), TROUBLE_PREFIX).catch(() => undefined);
}

export async function clearTrouble(q: Queryable, reads: DeliveryReadPort, campaignId: string): Promise<void> {
  await reads.noteReason(q, [campaignId], null, TROUBLE_PREFIX);
}

/** The same note on every Active campaign of an account whose dispatcher keeps failing (e.g. its token cannot be read). */
export async function noteAccountTrouble(q: Queryable, reads: DeliveryReadPort, accountId: string, err: unknown): Promise<void> {
  try {
    const open = await q.query<{ campaign_id: string }>(OPEN_CAMPAIGN_IDS_OF_ACCOUNT, [accountId]);
    await reads.noteReason(
      q,
      open.rows.map((r) => r.campaign_id),
      messageOf(err),
      TROUBLE_PREFIX,
    );
  } catch {
    // best effort, as above
  }
}

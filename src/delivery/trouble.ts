import type { Queryable } from '../db/types.ts';

/**
 * What a marketer sees while an Active campaign cannot deliver for a reason the engine retries (its content
 * cannot be prepared, its account's dispatcher keeps failing): the campaign stays Active, its state reason reads
 * `delivery_retrying: <message>`, and the note is cleared once it delivers again. Suspensions (quota,
 * credentials, a deleted account) go through the state machine instead.
 */
export const TROUBLE_PREFIX = 'delivery_retrying: ';

export async function noteTrouble(q: Queryable, campaignId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await q
    .query(`UPDATE campaigns SET state_reason = $2 WHERE id = $1 AND state = 'Active'`, [
      campaignId,
      (TROUBLE_PREFIX + message).slice(0, 500),
    ])
    // best effort: when the database itself is the trouble, the log has it
    .catch(() => undefined);
}

export async function clearTrouble(q: Queryable, campaignId: string): Promise<void> {
  await q.query(`UPDATE campaigns SET state_reason = NULL WHERE id = $1 AND state = 'Active' AND starts_with(state_reason, $2)`, [
    campaignId,
    TROUBLE_PREFIX,
  ]);
}

/** The same note on every Active campaign of an account whose dispatcher keeps failing (e.g. its token cannot be read). */
export async function noteAccountTrouble(q: Queryable, accountId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await q
    .query(
      `UPDATE campaigns SET state_reason = $2 WHERE state = 'Active'
         AND id IN (SELECT campaign_id FROM delivery_campaigns WHERE line_account_id = $1 AND NOT done)`,
      [accountId, (TROUBLE_PREFIX + message).slice(0, 500)],
    )
    .catch(() => undefined);
}

import type { Queryable } from '../db/types.ts';
import type { Progress } from '../schemas/progress.ts';
import { requestCounts, sendMinutes, tally } from './counts.ts';
import { localDispatcher } from './service.ts';

/**
 * Counts by status from the request rollups and the snapshot's totals, never by scanning recipient or request
 * rows, so it can be polled every second during a send.
 */
export async function campaignProgress(q: Queryable, campaignId: string): Promise<Progress | null> {
  const c = await q.query<{
    state: string;
    state_reason: string | null;
    send_mode: 'push' | 'multicast' | null;
    pending_total: number | null;
    excluded: Record<string, number> | null;
    canceled: boolean | null;
    line_account_id: string | null;
    push_per_second: number | null;
    multicast_per_second: number | null;
  }>(
    `SELECT c.state, c.state_reason, dc.send_mode, dc.pending_total, dc.excluded, dc.canceled, dc.line_account_id, a.push_per_second, a.multicast_per_second
     FROM campaigns c LEFT JOIN delivery_campaigns dc ON dc.campaign_id = c.id LEFT JOIN line_accounts a ON a.id = dc.line_account_id
     WHERE c.id = $1`,
    [campaignId],
  );
  const row = c.rows[0];
  if (!row) return null;
  const excluded = row.excluded ?? {};
  const t = tally(await requestCounts(q, campaignId), { pendingTotal: row.pending_total ?? 0, canceled: !!row.canceled, excluded });
  const counts = {
    pending: t.pending,
    sending: t.queued,
    accepted: t.accepted,
    failed: t.failed,
    excluded: t.excluded,
    canceled: t.canceled,
  };
  const limit = row.send_mode === 'push' ? row.push_per_second : row.send_mode === 'multicast' ? row.multicast_per_second : null;
  return {
    campaignId,
    state: row.state,
    stateReason: row.state_reason,
    sendMode: row.send_mode,
    counts,
    failed: t.failedBy,
    excluded,
    total: (row.pending_total ?? 0) + counts.excluded,
    rate: { ...(await currentRate(q, campaignId, row.line_account_id)), limitPerSecond: limit },
    at: new Date().toISOString(),
  };
}

async function currentRate(
  q: Queryable,
  campaignId: string,
  accountId: string | null,
): Promise<{ requestsPerSecond: number; recipientsPerSecond: number }> {
  const since = Date.now() - 5_000;
  const d = accountId ? localDispatcher(accountId) : undefined;
  if (d) {
    // this process sends for the account: its own samples, no database work
    let requests = 0;
    let recipients = 0;
    for (let i = d.sent.length - 1; i >= 0 && d.sent[i]!.at >= since; i--) {
      const s = d.sent[i]!;
      if (s.campaignId !== campaignId) continue;
      requests += s.requests;
      recipients += s.recipients;
    }
    return { requestsPerSecond: requests / 5, recipientsPerSecond: recipients / 5 };
  }
  // another process sends: the per-minute rollup, averaged over the last full minute and the current one so far
  const now = Date.now();
  const minuteStart = now - (now % 60_000);
  const rows = await sendMinutes(q, campaignId, new Date(minuteStart - 60_000));
  const seconds = 60 + (now - minuteStart) / 1000;
  const requests = rows.reduce((s, x) => s + x.requests, 0);
  const recipients = rows.reduce((s, x) => s + x.recipients, 0);
  return { requestsPerSecond: requests / seconds, recipientsPerSecond: recipients / seconds };
}

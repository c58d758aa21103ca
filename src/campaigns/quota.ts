import type { Queryable } from '../db/types.ts';
import type { SenderFactory } from '../app/ports.ts';
import type { LineClient } from '../line/client.ts';
import { coded, type CodedIssue } from '../domain/issues.ts';

export interface QuotaFigures {
  recipients: number;
  /** Monthly message limit; null when the plan has none. */
  limit: number | null;
  used: number;
  remaining: number | null;
  /** (used + recipients) / limit: how much of the month's quota is gone once this campaign has sent; > 1 does not fit. */
  share: number | null;
}

export type QuotaCheck = { ok: true; figures: QuotaFigures } | { ok: false; warning: CodedIssue };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * LINE charges per recipient (a bundle of up to five messages to one person counts once), so the check
 * compares the eligible recipients with this month's remaining quota. LINE being unreachable must not block a
 * launch on its own: the caller turns a failure into a warning.
 */
export async function checkQuota(q: Queryable, senderFor: SenderFactory, lineAccountId: string, recipients: number): Promise<QuotaCheck> {
  const access = await senderFor(q, lineAccountId, { timeoutMs: 5_000 });
  if (!access.ok)
    return {
      ok: false,
      warning:
        access.reason === 'not_found'
          ? coded('content_account_missing')
          : access.reason === 'no_token'
            ? coded('content_account_no_token')
            : coded('content_account_host_refused'),
    };
  const client: LineClient = access.client;
  try {
    const [quota, consumption] = await Promise.all([client.quota(), client.consumption()]);
    if (quota.kind !== 'accepted' || consumption.kind !== 'accepted') {
      const bad = quota.kind !== 'accepted' ? quota : consumption;
      return { ok: false, warning: coded('quota_unreported', { kind: bad.kind, status: bad.status, recipients }) };
    }
    const qb = (quota.body ?? {}) as { type?: string; value?: unknown };
    const used = num((consumption.body as { totalUsage?: unknown } | null)?.totalUsage) ?? 0;
    const limit = qb.type === 'limited' ? num(qb.value) : null;
    const remaining = limit === null ? null : Math.max(0, limit - used);
    return { ok: true, figures: { recipients, limit, used, remaining, share: limit ? (used + recipients) / limit : null } };
  } catch (e) {
    return { ok: false, warning: coded('quota_unreachable', { detail: (e as Error).message, recipients }) };
  } finally {
    await client.close();
  }
}

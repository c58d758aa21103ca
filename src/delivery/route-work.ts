import { retryWindowOpen } from './backoff.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { AttemptResult } from './results.ts';
import type { ActiveCampaign, WorkItem } from './store.ts';

/**
 * Where each claimed or picked request goes before the prepare stage, by campaign: on as it is, closed (no
 * recipient left, or past the retry key's window when LINE may have it), or on under a new retry key (past the
 * window, but every attempt was a definite refusal, so LINE cannot have it).
 */
export async function routeWork(
  store: Pick<DeliveryStore, 'renewRetryKeys'>,
  campaigns: readonly ActiveCampaign[],
  fresh: readonly WorkItem[],
  now: number,
  closed: (r: AttemptResult) => void,
): Promise<Map<ActiveCampaign, WorkItem[]>> {
  const byId = new Map(campaigns.map((c) => [c.campaignId, c]));
  const renew: WorkItem[] = [];
  const go = new Map<ActiveCampaign, WorkItem[]>();
  const add = (c: ActiveCampaign, item: WorkItem) => go.set(c, [...(go.get(c) ?? []), item]);
  for (const item of fresh) {
    const c = byId.get(item.campaignId);
    if (!c) continue; // no longer Active; stays queued for a resume
    if (!item.recipients.length) {
      // every recipient of the range vanished (cannot happen with frozen rows); close it rather than loop
      closed({ item, outcome: { type: 'failed', reason: 'rejected' }, status: -1, error: 'no recipients' });
      continue;
    }
    if (!retryWindowOpen(item.firstAttemptAt, now)) {
      // LINE may have taken it and forgotten the key by now: only a request it certainly refused may go again
      if (item.ambiguous) closed({ item, outcome: { type: 'failed', reason: 'retry_window_expired' }, status: -1, error: null });
      else renew.push(item);
      continue;
    }
    add(c, item);
  }
  if (renew.length) {
    const keys = await store.renewRetryKeys(renew.map((i) => i.requestId));
    for (const item of renew) {
      const k = keys.get(item.requestId);
      if (k) add(byId.get(item.campaignId)!, { ...item, retryKey: k.retryKey, firstAttemptAt: k.firstAttemptAt });
    }
  }
  return go;
}

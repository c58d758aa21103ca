import type { Logger } from 'pino';
import type { LineAccessRefused } from '../app/ports.ts';
import type { DeliveryStore } from './delivery-store.ts';

/**
 * The sender factory refused the account: deleted (not resumable), a base URL that may not receive the credentials,
 * or no usable token. Each Active campaign says so (suspended with the reason) rather than the dispatcher stopping
 * and being restarted, silently, every poll.
 */
export async function suspendRefusedAccount(store: DeliveryStore, log: Logger, accountId: string, a: LineAccessRefused): Promise<void> {
  const reason =
    a.reason === 'not_found'
      ? 'line_account_deleted'
      : a.reason === 'line_host_not_allowed'
        ? 'line_host_not_allowed'
        : 'sender_unauthorized';
  const active = await store.activeCampaigns(accountId);
  for (const c of active) await store.suspendCampaign(c.campaignId, reason);
  const what = reason === 'line_account_deleted' ? 'LINE account deleted' : 'LINE account refused';
  log.warn(
    { lineAccountId: accountId, campaignIds: active.map((c) => c.campaignId), reason, detail: a.message },
    `${what}: its Active campaigns are suspended`,
  );
}

/**
 * The dispatcher's side of the prepare stage: which campaigns may be prepared now, and what happens to one whose
 * payloads cannot be made (its frozen revision unreadable, its renderer or links failing). Such a campaign is set
 * aside with a backoff (1 s doubling to 5 min by default) and its state reason says so, while the account's other
 * campaigns go on. The backoff map is the engine's, so it outlives a dispatcher.
 */
import type { Logger } from 'pino';
import { backoffMs } from './backoff.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { PrepareStage } from './prepare.ts';
import type { ActiveCampaign } from './store.ts';

export type AsideMap = Map<string, { failures: number; until: number }>;

export class CampaignAside {
  constructor(
    private readonly store: DeliveryStore,
    private readonly stage: () => PrepareStage,
    private readonly accountId: string,
    private readonly log: Logger,
    private readonly aside: AsideMap,
    private readonly backoff: { baseMs: number; capMs: number; random?: () => number } = { baseMs: 1_000, capMs: 5 * 60_000 },
  ) {}

  /** Of the account's Active campaigns, those ready to deliver: prepared now if need be, set aside if that fails. */
  async admit(all: ActiveCampaign[]): Promise<ActiveCampaign[]> {
    const ready: ActiveCampaign[] = [];
    for (const c of all) {
      const aside = this.aside.get(c.campaignId);
      if (aside && aside.until > Date.now()) continue;
      if (!this.stage().ready(c.campaignId)) {
        try {
          await this.stage().prepareCampaign(c);
        } catch (err) {
          await this.failed(c.campaignId, err);
          continue;
        }
        if (aside) {
          this.aside.delete(c.campaignId);
          this.log.info({ campaignId: c.campaignId, lineAccountId: this.accountId }, 'campaign delivers again');
        }
        await this.store.clearTrouble(c.campaignId);
      }
      ready.push(c);
    }
    return ready;
  }

  async failed(campaignId: string, err: unknown): Promise<void> {
    const b = this.backoff;
    const aside = this.aside.get(campaignId);
    if (aside && aside.until > Date.now()) return; // already waiting out its backoff
    const failures = (aside?.failures ?? 0) + 1;
    const retryInMs = backoffMs(failures, b.baseMs, b.capMs, b.random);
    this.aside.set(campaignId, { failures, until: Date.now() + retryInMs });
    this.stage().forget(campaignId);
    this.log.error(
      { campaignId, lineAccountId: this.accountId, failures, retryInMs, err },
      'campaign cannot be prepared for delivery; retrying after a backoff',
    );
    await this.store.noteTrouble(campaignId, err);
  }
}

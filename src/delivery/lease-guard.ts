import type { DeliveryStore, Lease } from './delivery-store.ts';

/**
 * The dispatcher's hold on its account's lease. Until when this process may start requests: the last renewal plus
 * the lease's ttl, less a margin. A dispatcher that loses the database cannot renew; past this it sends nothing
 * more, so by the time another process can take the lease over, this one has stopped.
 */
export class LeaseGuard {
  private until = 0;

  constructor(
    private readonly store: DeliveryStore,
    readonly lease: Lease,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; while held, sending may go on until 80 % of the ttl after the renewal was asked. */
  async renew(): Promise<boolean> {
    const asked = Date.now();
    const held = await this.store.acquireLease(this.lease, this.ttlMs);
    this.until = held ? asked + this.ttlMs * 0.8 : 0;
    return held;
  }

  /** Whether a request may start now. */
  mayStart(now = Date.now()): boolean {
    return now < this.until;
  }

  release(): Promise<void> {
    return this.store.releaseLease(this.lease);
  }
}

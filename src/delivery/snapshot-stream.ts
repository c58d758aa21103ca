/**
 * The dispatcher's writer of streamed snapshots: a launch writes the first chunk of its audience, and this writes
 * the rest, chunk after chunk (snapshotChunk: rows and cursor in one transaction), while the dispatcher claims and
 * sends what is written. One writer per campaign (the account's lease holder; the cursor row's lock makes sure).
 * Chunks are sized to about TARGET_MS each, so a claim or a result write never waits long behind one on the
 * embedded database's single connection.
 */
import type { DeliveryStore } from './delivery-store.ts';
import type { ActiveCampaign } from './store.ts';

const TARGET_MS = 100;
const FIRST = 5_000;
const MIN = 1_000;
const MAX = 200_000;

export class SnapshotStream {
  private readonly size = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Pick<DeliveryStore, 'snapshotChunk'>,
    /** The campaign as the dispatcher holds it now, or undefined once it is no longer Active here (or stopping). */
    private readonly live: (campaignId: string) => ActiveCampaign | undefined,
    /** A chunk failed: the dispatcher sets the campaign aside with a backoff; the cursor stays where it was. */
    private readonly failed: (campaignId: string, err: unknown) => Promise<void>,
  ) {}

  /** Starts writing the snapshot of each campaign whose snapshot is not complete (one writer each). */
  start(campaigns: readonly ActiveCampaign[]): void {
    for (const c of campaigns) if (!c.snapshotDone && !this.running.has(c.campaignId)) this.run(c.campaignId);
  }

  /** Waits for the chunks being written (a stopping dispatcher lets its writers end after their chunk). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  private run(campaignId: string): void {
    const p = this.write(campaignId).finally(() => this.running.delete(campaignId));
    this.running.set(campaignId, p);
  }

  private async write(campaignId: string): Promise<void> {
    try {
      while (this.live(campaignId)) {
        const n = this.size.get(campaignId) ?? FIRST;
        const t0 = performance.now();
        const r = await this.store.snapshotChunk(campaignId, n);
        const ms = performance.now() - t0;
        this.size.set(campaignId, ms < TARGET_MS / 2 ? Math.min(MAX, n * 2) : ms > TARGET_MS * 2 ? Math.max(MIN, Math.floor(n / 2)) : n);
        const c = this.live(campaignId);
        if (c) {
          // the claim window grows as the chunks land; claims never read past it
          c.lastId = r.lastId;
          c.pendingTotal = r.pendingTotal;
          c.snapshotDone = r.complete;
        }
        if (r.complete) {
          this.size.delete(campaignId);
          return;
        }
      }
    } catch (err) {
      await this.failed(campaignId, err);
    }
  }
}

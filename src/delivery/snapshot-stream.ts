/**
 * The dispatcher's writer of streamed snapshots: a launch writes the first chunk of its audience, and this writes
 * the rest, chunk after chunk (snapshotChunk: rows and cursor in one transaction), while the dispatcher claims and
 * sends what is written. The work loop calls `step` once a turn, after its claims: on the embedded database's single
 * connection a chunk running beside the loop made every claim wait behind it (the first message of a launch waited
 * for two chunks). Chunks are sized to about TARGET_MS each, so the loop's next claim never waits long; the pacer
 * sends from its queue meanwhile. One writer per campaign: the account's lease holder (the cursor row's lock makes sure).
 */
import type { DeliveryStore } from './delivery-store.ts';
import type { ActiveCampaign } from './store.ts';

const TARGET_MS = 100;
const FIRST = 5_000;
const MIN = 1_000;

export class SnapshotStream {
  private readonly size = new Map<string, number>();
  private rr = 0;

  constructor(
    private readonly store: Pick<DeliveryStore, 'snapshotChunk'>,
    /** A chunk failed: the dispatcher sets the campaign aside with a backoff; the cursor stays where it was. */
    private readonly failed: (campaignId: string, err: unknown) => Promise<void>,
    /**
     * The largest chunk (LINECAST_SNAPSHOT_CHUNK_MAX, 200,000 by default). A small cap makes a stream last: the crash
     * test uses it so that its kills land while the snapshot is still being written.
     */
    private readonly max = 200_000,
    /**
     * Chunks run beside the work loop on a connection of their own (PostgreSQL), one at a time, instead of in the
     * loop's turn after its claims (the embedded database's one session: a chunk beside the loop made every claim
     * wait behind it). In line on PostgreSQL, a 1M multicast on one worker sent 53 of its 200 requests a second.
     */
    private readonly beside = false,
  ) {}

  private running: Promise<unknown> | null = null;

  /** The work loop's turn: one chunk in line, or (beside) a chunk started if none is being written. */
  async turn(campaigns: readonly ActiveCampaign[]): Promise<void> {
    if (!this.beside) {
      await this.step(campaigns);
      return;
    }
    // step() reports its own failures (the campaign is set aside); nothing is left to reject
    this.running ??= this.step(campaigns).finally(() => {
      this.running = null;
    });
  }

  /** Resolves once no chunk is being written (a stopping dispatcher waits for it). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Writes one chunk of one campaign whose snapshot is not complete (round robin); false when none is left. */
  async step(campaigns: readonly ActiveCampaign[]): Promise<boolean> {
    const open = campaigns.filter((c) => !c.snapshotDone);
    if (!open.length) return false;
    const c = open[this.rr++ % open.length]!;
    const n = Math.min(this.max, this.size.get(c.campaignId) ?? FIRST);
    const t0 = performance.now();
    try {
      const r = await this.store.snapshotChunk(c.campaignId, n);
      const ms = performance.now() - t0;
      this.size.set(
        c.campaignId,
        ms < TARGET_MS / 2 ? Math.min(this.max, n * 2) : ms > TARGET_MS * 2 ? Math.max(Math.min(MIN, this.max), Math.floor(n / 2)) : n,
      );
      // the claim window grows as the chunks land; claims never read past it
      c.lastId = r.lastId;
      c.pendingTotal = r.pendingTotal;
      c.snapshotDone = r.complete;
      if (r.complete) this.size.delete(c.campaignId);
    } catch (err) {
      await this.failed(c.campaignId, err);
    }
    return true;
  }
}

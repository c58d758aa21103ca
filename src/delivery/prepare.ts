/**
 * Between claiming and sending: each claimed request gets its payload from the campaign's renderer (Liquid on a
 * render thread, tracked links, the check against LINE's rules), one batch at a time per campaign, without the work
 * loop waiting for it. A request whose payload cannot be made is closed with its own reason and never sent; the
 * rest of its batch goes on. Batches are sized to about TARGET_MS of render work (set from what the last one cost,
 * at least doubling while cheaper, cut back when dearer), so an expensive template moves a few recipients at a time and never holds a render thread for long.
 */
import type { Db } from '../db/types.ts';
import { TrackingConflictError } from '../tracking/rewriter.ts';
import type { AttemptResult } from './results.ts';
import { campaignLinks, type CampaignLinks } from './links.ts';
import { CampaignRenderer, type Prepared } from './render/campaign.ts';
import type { RenderPool } from './render/pool.ts';
import type { ActiveCampaign, WorkItem } from './store.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { SendOptions } from '../line/types.ts';

/** A request ready to go: payload made and checked, links stored. */
export interface Ready {
  item: WorkItem;
  payload: unknown[];
  /** The campaign's send options (its LINE aggregation unit), on every request of the campaign. */
  options: SendOptions;
}

interface Runtime {
  /** Made by the first batch (reading the campaign's links); null until then. */
  renderer: CampaignRenderer | null;
  links: CampaignLinks | null;
  /** The batch being prepared; the next one starts after it (links are flushed in order). */
  chain: Promise<void>;
  /** Requests handed in and not yet ready or closed. */
  pending: number;
  /** How many recipients to claim next: grows while a batch costs the render thread little, shrinks when it costs much. */
  batch: number;
}

const TARGET_MS = 100;
const FIRST_BATCH = 8;
const MAX_BATCH = 500;

export interface PrepareSink {
  ready(r: Ready): void;
  closed(r: AttemptResult): void;
  /** Whether the campaign is still Active for this dispatcher (a canceled one's requests stay queued for a resume). */
  live(campaignId: string): boolean;
  /** The campaign's payloads cannot be made (its links or renderer failing): the dispatcher sets it aside for a while. */
  failed(campaignId: string, err: unknown): Promise<void>;
}

export class PrepareStage {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly store: Pick<DeliveryStore, 'releaseUnsent'>,
    private readonly pool: RenderPool,
    private readonly publicBaseUrl: string,
    private readonly lease: { accountId: string; holder: string },
    private readonly sink: PrepareSink,
  ) {}

  /** Requests being prepared, over all campaigns. */
  get pending(): number {
    let n = 0;
    for (const rt of this.runtimes.values()) n += rt.pending;
    return n;
  }

  /**
   * How many recipients to claim for a push campaign now: about TARGET_MS of its render work, or 0 while two batches
   * of it are in the stage. The second waits in the campaign's chain, not in the render pool (one batch per campaign
   * there keeps the threads shared), so the database claims it while the render thread makes the first: one batch
   * at a time, the claim's round trips and the render added up and held the send under its rate.
   */
  claimSize(campaignId: string): number {
    const rt = this.runtimes.get(campaignId);
    if (!rt) return FIRST_BATCH;
    return rt.pending > rt.batch ? 0 : rt.batch;
  }

  /** Whether requests of the campaign are being prepared. */
  preparing(campaignId: string): boolean {
    return (this.runtimes.get(campaignId)?.pending ?? 0) > 0;
  }

  /** Whether the campaign's renderer and links are made. */
  ready(campaignId: string): boolean {
    const rt = this.runtimes.get(campaignId);
    return !!rt?.renderer && !!rt.links;
  }

  /** Makes the campaign's renderer and links now, so a campaign that cannot be prepared fails before any claim. */
  async prepareCampaign(c: ActiveCampaign): Promise<void> {
    await this.make(this.runtimeOf(c), c);
  }

  private async make(rt: Runtime, c: ActiveCampaign): Promise<void> {
    if (rt.renderer && rt.links) return;
    rt.links = await campaignLinks(this.db, c, this.publicBaseUrl);
    const { campaign, messages, utm } = c.content;
    rt.renderer = new CampaignRenderer(this.pool, { key: `revision:${c.revisionId}`, campaign, messages, utm }, rt.links.rewrite);
  }

  /** Forgets a campaign's renderer and links (after a failure: the next attempt makes them afresh). */
  forget(campaignId: string): void {
    this.runtimes.delete(campaignId);
  }

  /** Drops what the stage keeps for campaigns no longer Active (a resume starts afresh). */
  retain(live: Set<string>): void {
    for (const [id, rt] of this.runtimes) if (!live.has(id) && rt.pending === 0) this.runtimes.delete(id);
  }

  /** Hands a campaign's requests over; each ends up ready (sink.ready) or closed with its reason (sink.closed). */
  submit(c: ActiveCampaign, items: WorkItem[]): void {
    if (!items.length) return;
    const rt = this.runtimeOf(c);
    rt.pending += items.length;
    const p = rt.chain
      .then(() => this.prepare(c, rt, items))
      .finally(() => {
        rt.pending -= items.length;
        this.running.delete(p);
      });
    rt.chain = p.catch(() => {});
    this.running.add(p);
  }

  /** Waits until every batch handed in is ready or closed. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private runtimeOf(c: ActiveCampaign): Runtime {
    let rt = this.runtimes.get(c.campaignId);
    if (!rt)
      this.runtimes.set(c.campaignId, (rt = { renderer: null, links: null, chain: Promise.resolve(), pending: 0, batch: FIRST_BATCH }));
    return rt;
  }

  private async prepare(c: ActiveCampaign, rt: Runtime, items: WorkItem[], again = true): Promise<void> {
    const options: SendOptions = c.content.aggregationUnit ? { customAggregationUnits: [c.content.aggregationUnit] } : {};
    let made: Map<WorkItem, Prepared>;
    try {
      await this.make(rt, c);
      if (!rt.renderer || !rt.links) throw new Error('unreachable: make() sets both');
      made = new Map();
      if (c.sendMode === 'push') {
        const byRecipient = await rt.renderer.forRecipients(items.map((i) => i.recipients[0]!));
        // sized by what the batch cost the render thread, not by the wait for one (a busy machine is not a slow
        // template): doubling while cheap reaches 500 in a few batches, and an expensive template is cut back at once
        const ms = rt.renderer.lastMsPerRecipient * items.length;
        // A cheap batch sets the next one to about TARGET_MS of work at once (a cheap template reaches 500 after its
        // first batch: doubling from 8 took six batches, the ~0.75 s ramp a push campaign lost after launch).
        if (ms > TARGET_MS * 2) rt.batch = Math.max(1, Math.floor((items.length * TARGET_MS) / ms));
        else if (ms < TARGET_MS / 2 && items.length >= rt.batch)
          rt.batch = Math.min(MAX_BATCH, Math.max(rt.batch * 2, Math.floor((items.length * TARGET_MS) / Math.max(ms, 1e-3))));
        for (const i of items) made.set(i, byRecipient.get(i.recipients[0]!.id)!);
      } else {
        const shared = await rt.renderer.shared();
        for (const i of items) made.set(i, shared);
      }
      // tracked links named by these payloads are stored before any of them leaves
      await rt.links.flush(this.db);
    } catch (err) {
      if (err instanceof TrackingConflictError && again) return this.prepare(c, rt, items, false);
      // the requests stay queued in the database and are picked again once the campaign's backoff is over
      await this.sink.failed(c.campaignId, err);
      return;
    }
    if (!this.sink.live(c.campaignId)) {
      await this.store
        .releaseUnsent(
          this.lease,
          items.map((i) => i.requestId),
        )
        .catch(() => {});
      return;
    }
    for (const [item, p] of made) {
      if (p.ok) this.sink.ready({ item, payload: p.payload, options });
      else this.sink.closed({ item, outcome: { type: 'failed', reason: p.reason }, status: -1, error: p.detail });
    }
  }
}

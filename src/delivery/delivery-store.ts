/**
 * What the dispatcher needs of the database, as one narrow interface (listmonk's manager has the same seam): the
 * account's lease, its Active campaigns, claims and due picks, results, and the campaign moves and notes that follow
 * from them. `sqlDeliveryStore` implements it on the delivery tables (queries.ts) and reaches campaigns and profiles
 * only through the engine's ports; a test can hand the dispatcher another implementation.
 */
import type { EnginePorts } from '../app/ports.ts';
import type { Db } from '../db/types.ts';
import type { RevisionContent } from '../schemas/revision.ts';
import { acquireLease, releaseLease } from './lease.ts';
import { applyResults, finishIfDone, suspendCampaign, type AttemptResult } from './results.ts';
import {
  activeCampaigns,
  claimNew,
  pickDue,
  releaseUnsent,
  renewRetryKeys,
  reviveInFlight,
  type ActiveCampaign,
  type WorkItem,
} from './store.ts';
import { clearTrouble, noteTrouble } from './trouble.ts';
import { snapshotChunk, type ChunkResult } from './snapshot.ts';

export interface Lease {
  accountId: string;
  holder: string;
}

export interface DeliveryStore {
  /** Takes or renews the account's lease; true while this holder has it. */
  acquireLease(lease: Lease, ttlMs: number): Promise<boolean>;
  releaseLease(lease: Lease): Promise<void>;
  /** A new holder re-sends whatever the previous one had in flight (same keys). */
  reviveInFlight(accountId: string): Promise<number>;
  /** The account's Active campaigns with work left; one whose revision does not read goes to onBroken. */
  activeCampaigns(accountId: string, onBroken?: (campaignId: string, err: unknown) => Promise<void> | void): Promise<ActiveCampaign[]>;
  /** New requests (keys committed) over up to `max` unclaimed recipients of the campaign. */
  claimNew(c: ActiveCampaign, accountId: string, max: number, withAttributes: boolean, inFlightMs: number): Promise<WorkItem[]>;
  /** Queued requests that are due (retries, splits, a dead holder's), taken with SKIP LOCKED. */
  pickDue(accountId: string, campaignIds: string[], limit: number, withAttributes: boolean, inFlightMs: number): Promise<WorkItem[]>;
  /** Picked but never sent: not in doubt, due again at once (only while holding the lease). */
  releaseUnsent(lease: Lease, requestIds: number[]): Promise<void>;
  /** New keys for requests past the 24 h window that LINE certainly never accepted. */
  renewRetryKeys(requestIds: number[]): Promise<Map<number, { retryKey: string; firstAttemptAt: Date }>>;
  /** Writes a batch of attempt results (one transaction). */
  applyResults(results: AttemptResult[]): Promise<void>;
  /** Moves the campaign to Finished when nothing is left to claim or send. */
  finishIfDone(campaignId: string): Promise<boolean>;
  /** Suspends an Active campaign for a reason of the account (deleted, host refused, no token). */
  suspendCampaign(campaignId: string, reason: string): Promise<void>;
  /** The campaign's "delivery_retrying" note, set or cleared. */
  noteTrouble(campaignId: string, err: unknown): Promise<void>;
  clearTrouble(campaignId: string): Promise<void>;
  /** Writes the next chunk of a streaming snapshot (rows and cursor in one transaction). */
  snapshotChunk(campaignId: string, maxProfiles: number): Promise<ChunkResult>;
}

export function sqlDeliveryStore(db: Db, ports: Pick<EnginePorts, 'campaignState' | 'deliveryReads'>): DeliveryStore {
  const reads = ports.deliveryReads;
  // frozen revisions, parsed once per store (the dispatcher lists its campaigns every 250 ms)
  const revisions = new Map<number, RevisionContent>();
  return {
    acquireLease: (l, ttlMs) => acquireLease(db, l.accountId, l.holder, ttlMs),
    releaseLease: (l) => releaseLease(db, l.accountId, l.holder),
    reviveInFlight: (accountId) => reviveInFlight(db, accountId),
    activeCampaigns: (accountId, onBroken) => activeCampaigns(db, reads, accountId, onBroken, revisions),
    claimNew: (c, accountId, max, withAttributes, inFlightMs) => claimNew(db, reads, c, accountId, max, withAttributes, inFlightMs),
    pickDue: (accountId, ids, limit, withAttributes, inFlightMs) => pickDue(db, reads, accountId, ids, limit, withAttributes, inFlightMs),
    releaseUnsent: (l, ids) => releaseUnsent(db, l, ids),
    renewRetryKeys: (ids) => renewRetryKeys(db, ids),
    applyResults: (results) => applyResults(db, ports, results),
    finishIfDone: (campaignId) => finishIfDone(db, ports, campaignId),
    suspendCampaign: (campaignId, reason) => db.tx((q) => suspendCampaign(q, ports, campaignId, reason)),
    noteTrouble: (campaignId, err) => noteTrouble(db, reads, campaignId, err),
    clearTrouble: (campaignId) => clearTrouble(db, reads, campaignId),
    snapshotChunk: (campaignId, maxProfiles) => db.tx((q) => snapshotChunk(q, campaignId, maxProfiles)),
  };
}

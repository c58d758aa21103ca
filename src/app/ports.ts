/**
 * The seams between feature modules, as types: a module that needs another's work names one of these and is given
 * an implementation by the composition root (src/runtime/context.ts), so it never imports that module. Types only.
 */
import type { Queryable } from '../db/types.ts';
import type { CampaignEvent } from '../domain/campaign-state.ts';
import type { LineClient } from '../line/client.ts';
import type { TokenSource } from '../line/tokens.ts';
import type { LineResult, SendOptions, SentMessage } from '../line/types.ts';

/** What the delivery engine needs of LINE: send (with the send options) and let go of the connections. */
export interface LineSender {
  push(to: string, messages: unknown[], retryKey: string, opts?: SendOptions): Promise<LineResult<{ sentMessages: SentMessage[] }>>;
  multicast(to: string[], messages: unknown[], retryKey: string, opts?: SendOptions): Promise<LineResult<Record<string, never>>>;
  close(): Promise<void>;
}

/** A client for one LINE account built from its stored credentials (src/admin/line-access.ts). */
export interface LineAccess {
  ok: true;
  /** The whole client (verify and statistics use more than sending); the engine sees it as a LineSender. */
  client: LineClient;
  /** Where the client gets its token (verify asks a stateless source to issue one now). */
  tokens: TokenSource;
  tokenMode: 'longLived' | 'stateless';
  channelId: string;
  /** The account's rates, never above LINE's limits unless it is an emulator account. */
  pushPerSecond: number;
  multicastPerSecond: number;
  /** A hash of where and with what the client sends: it changes when a holder should build a new client. */
  key: string;
}

export interface LineAccessRefused {
  ok: false;
  /**
   * not_found: the account is gone. line_host_not_allowed: its apiBaseUrl is not LINE's and not allowed
   * (docs/security.md). no_token: a long-lived account without a token (only possible by editing the database).
   */
  reason: 'not_found' | 'line_host_not_allowed' | 'no_token';
  message: string;
}

export interface LineAccessOptions {
  connections?: number;
  timeoutMs?: number;
  /** The operator's extra hosts (default: LINECAST_LINE_ALLOWED_HOSTS from the environment). */
  allowedHosts?: readonly string[];
  /** The access this holder already has: returned as it is (rates refreshed) when nothing it depends on changed. */
  reuse?: LineAccess | null;
}

/** `senderFor(account)`: the one way code gets a LINE client for a stored account (credentials never leave it). */
export type SenderFactory = (q: Queryable, accountId: string, opts?: LineAccessOptions) => Promise<LineAccess | LineAccessRefused>;

/**
 * What modules below src/campaigns (audience, tracking) read of campaigns: they may not import src/campaigns, which
 * imports them. Implemented by src/campaigns/lookup.ts, wired in src/runtime/context.ts.
 */
export interface CampaignLookup {
  /** Of `ids`, those naming a campaign of `workspaceId` (a segment rule may only read its own workspace's campaigns). */
  inWorkspace(q: Queryable, workspaceId: string, ids: readonly string[]): Promise<Set<string>>;
  /**
   * Of `ids`, those naming a campaign, each row share-locked until the caller's transaction ends, so a campaign
   * deleted meanwhile waits for the writes that name it (clicks of a deleted campaign are dropped, not failed).
   */
  lockExisting(q: Queryable, ids: readonly string[]): Promise<Set<string>>;
  /**
   * Campaigns whose LINE statistics may be imported: an aggregation unit and a LINE account, launched after `since`,
   * and Active, Finished or Suspended (sent, or sending).
   */
  withAggregationUnit(q: Queryable, since: Date): Promise<{ id: string; unit: string; lineAccountId: string; launchedAt: Date }[]>;
}

/** What tracking tells audience: the follow state LINE's webhooks report. Implemented by src/audience/profiles.ts. */
export interface ProfileFollowPort {
  /** Sets the follow state of every profile with this LINE user ID (rows already in that state are not rewritten). */
  setFollowStatus(q: Queryable, lineUserId: string, status: 'following' | 'unfollowed'): Promise<void>;
}

/** The campaign state moves the delivery engine makes (a run finishes, a campaign is suspended or retried). */
export type EngineCampaignEvent = Extract<CampaignEvent, 'finish' | 'suspend' | 'retry'>;

/** Campaign state as the delivery engine sees it; implemented by src/campaigns/transitions.ts, wired in runtime. */
export interface CampaignStatePort {
  /** Moves the campaign inside the caller's transaction (locks the row, checks the state table, records history). */
  transition(
    q: Queryable,
    campaignId: string,
    event: EngineCampaignEvent,
    opts: { actor: string; reason?: string | null },
  ): Promise<unknown>;
}

/** What archiving old delivery rows needs to know of campaigns; implemented by src/campaigns/finished.ts. */
export interface CampaignFinishPort {
  /** Name, state and when each campaign last moved to Finished (null: never), for those of the ids that exist. */
  finishInfo(q: Queryable, campaignIds: string[]): Promise<{ id: string; name: string; state: string; finishedAt: Date | null }[]>;
  /** Locks the campaign row, as a state move does, and returns its state (null: no such campaign). */
  lockState(q: Queryable, campaignId: string): Promise<string | null>;
}

/**
 * What the delivery engine reads (and notes) of other modules' tables: campaigns and their frozen revisions
 * (src/campaigns/delivery-reads.ts) and profile attributes (src/audience/profile-reads.ts). Wired in runtime.
 */
export interface DeliveryReadPort {
  /** Of these campaigns, the ids of those that are Active, oldest launch first. */
  activeCampaigns(q: Queryable, campaignIds: readonly string[]): Promise<string[]>;
  /** Frozen revisions by id, unparsed (the engine reads them with the RevisionContent schema). */
  revisions(q: Queryable, revisionIds: readonly number[]): Promise<Map<number, { campaignId: string; content: unknown }>>;
  /**
   * Locks the campaigns' rows (id order, before any delivery row, as a cancel or resume does) for a state move, and
   * says each one's state and when it was last resumed from Suspended.
   */
  lockCampaigns(q: Queryable, campaignIds: readonly string[]): Promise<Map<string, { state: string; resumedAt: Date | null }>>;
  /** Sets the state reason of those of these campaigns that are Active, or (note null) clears it where it starts with `prefix`. */
  noteReason(q: Queryable, campaignIds: readonly string[], note: string | null, prefix: string): Promise<void>;
  /** Profile attributes by profile id (the push renderer's variables); a missing profile is left out. */
  profileAttributes(q: Queryable, profileIds: readonly number[]): Promise<Map<number, Record<string, unknown> | null>>;
}

/** The delivery engine's own dependencies (startDeliveryEngine, sendTest, retryFailed). */
export interface EnginePorts {
  senderFor: SenderFactory;
  campaignState: CampaignStatePort;
  deliveryReads: DeliveryReadPort;
}

/** A stored media file: its size, and its bytes as a stream opened when read. */
export interface StoredFile {
  size: number;
  stream(): NodeJS.ReadableStream;
}

/**
 * Where media bytes live (src/media): the data directory, or an S3-compatible bucket for several API processes.
 * Files are addressed by the SHA-256 of the upload and a variant (`original`, `preview`, `imagemap/1040`…), written
 * once and never changed.
 */
export interface MediaStore {
  /** Stores a file already on local disk (moved, or uploaded and then removed); keeps an existing copy. */
  putFile(hash: string, variant: string, localPath: string): Promise<void>;
  putBuffer(hash: string, variant: string, data: Buffer): Promise<void>;
  get(hash: string, variant: string): Promise<StoredFile | null>;
  /** Removes every variant of a file (no error when there is none). */
  remove(hash: string): Promise<void>;
  /** A scratch path on local disk for an upload in progress (sharp and ffmpeg read files). */
  tempPath(): string;
}

/** The API's shapes, straight from the server's zod schemas (one schema per shape for API and UI). */
import type { z } from 'zod';
import type { Campaign, CampaignPatch, CampaignState, ValidationIssue, ValidationResult, Tab, TestRecipient, Schedule, Activation, Utm, DeliverySpeed } from '../../../src/schemas/campaign.ts';
import type { ApiKey, ApiKeyCreated, LineAccount, Me, User, Workspace } from '../../../src/schemas/admin.ts';
import type { ImportResult, ParentSegment, Profile, Reach, Segment } from '../../../src/schemas/audience.ts';
import type { CampaignReport, Overview } from '../../../src/reporting/schema.ts';
import type { Progress as DeliveryProgress } from '../../../src/delivery/progress.ts';
import type { Condition, EngagementCondition, SegmentRule } from '../../../src/schemas/segment.ts';
import type { SessionInfo } from '../../../src/schemas/auth.ts';

export type { Campaign, CampaignPatch, CampaignState, ValidationIssue, ValidationResult, Tab, TestRecipient, LineAccount, User, Workspace };
export type { DeliveryProgress };
export type { ImportResult, ParentSegment, Profile, Reach, Segment, CampaignReport, Condition, EngagementCondition, SegmentRule };
export type MeResponse = z.infer<typeof Me>;
export type SessionResponse = SessionInfo;
export type WorkspaceOverview = z.infer<typeof Overview>;
export type WorkspaceWithRole = MeResponse['workspaces'][number];
export type ApiKeyRow = z.infer<typeof ApiKey>;
export type ApiKeyCreatedRow = z.infer<typeof ApiKeyCreated>;
export type ScheduleTab = z.infer<typeof Schedule>;
export type ActivationTab = z.infer<typeof Activation>;
export type UtmTab = z.infer<typeof Utm>;
export type DeliverySpeedTab = z.infer<typeof DeliverySpeed>;
export type MessageDraft = Campaign['content']['messages'][number];

/** Live delivery progress (the progress stream's events; derived from the report when the stream is absent). */
export interface Progress {
  state: CampaignState | string;
  accepted: number;
  failed: number;
  excluded: number;
  pending: number;
  canceled?: number;
  /** Requests or recipients a second, now and the account's limit, when the server knows them. */
  ratePerSecond?: number | null;
  recipientsPerSecond?: number | null;
  rateLimit?: number | null;
}

export interface TestSendResult {
  results: { lineUserId: string; status: string; reason?: string | null; requestId?: string | null }[];
}

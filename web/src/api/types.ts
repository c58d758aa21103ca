/** The API's shapes, straight from the server's zod schemas in src/schemas (one schema per shape for API and UI). */
import type { z } from 'zod';
import type {
  Campaign,
  CampaignCreate,
  CampaignPatch,
  CampaignState,
  ValidationIssue,
  ValidationResult,
  Tab,
  TestRecipient,
  TestRecipientInput,
  Schedule,
  Activation,
  Utm,
  DeliverySpeed,
} from '../../../src/schemas/campaign.ts';
import type {
  ApiKey,
  ApiKeyCreated,
  ApiKeyInput,
  LineAccount,
  LineAccountInput,
  LineAccountPatch,
  Me,
  User,
  UserInput,
  UserPatch,
  Workspace,
  WorkspaceIdsBody,
  WorkspaceInput,
  WorkspacePatch,
} from '../../../src/schemas/admin.ts';
import type {
  ImportQuery,
  ImportResult,
  ParentSegment,
  ParentSegmentInput,
  Profile,
  Reach,
  Segment,
  SegmentInput,
  SegmentPatch,
} from '../../../src/schemas/audience.ts';
import type { CampaignReport, Overview } from '../../../src/schemas/report.ts';
import type { Media, Sticker } from '../../../src/schemas/media.ts';
import type { Progress } from '../../../src/schemas/progress.ts';
import type { Condition, EngagementCondition, SegmentRule } from '../../../src/schemas/segment.ts';
import type { PasswordInput, SessionInfo, SignInInput } from '../../../src/schemas/auth.ts';

export type {
  Campaign,
  CampaignPatch,
  CampaignState,
  ValidationIssue,
  ValidationResult,
  Tab,
  TestRecipient,
  LineAccount,
  LineAccountPatch,
  User,
  Workspace,
};
export type { Progress };
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
/** A file of the media library, with the public URLs that go into messages. */
export type MediaItem = z.infer<typeof Media>;
/** A sticker a bot may send (package, ID, name and LINE's preview image). */
export type BotSticker = z.infer<typeof Sticker>;

/** Request bodies as the server's schemas accept them (defaults may be left out: z.input). */
export type CampaignCreateBody = z.input<typeof CampaignCreate>;
export type TestRecipientBody = z.input<typeof TestRecipientInput>;
export type UserBody = z.input<typeof UserInput>;
export type UserPatchBody = z.input<typeof UserPatch>;
export type PasswordBody = z.input<typeof PasswordInput>;
export type SignInBody = z.input<typeof SignInInput>;
export type ApiKeyBody = z.input<typeof ApiKeyInput>;
export type WorkspaceBody = z.input<typeof WorkspaceInput>;
export type WorkspacePatchBody = z.input<typeof WorkspacePatch>;
export type WorkspaceIds = z.input<typeof WorkspaceIdsBody>;
export type LineAccountBody = z.input<typeof LineAccountInput>;
export type LineAccountPatchBody = z.input<typeof LineAccountPatch>;
export type ParentSegmentBody = z.input<typeof ParentSegmentInput>;
export type SegmentBody = z.input<typeof SegmentInput>;
export type SegmentPatchBody = z.input<typeof SegmentPatch>;
/** Import options, sent as query parameters. */
export type ImportOptions = z.input<typeof ImportQuery>;

/** The answer of POST …/test-send (its schema is declared with the route, not in src/schemas). */
export interface TestSendResult {
  results: { lineUserId: string; status: string; reason?: string | null; requestId?: string | null }[];
}

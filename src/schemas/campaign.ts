import { z } from 'zod';
import { ACTIVATION_DEFAULTS as AD, ACTIVATION_LIMITS as AL } from '../domain/activation.ts';
import { CAMPAIGN_STATES } from '../domain/campaign-state.ts';
import { CAMPAIGN_TABS } from '../domain/campaign-validation.ts';
import { LINE_USER_ID, LINE_USER_ID_MESSAGE } from '../domain/line-ids.ts';
import { INT4_MAX, Text, patchOf, storableJson } from './common.ts';
import { KeysetCursor } from './cursor.ts';
import { SUPPORTED_TYPES } from '../domain/messages/limits.ts';

/** The campaign resource: the five tabs of the spec as fields. Shared by the API and the UI. */
export const CampaignState = z.enum(CAMPAIGN_STATES);
export type CampaignState = z.infer<typeof CampaignState>;

export const Audience = z.object({ parentSegmentId: z.uuid().nullable().default(null), segmentId: z.uuid().nullable().default(null) });

/** Drafts may hold messages that break LINE's rules; /validate and launch report them with paths. */
export const MessageDraft = z.looseObject({ type: z.enum(SUPPORTED_TYPES) }).check(storableJson);
export const Content = z.object({
  lineAccountId: z.uuid().nullable().default(null),
  messages: z.array(MessageDraft).max(5, 'a campaign sends at most 5 messages').default([]),
});

export const Schedule = z.object({
  mode: z.enum(['immediate', 'scheduled', 'recurring']).default('immediate'),
  /** Local date-time in timeZone, e.g. 2026-12-24T18:00 */
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'use a local date-time like 2026-12-24T18:00')
    .nullable()
    .default(null),
  timeZone: Text.max(100).default('UTC'),
});

export const Activation = z.object({
  maxAttempts: z.number().int().min(AL.maxAttempts.min).max(AL.maxAttempts.max).default(AD.maxAttempts),
  backoffBaseMs: z.number().int().min(AL.backoffBaseMs.min).max(AL.backoffBaseMs.max).default(AD.backoffBaseMs),
  backoffCapMs: z.number().int().min(AL.backoffCapMs.min).max(AL.backoffCapMs.max).default(AD.backoffCapMs),
});

// No length bound here: drafts may hold long values (rows read back go through this schema too); the 40-character
// UTM rule is the validator's, which names the tab and field at validate and launch.
export const Utm = z.object({
  source: Text.default('line'),
  medium: Text.default('social'),
  campaign: Text.default(''),
  extra: z.record(Text.max(100), Text).default({}),
});

export const DeliverySpeed = z.object({
  mode: z.enum(['fastest', 'staged']).default('fastest'),
  /** staged: spread the whole audience over this many minutes, */
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /** or send to at most this many recipients a minute. */
  perMinute: z.number().int().min(1).max(10_000_000).optional(),
});

export const HistoryEntry = z.object({
  from: CampaignState.nullable(),
  to: CampaignState,
  at: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
});

export const Campaign = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  name: z.string(),
  type: z.literal('line'),
  state: CampaignState,
  stateReason: z.string().nullable(),
  audience: Audience,
  content: Content,
  schedule: Schedule,
  activation: Activation,
  utm: Utm,
  deliverySpeed: DeliverySpeed,
  recipientCap: z.number().int().nullable(),
  trackingEnabled: z.boolean(),
  aggregationUnit: z.string().nullable(),
  sendMode: z.enum(['push', 'multicast']),
  scheduledAt: z.string().nullable(),
  revisionId: z.number().nullable(),
  history: z.array(HistoryEntry),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  launchedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignCreate = z.object({ name: Text.trim().min(1, 'name is required').max(200), type: z.literal('line').default('line') });

/**
 * Every editable field of a campaign. The tabs merge field by field (PATCH {schedule:{timeZone}} keeps the
 * schedule's mode and time); messages, utm.extra and deliverySpeed are values and are replaced whole when named.
 */
export const CampaignEditable = z.object({
  name: Text.trim().min(1).max(200),
  audience: patchOf(Audience),
  content: patchOf(Content),
  schedule: patchOf(Schedule),
  activation: patchOf(Activation),
  utm: patchOf(Utm),
  // A whole value: its mode is named, not defaulted, so a PATCH cannot turn pacing off by leaving mode out.
  deliverySpeed: patchOf(DeliverySpeed).required({ mode: true }),
  recipientCap: z.number().int().min(1).max(INT4_MAX).nullable(),
  trackingEnabled: z.boolean(),
  aggregationUnit: Text.max(30)
    .regex(/^[A-Za-z0-9_]*$/)
    .nullable(),
});
export const CampaignPatch = patchOf(CampaignEditable);
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const Tab = z.enum(CAMPAIGN_TABS);
/**
 * One problem: `message` in English for API users; `code` (src/domain/issues.ts) and `params` for a UI that shows it
 * in the user's language.
 */
export const ValidationIssue = z.object({
  tab: Tab,
  path: z.string(),
  message: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
});
export const ValidationResult = z.object({
  valid: z.boolean(),
  errors: z.array(ValidationIssue),
  warnings: z.array(ValidationIssue).default([]),
  /** Recipients against the LINE account's monthly quota, when it could be read. */
  quota: z
    .object({
      recipients: z.number(),
      limit: z.number().nullable(),
      used: z.number(),
      remaining: z.number().nullable(),
      share: z.number().nullable(),
    })
    .nullable()
    .default(null),
});
export type Tab = z.infer<typeof Tab>;
export type ValidationIssue = z.infer<typeof ValidationIssue>;
export type ValidationResult = z.infer<typeof ValidationResult>;

export const CampaignListQuery = z.object({
  state: CampaignState.optional(),
  /** Case-insensitive search in the name. */
  q: Text.max(200).optional(),
  /** Archived campaigns are hidden unless asked for. */
  archived: z.enum(['false', 'true', 'all']).default('false'),
  cursor: KeysetCursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A saved test recipient of a workspace (the test-send dialog offers these). */
export const LineUserId = z.string().regex(LINE_USER_ID, LINE_USER_ID_MESSAGE);
export const TestRecipient = z.object({ id: z.uuid(), lineUserId: LineUserId, label: z.string() });
export type TestRecipient = z.infer<typeof TestRecipient>;
export const TestRecipientInput = z.object({ lineUserId: LineUserId, label: Text.trim().max(100).default('') });

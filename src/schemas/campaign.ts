import { z } from 'zod';

/** The campaign resource: the five tabs of the spec as fields. Shared by the API and the UI. */
export const CampaignState = z.enum(['Draft', 'Planned', 'Active', 'Finished', 'Suspended']);
export type CampaignState = z.infer<typeof CampaignState>;

export const Audience = z.object({ parentSegmentId: z.uuid().nullable().default(null), segmentId: z.uuid().nullable().default(null) });

/** Drafts may hold messages that break LINE's rules; /validate and launch report them with paths. */
export const MessageDraft = z.looseObject({ type: z.enum(['text', 'imagemap']) });
export const Content = z.object({
  lineAccountId: z.uuid().nullable().default(null),
  messages: z.array(MessageDraft).max(5, 'a campaign sends at most 5 messages').default([]),
});

export const Schedule = z.object({
  mode: z.enum(['immediate', 'scheduled', 'recurring']).default('immediate'),
  /** Local date-time in timeZone, e.g. 2026-12-24T18:00 */
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'use a local date-time like 2026-12-24T18:00').nullable().default(null),
  timeZone: z.string().max(100).default('UTC'),
});

export const Activation = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(6),
  backoffBaseMs: z.number().int().min(100).max(60_000).default(1_000),
  backoffCapMs: z.number().int().min(1_000).max(3_600_000).default(300_000),
});

export const Utm = z.object({
  source: z.string().default('line'),
  medium: z.string().default('social'),
  campaign: z.string().default(''),
  extra: z.record(z.string().max(100), z.string()).default({}),
});

export const DeliverySpeed = z.object({
  mode: z.enum(['fastest', 'staged']).default('fastest'),
  /** staged: spread the whole audience over this many minutes, */
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
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

export const CampaignCreate = z.object({ name: z.string().trim().min(1, 'name is required').max(200), type: z.literal('line').default('line') });
/**
 * A tab with every field optional and no defaults: zod 4 applies defaults inside `.partial()`, which would turn
 * a PATCH of one field into a reset of its siblings.
 */
function patchOf<S extends z.ZodRawShape>(o: z.ZodObject<S>) {
  const shape = Object.fromEntries(Object.entries(o.shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()]));
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]> }>;
}

export const CampaignPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  audience: patchOf(Audience).optional(),
  content: patchOf(Content).optional(),
  schedule: patchOf(Schedule).optional(),
  activation: patchOf(Activation).optional(),
  utm: patchOf(Utm).optional(),
  deliverySpeed: DeliverySpeed.optional(),
  recipientCap: z.number().int().min(1).nullable().optional(),
  trackingEnabled: z.boolean().optional(),
  aggregationUnit: z.string().max(30).regex(/^[A-Za-z0-9_]*$/).nullable().optional(),
});
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const Tab = z.enum(['audience', 'content', 'schedule', 'activation', 'utm']);
export const ValidationIssue = z.object({
  tab: Tab,
  path: z.string(),
  message: z.string(),
  /** Stable machine-readable code with its parameters (warnings from the message policy carry one). */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const ValidationResult = z.object({
  valid: z.boolean(),
  errors: z.array(ValidationIssue),
  warnings: z.array(ValidationIssue).default([]),
  /** Recipients against the LINE account's monthly quota, when it could be read. */
  quota: z
    .object({ recipients: z.number(), limit: z.number().nullable(), used: z.number(), remaining: z.number().nullable(), share: z.number().nullable() })
    .nullable()
    .default(null),
});
export type Tab = z.infer<typeof Tab>;
export type ValidationIssue = z.infer<typeof ValidationIssue>;
export type ValidationResult = z.infer<typeof ValidationResult>;

export const CampaignListQuery = z.object({
  state: CampaignState.optional(),
  /** Case-insensitive search in the name. */
  q: z.string().max(200).optional(),
  /** Archived campaigns are hidden unless asked for. */
  archived: z.enum(['false', 'true', 'all']).default('false'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A saved test recipient of a workspace (the test-send dialog offers these). */
export const LineUserId = z.string().regex(/^U[0-9a-f]{32}$/, 'a LINE user ID is U followed by 32 lowercase hex characters');
export const TestRecipient = z.object({ id: z.uuid(), lineUserId: LineUserId, label: z.string() });
export type TestRecipient = z.infer<typeof TestRecipient>;
export const TestRecipientInput = z.object({ lineUserId: LineUserId, label: z.string().trim().max(100).default('') });

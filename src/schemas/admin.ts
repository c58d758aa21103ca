import { z } from 'zod';
import { EMULATOR_RATE_LIMITS } from '../domain/line-hosts.ts';
import { Role, Text, patchOf, storableText } from './common.ts';
import { LOCALES, isTimeZone } from '../domain/locales.ts';
import { check } from '../domain/issues.ts';

/** An IANA time zone name (Asia/Tokyo). */
export const TimeZone = Text.max(100).refine(isTimeZone, check('schedule_bad_zone_name'));
export const LocaleSchema = z.enum(LOCALES);

export const Workspace = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  /** IANA time zone of schedules, reports and CSV exports; null until set (then UTC is used). */
  timeZone: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Workspace = z.infer<typeof Workspace>;
export const WorkspaceInput = z.object({
  name: Text.trim().min(1, 'name is required').max(200),
  description: Text.max(2000).default(''),
  /** Default: the creating admin's browser zone (the UI sends it). */
  timeZone: TimeZone.nullable().default(null),
});
export const WorkspacePatch = patchOf(WorkspaceInput);

// The URL parser accepts (and percent-encodes) characters the stored text cannot hold, hence storableText.
const httpsOrLocalUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .check(storableText)
  .transform((s) => s.replace(/\/+$/, ''));

export const LineAccount = z.object({
  id: z.uuid(),
  name: z.string(),
  channelId: z.string(),
  channelSecretLast4: z.string(),
  /** null when the account issues stateless tokens (no long-lived token stored). */
  channelAccessTokenLast4: z.string().nullable(),
  tokenMode: z.enum(['longLived', 'stateless']),
  apiBaseUrl: z.string(),
  pushPerSecond: z.number().int(),
  multicastPerSecond: z.number().int(),
  isSandbox: z.boolean(),
  isEmulator: z.boolean(),
  workspaceIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LineAccount = z.infer<typeof LineAccount>;

export const LineAccountInput = z.object({
  name: Text.trim().min(1, 'name is required').max(200),
  channelId: Text.trim().regex(/^\d{1,20}$/, 'channelId must be the numeric channel ID'),
  channelSecret: Text.trim().min(8, 'channelSecret looks too short').max(200),
  /**
   * "longLived" (default): the channel access token below is stored and sent. "stateless": no token is stored;
   * Linecast issues 15-minute tokens from the channel ID and secret (POST /oauth2/v3/token) as it sends.
   * No default here (create applies "longLived"): a default would be applied by the partial PATCH schema too.
   */
  tokenMode: z.enum(['longLived', 'stateless']).optional(),
  /** Required with tokenMode "longLived"; refused with "stateless". */
  channelAccessToken: Text.trim().min(8, 'channelAccessToken looks too short').max(2000).optional(),
  apiBaseUrl: httpsOrLocalUrl.default('https://api.line.me'),
  /**
   * Marks an account that talks to a LINE emulator, not LINE: its apiBaseUrl may be any http(s) URL and its
   * rates may exceed LINE's limits. Admin only, like every LINE account field (docs/security.md). Create applies false.
   */
  isEmulator: z.boolean().optional(),
  // LINE's own caps (2,000 and 200) apply unless the account is an emulator account: checked with the account as a whole.
  pushPerSecond: z.number().int().min(1).max(EMULATOR_RATE_LIMITS.pushPerSecond).default(2000),
  multicastPerSecond: z.number().int().min(1).max(EMULATOR_RATE_LIMITS.multicastPerSecond).default(200),
  workspaceIds: z.array(z.uuid()).max(1000).default([]),
});
export type LineAccountInput = z.infer<typeof LineAccountInput>;
export const LineAccountPatch = patchOf(LineAccountInput.omit({ workspaceIds: true }));
export type LineAccountPatch = z.infer<typeof LineAccountPatch>;
export const WorkspaceIdsBody = z.object({ workspaceIds: z.array(z.uuid()).max(1000) });

export const Membership = z.object({ workspaceId: z.uuid(), role: Role });
export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  memberships: z.array(Membership),
  /** The UI language the user chose; null = follow the browser. */
  locale: LocaleSchema.nullable(),
  /** Whether the user can sign in with a password (the hash itself never leaves the server). */
  hasPassword: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;
export const UserInput = z.object({
  email: z.email().max(320),
  name: Text.max(200).default(''),
  isAdmin: z.boolean().default(false),
  memberships: z.array(Membership).max(1000).default([]),
});
export const UserPatch = patchOf(UserInput.omit({ email: true })).extend({ locale: LocaleSchema.nullable().optional() });
/** What users may change on themselves without being admins. */
export const SELF_PATCHABLE = ['locale'] as const;

export const ApiKey = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
export const ApiKeyInput = z.object({ userId: z.uuid().optional(), name: Text.max(200).default('') });

export const Me = z.object({ user: User, workspaces: z.array(Workspace.extend({ role: Role })) });

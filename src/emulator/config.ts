import { z } from 'zod';

/** Probability (0–1) per request, or a count of the next N matching requests; both may be set. */
const faultSchema = z.object({
  rate: z.number().min(0).max(1).default(0),
  next: z.number().int().min(0).default(0),
});

export const faultsSchema = z.object({
  /** Answer 5xx without accepting (nothing recorded). */
  serverError: faultSchema.default({ rate: 0, next: 0 }),
  serverErrorStatus: z.number().int().min(500).max(599).default(500),
  /** Hang before accepting: the request is not recorded, the retry key stays free. */
  timeoutBeforeAccept: faultSchema.default({ rate: 0, next: 0 }),
  /** Accept and record (retry key consumed), then hang or close the connection instead of answering. */
  timeoutAfterAccept: faultSchema.default({ rate: 0, next: 0 }),
  /** How an after-acceptance timeout ends for the client: a hung socket, or a connection reset. */
  afterAccept: z.enum(['hang', 'close']).default('hang'),
  /** How long a hung request is held before the socket is destroyed. */
  hangMs: z.number().int().min(0).default(60_000),
  /** 429 rate-limit answers regardless of the bucket (a burst). */
  rateLimit: faultSchema.default({ rate: 0, next: 0 }),
  /**
   * 400 `{"message":"Failed to send messages"}` with no details: LINE's "couldn't send" answer, which names no
   * recipient (for a multicast, the sender cannot tell which `to` entry was at fault). Nothing is recorded.
   */
  failedToSend: faultSchema.default({ rate: 0, next: 0 }),
  /** Added before each LINE endpoint answers. */
  latencyMs: z.number().int().min(0).default(0),
  /** Extra random latency up to this many ms. */
  latencyJitterMs: z.number().int().min(0).default(0),
  /** Which endpoints the faults apply to (names as in stats: push, multicast, …). */
  endpoints: z.array(z.string()).default(['push', 'multicast', 'narrowcast', 'broadcast']),
});

export const rateLimitsSchema = z.object({
  enabled: z.boolean().default(true),
  /** The bucket holds this many seconds' worth of requests (LINE does not publish its burst size). */
  burstSeconds: z.number().positive().default(1),
  /** Requests per second per channel. */
  push: z.number().positive().default(2000),
  multicast: z.number().positive().default(200),
  /** Every other endpoint LINE rates at 2,000/s (validate, quota, bot info, …). */
  other: z.number().positive().default(2000),
  /** Statistics, narrowcast and broadcast: per hour. */
  perHour: z.number().positive().default(60),
});

export const botInfoSchema = z.object({
  userId: z.string().default('U0123456789abcdef0123456789abcdef'),
  basicId: z.string().default('@linecast'),
  displayName: z.string().default('Linecast Emulator'),
  chatMode: z.enum(['chat', 'bot']).default('bot'),
  markAsReadMode: z.enum(['auto', 'manual']).default('auto'),
});

export const emulatorConfigSchema = z.object({
  /** Accepted channel access tokens; null accepts any bearer token. Each token is its own channel. */
  tokens: z.array(z.string().min(1)).nullable().default(null),
  /** Secret used to sign webhooks (and reported by verify as the channel). */
  channelSecret: z.string().default('emulator-channel-secret'),
  channelId: z.string().default('1234567890'),
  /** Lifetime of tokens from POST /oauth2/v3/token (LINE: 900 s); short values let tests cross an expiry. */
  statelessTokenTtlSeconds: z.number().int().min(1).max(86_400).default(900),
  bot: botInfoSchema.default(botInfoSchema.parse({})),
  /** State of well-formed user IDs that are not listed in `users`. */
  defaultUserState: z.enum(['following', 'unknown']).default('following'),
  /**
   * LINE's docs contradict each other on multicast to a non-existent ID: `skip` it (200, not delivered),
   * `reject` the batch with a 400 naming `to[i]`, or `fail` the batch with LINE's 400 "Failed to send
   * messages" that names no recipient.
   */
  multicastUnknown: z.enum(['skip', 'reject', 'fail']).default('skip'),
  /**
   * Also refuse what LINE's documentation does not refuse but Linecast warns about (src/domain/messages/policy.ts:
   * file extension on an imagemap baseUrl, areas outside the image, zero sizes, empty altText, …) and the
   * request details LINE leaves open (a retry key that is not a UUID, a non-boolean notificationDisabled,
   * a multicast user ID in upper-case hex). Off by default: the emulator accepts what LINE accepts.
   */
  strict: z.boolean().default(false),
  /** Moves the emulator's clock (ms): step over a day for the statistics or over a retry key's 24 hours. */
  clockOffsetMs: z.number().int().default(0),
  quota: z.object({ type: z.enum(['none', 'limited']), value: z.number().int().min(0).optional() }).default({ type: 'none' }),
  rateLimits: rateLimitsSchema.default(rateLimitsSchema.parse({})),
  faults: faultsSchema.default(faultsSchema.parse({})),
  /** messages: per-user list of what arrived; counts: per-user counts only; none: totals only. */
  record: z.enum(['messages', 'counts', 'none']).default('messages'),
  retryKeyTtlMs: z
    .number()
    .int()
    .min(1)
    .default(24 * 60 * 60 * 1000),
  /** How long a reply token from a follow webhook can be used (LINE: "invalid after a certain period of time"). */
  replyTokenTtlMs: z.number().int().min(1).default(60_000),
  /** Share of delivered recipients reported as impressions / clicks by the per-unit statistics. */
  insight: z.object({ impressionRate: z.number().min(0).max(1).default(0.6), clickRate: z.number().min(0).max(1).default(0.1) }).default({
    impressionRate: 0.6,
    clickRate: 0.1,
  }),
});
export type EmulatorConfig = z.infer<typeof emulatorConfigSchema>;
export type EmulatorConfigInput = z.input<typeof emulatorConfigSchema>;
export type FaultSpec = z.infer<typeof faultSchema>;

/** User state changes, additive: each listed ID takes that state. */
export const usersPatchSchema = z.object({
  following: z.array(z.string()).optional(),
  blocked: z.array(z.string()).optional(),
  unknown: z.array(z.string()).optional(),
});
export type UsersPatch = z.infer<typeof usersPatchSchema>;

/** Body of `PUT /_emulator/config`: any subset of the config (objects merge one level deep), plus user states and usage. */
export const configPatchSchema = z
  .object({
    users: usersPatchSchema.optional(),
    /** Set this month's consumption for the calling token's channel (or `consumptionToken`). */
    consumption: z.number().int().min(0).optional(),
    consumptionToken: z.string().optional(),
  })
  .catchall(z.unknown());

export function mergeConfig(current: EmulatorConfig, patch: Record<string, unknown>): EmulatorConfig {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'users' || k === 'consumption' || k === 'consumptionToken') continue;
    const cur = (current as Record<string, unknown>)[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) {
      next[k] = { ...(cur as object), ...(v as object) };
    } else {
      next[k] = v;
    }
  }
  return emulatorConfigSchema.parse(next);
}

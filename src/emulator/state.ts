import { emulatorConfigSchema, mergeConfig, type EmulatorConfig, type EmulatorConfigInput, type FaultSpec, type UsersPatch } from './config.ts';
import { DeliveryLog } from './deliveries.ts';
import { RateLimiter } from './rate-limit.ts';
import { readStatelessToken } from './oauth.ts';
import { Stats } from './stats.ts';

export type UserState = 'following' | 'blocked' | 'unknown';

export interface SentMessage {
  id: string;
  quoteToken?: string;
}

interface RetryEntry {
  requestId: string;
  at: number;
  sentMessages?: SentMessage[];
}

/** Per channel (per access token): this month's usage, units used, and daily counts per endpoint. */
export interface ChannelState {
  consumption: number;
  /** unit → date (yyyyMMdd, UTC+9) → recipients delivered; plus the first payload sent under the unit. */
  units: Map<string, { byDate: Map<string, number>; messages: unknown[] }>;
  /** `${endpoint}:${yyyyMMdd}` → recipients delivered. */
  daily: Map<string, number>;
}

export const USER_ID = /^U[0-9a-f]{32}$/;

/** Everything the emulator remembers; the HTTP layer is a thin shell over this. */
export class EmulatorState {
  config: EmulatorConfig;
  readonly initialConfig: EmulatorConfig;
  readonly users = new Map<string, UserState>();
  readonly limiter = new RateLimiter();
  readonly log = new DeliveryLog();
  readonly stats = new Stats();
  private retryKeys = new Map<string, RetryEntry>();
  private channels = new Map<string, ChannelState>();
  private messageSeq = 0;
  private lastSweep = 0;

  constructor(input: EmulatorConfigInput = {}) {
    this.initialConfig = emulatorConfigSchema.parse(input);
    this.config = cloneConfig(this.initialConfig);
  }

  /**
   * Whether a bearer token may call the API: a stateless token this emulator issued while it is unexpired (a
   * forged or expired one never), otherwise one in `tokens` (any, when `tokens` is null).
   */
  tokenAllowed(token: string, now = Date.now()): boolean {
    const issued = readStatelessToken(token);
    if (issued === 'forged') return false;
    if (issued) return now < issued.expiresAt;
    return this.config.tokens === null || this.config.tokens.includes(token);
  }

  /**
   * The channel a token speaks for (rate limits, retry keys, usage): every stateless token of a channel is the
   * same channel, so a retry after a renewal still meets its retry key; any other token is its own channel.
   */
  channelKeyOf(token: string): string {
    const issued = readStatelessToken(token);
    return issued && issued !== 'forged' ? `channel:${issued.channelId}` : token;
  }

  /** Followers by default; IDs listed in `users` (or unfollowed by a webhook) take their configured state. */
  userState(userId: string): UserState {
    return this.users.get(userId) ?? this.config.defaultUserState;
  }

  setUsers(patch: UsersPatch): void {
    for (const id of patch.following ?? []) this.users.set(id, 'following');
    for (const id of patch.blocked ?? []) this.users.set(id, 'blocked');
    for (const id of patch.unknown ?? []) this.users.set(id, 'unknown');
  }

  channel(token: string): ChannelState {
    let c = this.channels.get(token);
    if (!c) {
      c = { consumption: 0, units: new Map(), daily: new Map() };
      this.channels.set(token, c);
    }
    return c;
  }

  channelSummaries(): Array<{ token: string; consumption: number; units: string[] }> {
    return [...this.channels].map(([token, c]) => ({ token: mask(token), consumption: c.consumption, units: [...c.units.keys()] }));
  }

  /** Retry keys are scoped per channel (LINE does not say; per channel is the safe reading). */
  acceptedRetry(token: string, key: string, now: number): RetryEntry | undefined {
    this.sweep(now);
    const e = this.retryKeys.get(token + '\n' + key);
    if (e && now - e.at < this.config.retryKeyTtlMs) return e;
    return undefined;
  }

  rememberRetry(token: string, key: string, entry: RetryEntry): void {
    const k = token + '\n' + key;
    this.retryKeys.delete(k); // keep the Map in insertion = time order for the sweep
    this.retryKeys.set(k, entry);
  }

  get retryKeyCount(): number {
    return this.retryKeys.size;
  }

  /** Entries are in acceptance order, so expired ones are at the front. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    const ttl = this.config.retryKeyTtlMs;
    for (const [k, e] of this.retryKeys) {
      if (now - e.at < ttl) break;
      this.retryKeys.delete(k);
    }
  }

  /** Rate class per endpoint as in LINE's table: push, multicast, 60/hour ones, and 2,000/s for the rest. */
  takeRate(token: string, endpoint: string, now: number): boolean {
    const rl = this.config.rateLimits;
    if (!rl.enabled) return true;
    const hourly = endpoint === 'statistics' || endpoint === 'narrowcast' || endpoint === 'broadcast';
    const perSecond = hourly ? rl.perHour / 3600 : endpoint === 'push' ? rl.push : endpoint === 'multicast' ? rl.multicast : rl.other;
    // Hourly limits hold an hour's worth; per-second ones `burstSeconds` worth (at least one request).
    const capacity = hourly ? rl.perHour : Math.max(1, perSecond * rl.burstSeconds);
    return this.limiter.take(token + '\n' + endpoint, capacity, perSecond / 1000, now);
  }

  /** Whether a configured fault fires for this request (a pending `next` count first, then the rate). */
  roll(spec: FaultSpec, endpoint: string): boolean {
    if (!this.config.faults.endpoints.includes(endpoint)) return false;
    if (spec.next > 0) {
      spec.next--;
      return true;
    }
    return spec.rate > 0 && Math.random() < spec.rate;
  }

  /** LINE message ids are 18-digit numeric strings; quote tokens are opaque. */
  nextSentMessage(quotable: boolean): SentMessage {
    const n = ++this.messageSeq;
    const id = '5' + String(n).padStart(17, '0');
    return quotable ? { id, quoteToken: `q${n.toString(36)}-${id.slice(-6)}` } : { id };
  }

  setConfig(patch: Record<string, unknown>): void {
    this.config = mergeConfig(this.config, patch);
  }

  /** Back to the start-up config with nothing remembered. */
  reset(): void {
    this.config = cloneConfig(this.initialConfig);
    this.users.clear();
    this.limiter.reset();
    this.log.clear();
    this.stats.reset();
    this.retryKeys.clear();
    this.channels.clear();
  }
}

/** Fault counters are consumed in place, so the start-up config must never be the live one. */
function cloneConfig(c: EmulatorConfig): EmulatorConfig {
  return emulatorConfigSchema.parse(structuredClone(c));
}

function mask(token: string): string {
  return token.length <= 4 ? '****' : `…${token.slice(-4)}`;
}

/** yyyyMMdd in UTC+9, LINE's statistics day. */
export function jstDate(ms: number): string {
  const d = new Date(ms + 9 * 3600_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

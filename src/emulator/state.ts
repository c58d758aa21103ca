import { createHash } from 'node:crypto';
import { LINE_USER_ID } from '../domain/line-ids.ts';
import {
  emulatorConfigSchema,
  mergeConfig,
  type EmulatorConfig,
  type EmulatorConfigInput,
  type FaultSpec,
  type UsersPatch,
} from './config.ts';
import { DeliveryLog, type SentMessage } from './deliveries.ts';
import type { AcceptEvent, StateEvent } from './events.ts';
import { RateLimiter } from './rate-limit.ts';
import { RetryKeys, type RetryEntry } from './retry-keys.ts';
import { readStatelessToken } from './oauth.ts';
import { Stats } from './stats.ts';

export type UserState = 'following' | 'blocked' | 'unknown';
export type { SentMessage, RetryEntry };

/** Per channel (per access token): this month's usage, units used, and daily counts per endpoint. */
export interface ChannelState {
  /** The token's last characters, for the inspection API (the token itself is never kept on disk). */
  hint: string;
  consumption: number;
  /** unit → date (yyyyMMdd, UTC+9) → recipients delivered; plus the first payload sent under the unit. */
  units: Map<string, { byDate: Map<string, number>; messages: unknown[] }>;
  /** `${endpoint}:${yyyyMMdd}` → recipients delivered. */
  daily: Map<string, number>;
}

/** Where state changes go besides memory (the state directory's journal), if anywhere. */
export interface StateSink {
  append(event: StateEvent): void;
}

/** Everything the emulator remembers; the HTTP layer is a thin shell over this. */
export class EmulatorState {
  config: EmulatorConfig;
  readonly initialConfig: EmulatorConfig;
  readonly users = new Map<string, UserState>();
  readonly limiter = new RateLimiter();
  readonly log = new DeliveryLog();
  readonly stats = new Stats();
  readonly retryKeys = new RetryKeys(() => this.config.retryKeyTtlMs);
  /** channel id (hash of the token) → state. */
  readonly channels = new Map<string, ChannelState>();
  /** Reply tokens handed out in follow webhooks: token → user (used once, not kept across restarts). */
  readonly replyTokens = new Map<string, { userId: string; at: number }>();
  sink: StateSink | null = null;
  messageSeq = 0;
  private channelIds = new Map<string, string>();

  constructor(input: EmulatorConfigInput = {}) {
    this.initialConfig = emulatorConfigSchema.parse(input);
    this.config = cloneConfig(this.initialConfig);
  }

  /** The emulator's clock: real time moved by `clockOffsetMs`, so tests can step over a day or a retry window. */
  now(): number {
    return Date.now() + this.config.clockOffsetMs;
  }

  /**
   * Whether a bearer token may call the API: a stateless token this emulator issued while it is unexpired (a
   * forged or expired one never), otherwise one in `tokens` (any, when `tokens` is null).
   */
  tokenAllowed(token: string, now = this.now()): boolean {
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
    const s = this.users.get(userId);
    if (s) return s;
    // An ID outside LINE's format (upper-case hex) can only be "a user ID that doesn't exist in this channel".
    return LINE_USER_ID.test(userId) ? this.config.defaultUserState : 'unknown';
  }

  setUsers(patch: UsersPatch): void {
    this.applyUsers(patch);
    if (patch.following?.length || patch.blocked?.length || patch.unknown?.length) this.sink?.append({ t: 'users', ...patch });
  }

  applyUsers(patch: UsersPatch): void {
    for (const id of patch.following ?? []) this.users.set(id, 'following');
    for (const id of patch.blocked ?? []) this.users.set(id, 'blocked');
    for (const id of patch.unknown ?? []) this.users.set(id, 'unknown');
  }

  /** The channel id of a token: a hash, so the state directory never holds an access token. */
  channelId(token: string): string {
    let id = this.channelIds.get(token);
    if (!id) {
      id = createHash('sha256').update(token).digest('base64url').slice(0, 22);
      if (this.channelIds.size > 10_000) this.channelIds.clear();
      this.channelIds.set(token, id);
      if (!this.channels.has(id)) {
        this.channels.set(id, newChannel(mask(token)));
        this.sink?.append({ t: 'ch', ch: id, hint: mask(token) });
      }
    }
    return id;
  }

  channel(token: string): ChannelState {
    return this.channelById(this.channelId(token));
  }

  channelById(id: string, hint = '****'): ChannelState {
    let c = this.channels.get(id);
    if (!c) this.channels.set(id, (c = newChannel(hint)));
    return c;
  }

  setConsumption(token: string, value: number): void {
    const ch = this.channelId(token);
    this.channelById(ch).consumption = value;
    this.sink?.append({ t: 'usage', ch, v: value });
  }

  channelSummaries(): Array<{ token: string; consumption: number; units: string[] }> {
    return [...this.channels.values()].map((c) => ({ token: c.hint, consumption: c.consumption, units: [...c.units.keys()] }));
  }

  /**
   * The key's entry for this request, opening its 24-hour window at the first request that carries it. A
   * window opened by a request that is then not accepted is still remembered (journalled by `settle`).
   */
  touchRetry(token: string, key: string, now: number): RetryEntry {
    const ch = this.channelId(token);
    const { entry, opened } = this.retryKeys.touch(ch, key, now);
    if (opened) this.pendingKey = { ch, key, entry };
    return entry;
  }

  /** The accepted request under a retry key, if LINE would answer 409 for it now (tests prove a kill landed after acceptance). */
  acceptedRetry(token: string, key: string, now = this.now()): RetryEntry | undefined {
    const e = this.retryKeys.peek(this.channelId(this.channelKeyOf(token)), key, now);
    return e?.requestId ? e : undefined;
  }

  private pendingKey: { ch: string; key: string; entry: RetryEntry } | null = null;

  /** After each request: a key first seen on a request that was not accepted still has its window journalled. */
  settle(): void {
    const p = this.pendingKey;
    if (!p) return;
    this.pendingKey = null;
    if (!p.entry.requestId) this.sink?.append({ t: 'seen', ch: p.ch, key: p.key, first: p.entry.firstAt });
  }

  get retryKeyCount(): number {
    return this.retryKeys.size;
  }

  /** Records an accepted send (deliveries, usage, daily count, unit, retry key) and journals it. */
  accept(token: string, e: Omit<AcceptEvent, 't' | 'ch'>, entry?: RetryEntry): void {
    const ev: AcceptEvent = { t: 'acc', ch: this.channelId(token), ...e };
    if (entry) {
      entry.requestId = e.rid;
      if (e.sent) entry.sentMessages = e.sent;
      ev.first = entry.firstAt;
      if (this.pendingKey?.entry === entry) this.pendingKey = null;
    }
    this.applyAccept(ev, false);
    if (!this.sink) return;
    // Only what the record mode keeps is written; the unit's first payload is kept whatever the mode.
    const mode = this.config.record;
    this.sink.append(mode === 'messages' ? ev : { ...ev, msgs: ev.unit ? ev.msgs : undefined, to: mode === 'counts' ? ev.to : undefined });
  }

  /** The effect of one accepted send, live or replayed from the journal (`replay` also restores its retry key). */
  applyAccept(ev: AcceptEvent, replay: boolean): void {
    const messages = ev.msgs ?? [];
    const rec = {
      requestId: ev.rid,
      endpoint: ev.ep,
      at: ev.at,
      messages,
      ...(ev.key ? { retryKey: ev.key } : {}),
      ...(ev.unit ? { unit: ev.unit } : {}),
    };
    const to = ev.to ?? [];
    if (ev.to) this.log.record(this.config.record, to, rec);
    else this.log.total += ev.n;
    const ch = this.channelById(ev.ch);
    // Replies are free (LINE's pricing): they are recorded and counted per day but use no quota.
    if (ev.ep !== 'reply') ch.consumption += ev.n;
    const day = jstDate(ev.at);
    const dk = `${ev.ep}:${day}`;
    ch.daily.set(dk, (ch.daily.get(dk) ?? 0) + ev.n);
    if (ev.unit) {
      let u = ch.units.get(ev.unit);
      if (!u) ch.units.set(ev.unit, (u = { byDate: new Map(), messages }));
      u.byDate.set(day, (u.byDate.get(day) ?? 0) + ev.n);
    }
    for (const m of ev.sent ?? []) this.messageSeq = Math.max(this.messageSeq, Number(m.id.slice(1)) || 0);
    if (replay && ev.key && ev.first !== undefined) {
      this.retryKeys.restore(
        ev.ch,
        ev.key,
        { firstAt: ev.first, requestId: ev.rid, ...(ev.sent ? { sentMessages: ev.sent } : {}) },
        Math.max(ev.at, ev.first),
      );
    }
  }

  /** Rate class per endpoint as in LINE's table: push, multicast, 60/hour ones, and 2,000/s for the rest. */
  takeRate(token: string, endpoint: string, now: number): boolean {
    const rl = this.config.rateLimits;
    if (!rl.enabled) return true;
    const hourly = HOURLY.has(endpoint);
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

  /** Back to the start-up config with nothing remembered (the state directory is emptied too). */
  reset(): void {
    this.config = cloneConfig(this.initialConfig);
    this.users.clear();
    this.limiter.reset();
    this.log.clear();
    this.stats.reset();
    this.retryKeys.clear();
    this.channels.clear();
    this.channelIds.clear();
    this.replyTokens.clear();
    this.messageSeq = 0;
    this.pendingKey = null;
    this.sink?.append({ t: 'reset' });
  }
}

/** LINE's 60-requests-per-hour endpoints among the ones the emulator serves. */
const HOURLY = new Set(['statistics', 'insight/delivery', 'narrowcast', 'broadcast']);

function newChannel(hint: string): ChannelState {
  return { hint, consumption: 0, units: new Map(), daily: new Map() };
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

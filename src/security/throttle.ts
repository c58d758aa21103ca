import net from 'node:net';
import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/**
 * Throttling of authentication failures, counted in the database (table auth_throttle) so the limits hold across
 * every API process of a scale-out. Each key has one fixed window: the first failure opens it, and once a key has
 * reached its limit every attempt under it answers 429 until the window closes (Retry-After says when).
 *
 * Wrong passwords count per client address and per account (so neither one address nor many addresses can guess
 * one account's password quickly); wrong API keys count per client address, in their own bucket, so a script
 * with a revoked key does not lock people out of signing in.
 */
export interface ThrottleRule {
  readonly prefix: string;
  readonly limit: number;
  readonly windowMs: number;
}

const WINDOW_MS = 15 * 60_000;
export const THROTTLE = {
  passwordIp: { prefix: 'password-ip', limit: 30, windowMs: WINDOW_MS },
  passwordAccount: { prefix: 'password-account', limit: 10, windowMs: WINDOW_MS },
  apiKeyIp: { prefix: 'api-key-ip', limit: 30, windowMs: WINDOW_MS },
} as const satisfies Record<string, ThrottleRule>;

export interface ThrottleKey {
  rule: ThrottleRule;
  id: string;
}

const keyOf = (k: ThrottleKey) => `${k.rule.prefix}:${k.id}`;

/**
 * The address a limit is kept for: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64 network, since one
 * client usually holds a whole /64 and could otherwise step to a fresh address for every guess.
 */
export function clientKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (net.isIPv6(ip)) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return (
      groups
        .slice(0, 4)
        .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
        .join(':') + '::/64'
    );
  }
  return ip;
}

const secondsUntil = (d: Date) => Math.max(1, Math.ceil((d.getTime() - Date.now()) / 1000));

/** Seconds until the first of `keys` that has reached its limit may try again; null when none has. */
export async function blockedFor(q: Queryable, keys: ThrottleKey[]): Promise<number | null> {
  const r = await q.query<{ key: string; failures: number; reset_at: Date }>(sql.blockedFor, [keys.map(keyOf)]);
  let wait: number | null = null;
  for (const row of r.rows) {
    const k = keys.find((x) => keyOf(x) === row.key)!;
    if (row.failures >= k.rule.limit) wait = Math.max(wait ?? 0, secondsUntil(row.reset_at));
  }
  return wait;
}

/** Counts one attempt (or failure) under each key; answers the wait when one of them is now over its limit. */
export async function countAttempt(q: Queryable, keys: ThrottleKey[]): Promise<number | null> {
  let wait: number | null = null;
  for (const k of keys) {
    const r = await q.query<{ failures: number; reset_at: Date }>(sql.countAttempt, [keyOf(k), k.rule.windowMs]);
    const row = r.rows[0]!;
    if (row.failures > k.rule.limit) wait = Math.max(wait ?? 0, secondsUntil(row.reset_at));
  }
  return wait;
}

/** Takes back one counted attempt (it succeeded), or forgets the key entirely. */
export async function forgiveAttempt(q: Queryable, k: ThrottleKey, opts: { all?: boolean } = {}): Promise<void> {
  if (opts.all) await q.query(sql.forgetAttempts, [keyOf(k)]);
  else await q.query(sql.forgiveOneAttempt, [keyOf(k)]);
}

/** Removes closed windows; they no longer count, this only keeps the table small. */
export async function pruneThrottle(q: Queryable): Promise<number> {
  return (await q.query(sql.pruneThrottle)).rowCount;
}

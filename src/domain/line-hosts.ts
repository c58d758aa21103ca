/**
 * Where a LINE account's credentials may be sent, and how fast (pure: no I/O, shared by the API, the
 * delivery engine and the UI). A channel access token or channel secret is only ever sent to LINE's own API
 * hosts, to a host the operator allowed by configuration, or — for an account an admin marked as an emulator —
 * anywhere, because an emulator runs wherever the operator puts it.
 */

/** LINE's Messaging API hosts (reference/line-openapi: api.line.me for the API and OAuth, api-data.line.me for content). */
export const LINE_API_HOSTS = ['api.line.me', 'api-data.line.me'] as const;

/** LINE's per-channel rate limits for the two sending endpoints (reference/line-messaging-api.md §1.7). */
export const LINE_RATE_LIMITS = { pushPerSecond: 2_000, multicastPerSecond: 200 } as const;

/** What an emulator account may be set to (the emulator has no fixed limit; this keeps a runaway setting bounded). */
export const EMULATOR_RATE_LIMITS = { pushPerSecond: 10_000, multicastPerSecond: 1_000 } as const;

export type HostVerdict = { ok: true; via: 'line' | 'operator' | 'emulator' } | { ok: false; message: string };

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function originOf(u: URL): string {
  const port = u.port && u.port !== DEFAULT_PORT[u.protocol] ? `:${u.port}` : '';
  return `${u.protocol}//${u.hostname}${port}`;
}

/**
 * Parses the operator's allow-list (`LINECAST_LINE_ALLOWED_HOSTS`): comma-separated entries, each a bare host
 * (`proxy.example`, `proxy.example:8443`, meaning HTTPS) or an origin (`http://10.0.0.5:8080`). Returns
 * normalised origins; throws on an entry that is neither, so a typo stops the start instead of silently
 * refusing every send.
 */
export function parseAllowedHosts(value: string | undefined | null): string[] {
  const out: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    let u: URL;
    try {
      u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `https://${entry}`);
    } catch {
      throw new Error(`LINECAST_LINE_ALLOWED_HOSTS: "${entry}" is not a host or an http(s) origin`);
    }
    if (
      (u.protocol !== 'https:' && u.protocol !== 'http:') ||
      u.username ||
      u.password ||
      (u.pathname !== '/' && u.pathname !== '') ||
      u.search ||
      u.hash
    )
      throw new Error(`LINECAST_LINE_ALLOWED_HOSTS: "${entry}" must be a host, host:port or http(s)://host[:port] with nothing after it`);
    out.push(originOf(u));
  }
  return [...new Set(out)];
}

/**
 * May an account whose API base URL is `apiBaseUrl` be called with its credentials? LINE's hosts over HTTPS
 * on the default port, at the root; an operator-allowed origin (any path); anything http(s) for an emulator
 * account. Credentials in the URL, a query or a fragment are refused everywhere (they would leak or be dropped).
 */
export function checkApiBaseUrl(apiBaseUrl: string, isEmulator: boolean, allowedOrigins: readonly string[]): HostVerdict {
  let u: URL;
  try {
    u = new URL(apiBaseUrl);
  } catch {
    return { ok: false, message: 'must be an http(s) URL' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, message: 'must be an http(s) URL' };
  if (u.username || u.password) return { ok: false, message: 'must not contain a user name or password' };
  if (u.search || u.hash) return { ok: false, message: 'must not contain a query or a fragment' };
  const origin = originOf(u);
  if ((LINE_API_HOSTS as readonly string[]).includes(u.hostname)) {
    if (origin !== `https://${u.hostname}`)
      return { ok: false, message: `LINE's API is only reached over HTTPS on the default port (https://${u.hostname})` };
    if (u.pathname !== '/' && u.pathname !== '')
      return { ok: false, message: `LINE's API is served at the root of ${u.hostname}; remove the path` };
    return { ok: true, via: 'line' };
  }
  if (allowedOrigins.includes(origin)) return { ok: true, via: 'operator' };
  if (isEmulator) return { ok: true, via: 'emulator' };
  return {
    ok: false,
    message:
      `${origin} is not a LINE API host (${LINE_API_HOSTS.join(', ')}); credentials are only sent to LINE. ` +
      'Mark the account as an emulator account, or have the operator allow the host with LINECAST_LINE_ALLOWED_HOSTS',
  };
}

/** Whether the URL's origin differs between two base URLs (for "the secrets would go somewhere new"). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return originOf(new URL(a)) === originOf(new URL(b));
  } catch {
    return false;
  }
}

export type TokenMode = 'longLived' | 'stateless';

/** The fields of a LINE account the cross-field rules look at (after a PATCH is merged with what is stored). */
export interface LineAccountFacts {
  apiBaseUrl: string;
  isEmulator: boolean;
  pushPerSecond: number;
  multicastPerSecond: number;
  tokenMode: TokenMode;
  /** A long-lived channel access token is stored or supplied. */
  hasAccessToken: boolean;
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** The rules one account must satisfy as a whole; each issue names its field. */
export function lineAccountIssues(a: LineAccountFacts, allowedOrigins: readonly string[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  const host = checkApiBaseUrl(a.apiBaseUrl, a.isEmulator, allowedOrigins);
  if (!host.ok) out.push({ path: 'apiBaseUrl', message: host.message });
  const caps = a.isEmulator ? EMULATOR_RATE_LIMITS : LINE_RATE_LIMITS;
  const who = a.isEmulator ? 'an emulator account' : "LINE's per-channel limit";
  if (a.pushPerSecond > caps.pushPerSecond) out.push({ path: 'pushPerSecond', message: `must be at most ${caps.pushPerSecond} (${who})` });
  if (a.multicastPerSecond > caps.multicastPerSecond)
    out.push({ path: 'multicastPerSecond', message: `must be at most ${caps.multicastPerSecond} (${who})` });
  if (a.tokenMode === 'longLived' && !a.hasAccessToken)
    out.push({
      path: 'channelAccessToken',
      message: 'is required with tokenMode "longLived" (or choose tokenMode "stateless" to issue tokens from the channel secret)',
    });
  return out;
}

/** The rates a dispatcher may use: what is stored, never above LINE's limits for a non-emulator account. */
export function effectiveRates(a: Pick<LineAccountFacts, 'isEmulator' | 'pushPerSecond' | 'multicastPerSecond'>): {
  pushPerSecond: number;
  multicastPerSecond: number;
} {
  const caps = a.isEmulator ? EMULATOR_RATE_LIMITS : LINE_RATE_LIMITS;
  return {
    pushPerSecond: Math.min(a.pushPerSecond, caps.pushPerSecond),
    multicastPerSecond: Math.min(a.multicastPerSecond, caps.multicastPerSecond),
  };
}

/**
 * Stored secrets go only where they were entered for. When an edit would send them to a host outside LINE and
 * outside the operator's list (an emulator account's new origin, or an account newly marked as an emulator),
 * the same request must carry the secrets again; otherwise an admin could point any account at their own
 * listener and read its token off the wire.
 */
export function reentryIssues(
  stored: Pick<LineAccountFacts, 'apiBaseUrl' | 'isEmulator'>,
  next: Pick<LineAccountFacts, 'apiBaseUrl' | 'isEmulator' | 'tokenMode'>,
  supplied: { channelSecret: boolean; channelAccessToken: boolean },
  allowedOrigins: readonly string[],
): FieldIssue[] {
  const verdict = checkApiBaseUrl(next.apiBaseUrl, next.isEmulator, allowedOrigins);
  if (!verdict.ok || verdict.via !== 'emulator') return [];
  if (stored.isEmulator && sameOrigin(stored.apiBaseUrl, next.apiBaseUrl)) return [];
  const why = 'must be entered again in this request: stored secrets are never sent to a new host outside LINE';
  const out: FieldIssue[] = [];
  if (!supplied.channelSecret) out.push({ path: 'channelSecret', message: why });
  if (next.tokenMode === 'longLived' && !supplied.channelAccessToken) out.push({ path: 'channelAccessToken', message: why });
  return out;
}

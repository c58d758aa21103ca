import { request } from 'undici';
import type { LineResultKind } from '../domain/line-errors.ts';

/** A token to send now, or why none could be had (classified like any LINE answer, so callers need no new branch). */
export type TokenGrant =
  { ok: true; token: string } | { ok: false; kind: LineResultKind; status: number; body: unknown; error: string; requestId: string | null };

/**
 * Where a LineClient gets its channel access token. A stored long-lived token is a constant; stateless tokens
 * (src/admin/line-tokens.ts) are issued and renewed as they near expiry.
 */
export interface TokenSource {
  /** The token to use for the next request, issuing one first if there is none valid. */
  current(): Promise<TokenGrant>;
  /**
   * `rejected` got a 401: a different token if this source can issue one (at most one issue per rejected
   * token, however many requests report it), or null when it cannot (a long-lived token is what it is).
   */
  renew(rejected: string): Promise<TokenGrant | null>;
}

/** A stored long-lived channel access token. */
export function staticToken(token: string): TokenSource {
  const grant: Promise<TokenGrant> = Promise.resolve({ ok: true, token });
  return { current: () => grant, renew: () => Promise.resolve(null) };
}

export type IssuedToken = { ok: true; accessToken: string; expiresInSeconds: number } | Extract<TokenGrant, { ok: false }>;

/**
 * `POST /oauth2/v3/token` (grant_type=client_credentials, client_id, client_secret): a stateless channel access
 * token, valid `expires_in` seconds (900 at LINE). The secret goes in the form body and nowhere else; the error
 * text returned never contains it. A refusal (4xx other than 429) is `unauthorized`: the credentials are wrong
 * and sending must stop until an admin fixes them; 5xx, 429 and network errors are retried like any send.
 */
export async function issueStatelessToken(o: {
  baseUrl: string;
  channelId: string;
  channelSecret: string;
  timeoutMs: number;
}): Promise<IssuedToken> {
  const url = new URL(o.baseUrl);
  const path = url.pathname.replace(/\/+$/, '') + '/oauth2/v3/token';
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.channelId, client_secret: o.channelSecret }).toString();
  let status: number;
  let text: string;
  let requestId: string | null;
  try {
    const res = await request(new URL(path, url.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(o.timeoutMs),
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
    });
    status = res.statusCode;
    const rid = res.headers['x-line-request-id'];
    requestId = typeof rid === 'string' ? rid : null;
    text = await res.body.text();
  } catch (err) {
    const e = err as { code?: string; name?: string; message?: string };
    return {
      ok: false,
      kind: 'transient',
      status: 0,
      body: null,
      error: `token endpoint not reached: ${e.code ?? e.name}: ${e.message}`,
      requestId: null,
    };
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep the text */
  }
  if (status === 200) {
    const b = parsed as { access_token?: unknown; expires_in?: unknown } | null;
    if (b && typeof b.access_token === 'string' && b.access_token && typeof b.expires_in === 'number' && b.expires_in > 0)
      return { ok: true, accessToken: b.access_token, expiresInSeconds: b.expires_in };
    return {
      ok: false,
      kind: 'transient',
      status,
      body: null,
      error: 'token endpoint answered 200 without access_token and expires_in',
      requestId,
    };
  }
  const kind: LineResultKind = status >= 500 || status === 408 ? 'transient' : status === 429 ? 'rate_limited' : 'unauthorized';
  const b = parsed as { error?: unknown; error_description?: unknown; message?: unknown } | null;
  const said =
    b && typeof b === 'object'
      ? [b.error, b.error_description, b.message].filter((x) => typeof x === 'string').join(': ')
      : String(parsed ?? '');
  // an answer that echoes the secret must not carry it into logs
  const why = said.split(o.channelSecret).join('[secret]');
  return {
    ok: false,
    kind,
    status,
    body: parsed,
    error: `LINE refused to issue a stateless channel access token (${status}${why ? `: ${why.slice(0, 200)}` : ''})`,
    requestId,
  };
}

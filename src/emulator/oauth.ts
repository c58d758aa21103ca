import crypto from 'node:crypto';
import { sendError, sendJson, type Ctx } from './http.ts';

/**
 * Stateless channel access tokens (`POST /oauth2/v3/token`, LINE's v3): issued for the configured channel ID and
 * secret, valid `statelessTokenTtlSeconds` (900, as at LINE), accepted on every API endpoint until they expire,
 * then 401 like any bad token. They are self-contained (JWT-shaped, signed with the emulator's fixed key), so
 * they need no memory and survive a restart, as LINE's do; they are test credentials, not secrets.
 */
const KEY = 'linecast-emulator-stateless-tokens';
const KID = 'linecast-emulator';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: KID }));
const sign = (data: string) => crypto.createHmac('sha256', KEY).update(data).digest('base64url');

export interface StatelessClaims {
  channelId: string;
  expiresAt: number;
}

/** A token for `channelId` expiring at `expiresAt` (ms). Exported so tests can hold an already-expired one. */
export function mintStatelessToken(channelId: string, expiresAt: number): string {
  const body = b64(JSON.stringify({ cid: channelId, exp: expiresAt, jti: crypto.randomBytes(9).toString('base64url') }));
  return `${HEADER}.${body}.${sign(`${HEADER}.${body}`)}`;
}

/** The claims of a token this emulator issued; `forged` when it has our header but not our signature; null otherwise. */
export function readStatelessToken(token: string): StatelessClaims | 'forged' | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const want = Buffer.from(sign(`${parts[0]}.${parts[1]}`));
  const got = Buffer.from(parts[2]!);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) return 'forged';
  try {
    const c = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { cid?: unknown; exp?: unknown };
    if (typeof c.cid !== 'string' || typeof c.exp !== 'number') return 'forged';
    return { channelId: c.cid, expiresAt: c.exp };
  } catch {
    return 'forged';
  }
}

const oauthError = (ctx: Ctx, error: string, description: string) => {
  ctx.state.stats.count(ctx.endpoint, 'clientError', ctx.now);
  sendJson(ctx, 400, { error, error_description: description });
};

/** `POST /oauth2/v3/token` (form): grant_type=client_credentials with client_id and client_secret. */
export function handleIssueStateless(ctx: Ctx): void {
  const { state } = ctx;
  const f = state.config.faults;
  if (state.roll(f.serverError, ctx.endpoint)) {
    state.stats.count(ctx.endpoint, 'serverError', ctx.now);
    return sendError(ctx, f.serverErrorStatus, 'An internal server error occurred');
  }
  const form = new URLSearchParams(ctx.raw);
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(ctx, 'unsupported_grant_type', 'grant_type must be client_credentials');
  // LINE also issues for a JWT assertion signed with a registered key; the emulator has no key registry
  if (form.has('client_assertion'))
    return oauthError(ctx, 'invalid_request', 'the emulator issues stateless tokens for client_id and client_secret only');
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  if (!id || !secret) return oauthError(ctx, 'invalid_request', 'client_id and client_secret are required');
  if (id !== state.config.channelId) return oauthError(ctx, 'invalid_client', 'invalid client_id');
  if (secret !== state.config.channelSecret) return oauthError(ctx, 'invalid_client', 'invalid client_secret');
  const ttl = state.config.statelessTokenTtlSeconds;
  state.stats.count(ctx.endpoint, 'accepted', ctx.now);
  sendJson(ctx, 200, { token_type: 'Bearer', access_token: mintStatelessToken(id, ctx.now + ttl * 1000), expires_in: ttl });
}

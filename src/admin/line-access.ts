import crypto from 'node:crypto';
import { lineAllowedHosts } from '../config.ts';
import type { Queryable } from '../db/types.ts';
import { checkApiBaseUrl, effectiveRates } from '../domain/line-hosts.ts';
import { LineClient } from '../line/client.ts';
import { staticToken, type TokenSource } from '../line/tokens.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { LineAccess, LineAccessOptions, LineAccessRefused, SenderFactory } from '../app/ports.ts';
import { getLineCredentials } from './line-accounts.ts';
import { StatelessTokens } from './line-tokens.ts';
import * as sql from './queries.ts';

export type { LineAccess, LineAccessOptions, LineAccessRefused };

/**
 * The one way to talk to LINE with an account's stored credentials (verify, dispatcher, test send, quota,
 * statistics import): it reads the credentials, refuses to build a client for a base URL that is neither a LINE
 * host, nor allowed by the operator, nor on an emulator account — so an account stored before the rule, or
 * edited behind the API, is refused at call time too — and gives the client the right token source.
 */
export async function lineClientFor(
  q: Queryable,
  box: SecretBox,
  accountId: string,
  opts: LineAccessOptions = {},
): Promise<LineAccess | LineAccessRefused> {
  const c = await getLineCredentials(q, box, accountId);
  if (!c) return { ok: false, reason: 'not_found', message: 'The LINE account no longer exists' };
  const host = checkApiBaseUrl(c.apiBaseUrl, c.isEmulator, opts.allowedHosts ?? lineAllowedHosts());
  if (!host.ok) return { ok: false, reason: 'line_host_not_allowed', message: `The LINE account's apiBaseUrl is refused: ${host.message}` };
  const rates = effectiveRates(c);
  const key = crypto
    .createHash('sha256')
    .update([c.apiBaseUrl, c.tokenMode, c.channelId, c.channelSecret, c.channelAccessToken ?? ''].join('\n'))
    .digest('hex');
  if (opts.reuse && opts.reuse.key === key) return { ...opts.reuse, ...rates };
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let tokens: TokenSource;
  if (c.tokenMode === 'stateless')
    tokens = new StatelessTokens(
      q,
      box,
      accountId,
      { apiBaseUrl: c.apiBaseUrl, channelId: c.channelId, channelSecret: c.channelSecret },
      { timeoutMs },
    );
  else if (c.channelAccessToken) tokens = staticToken(c.channelAccessToken);
  else
    return { ok: false, reason: 'no_token', message: 'The LINE account has no channel access token; set one or choose stateless tokens' };
  const client = new LineClient({ baseUrl: c.apiBaseUrl, tokens, connections: opts.connections ?? 4, timeoutMs });
  return { ok: true, client, tokens, tokenMode: c.tokenMode, channelId: c.channelId, ...rates, key };
}

/** lineClientFor bound to the secret box: the sender factory the composition root hands to the engine. */
export function senderFactory(box: SecretBox): SenderFactory {
  return (q, accountId, opts) => lineClientFor(q, box, accountId, opts);
}

/** Why the account's credentials may not be sent where it points (launch validation), or null when they may. */
export async function lineHostRefusal(
  q: Queryable,
  accountId: string,
  allowedHosts: readonly string[] = lineAllowedHosts(),
): Promise<string | null> {
  const r = await q.query<{ api_base_url: string; is_emulator: boolean }>(sql.lineHostRefusal, [accountId]);
  const row = r.rows[0];
  if (!row) return null;
  const v = checkApiBaseUrl(row.api_base_url, row.is_emulator, allowedHosts);
  return v.ok ? null : `This LINE account cannot send: its apiBaseUrl is refused (${v.message})`;
}

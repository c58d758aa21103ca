import type { Queryable } from '../db/types.ts';
import type { LineAccount, LineAccountInput, LineAccountPatch } from '../schemas/admin.ts';
import { last4, type SecretBox } from '../security/secret-box.ts';
import { existingWorkspaceIds } from './workspaces.ts';
import * as sql from './queries.ts';

type Row = {
  id: string;
  name: string;
  channel_id: string;
  channel_secret_enc: string;
  channel_access_token_enc: string | null;
  channel_secret_last4: string;
  channel_access_token_last4: string | null;
  token_mode: 'longLived' | 'stateless';
  is_emulator: boolean;
  api_base_url: string;
  push_per_second: number;
  multicast_per_second: number;
  is_sandbox: boolean;
  workspace_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
};

// Secrets never leave this module in API shapes: only their last four characters.
const toAccount = (r: Row): LineAccount => ({
  id: r.id,
  name: r.name,
  channelId: r.channel_id,
  channelSecretLast4: r.channel_secret_last4,
  channelAccessTokenLast4: r.channel_access_token_last4,
  tokenMode: r.token_mode,
  apiBaseUrl: r.api_base_url,
  pushPerSecond: r.push_per_second,
  multicastPerSecond: r.multicast_per_second,
  isSandbox: r.is_sandbox,
  isEmulator: r.is_emulator,
  workspaceIds: r.workspace_ids ?? [],
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listLineAccounts(q: Queryable, workspaceId?: string): Promise<LineAccount[]> {
  const r = workspaceId ? await q.query<Row>(sql.lineAccountsOfWorkspace, [workspaceId]) : await q.query<Row>(sql.listLineAccounts);
  return r.rows.map(toAccount);
}

export async function getLineAccount(q: Queryable, id: string): Promise<LineAccount | null> {
  const r = await q.query<Row>(sql.getLineAccount, [id]);
  return r.rows[0] ? toAccount(r.rows[0]) : null;
}

/** Locks the account's row for the caller's transaction (a PATCH checks the account as a whole, then writes). */
export async function lockLineAccount(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql.lockLineAccount, [id])).rows.length > 0;
}

/** Points every sandbox account at this run's emulator; how many there were. */
export async function pointSandboxAccountsAt(q: Queryable, emulatorUrl: string): Promise<number> {
  return (await q.query(sql.pointSandboxAccountsAt, [emulatorUrl])).rowCount;
}

export async function isAccountAssigned(q: Queryable, accountId: string, workspaceId: string): Promise<boolean> {
  const r = await q.query(sql.isAccountAssigned, [accountId, workspaceId]);
  return r.rows.length > 0;
}

export interface LineCredentials {
  channelId: string;
  channelSecret: string;
  /** null for a stateless account (tokens are issued as it sends). */
  channelAccessToken: string | null;
  tokenMode: 'longLived' | 'stateless';
  apiBaseUrl: string;
  isEmulator: boolean;
  pushPerSecond: number;
  multicastPerSecond: number;
}

/**
 * The decrypted credentials. Only src/admin/line-access.ts may call this to talk to LINE (a test checks): it
 * decides whether they may be sent where the account points, and builds the LINE client from them. (The
 * webhook route also reads the channel secret, to check signatures locally.)
 */
export async function getLineCredentials(q: Queryable, box: SecretBox, id: string): Promise<LineCredentials | null> {
  const r = await q.query<Row>(sql.getLineCredentials, [id]);
  const row = r.rows[0];
  if (!row) return null;
  return {
    channelId: row.channel_id,
    channelSecret: box.open(row.channel_secret_enc),
    channelAccessToken: row.channel_access_token_enc ? box.open(row.channel_access_token_enc) : null,
    tokenMode: row.token_mode,
    apiBaseUrl: row.api_base_url,
    isEmulator: row.is_emulator,
    pushPerSecond: row.push_per_second,
    multicastPerSecond: row.multicast_per_second,
  };
}

export async function createLineAccount(
  q: Queryable,
  box: SecretBox,
  input: LineAccountInput & { isSandbox?: boolean },
): Promise<LineAccount> {
  const tokenMode = input.tokenMode ?? 'longLived';
  // a stateless account keeps no long-lived token, even if one was passed
  const token = tokenMode === 'longLived' ? (input.channelAccessToken ?? null) : null;
  const r = await q.query<{ id: string }>(sql.createLineAccount, [
    input.name,
    input.channelId,
    box.seal(input.channelSecret),
    token === null ? null : box.seal(token),
    last4(input.channelSecret),
    token === null ? null : last4(token),
    input.apiBaseUrl,
    input.pushPerSecond,
    input.multicastPerSecond,
    input.isSandbox ?? false,
    tokenMode,
    input.isEmulator ?? false,
  ]);
  const id = r.rows[0]!.id;
  await setAccountWorkspaces(q, id, input.workspaceIds);
  return (await getLineAccount(q, id))!;
}

export async function updateLineAccount(q: Queryable, box: SecretBox, id: string, p: LineAccountPatch): Promise<LineAccount | null> {
  // Switching to stateless drops the stored long-lived token: a secret not in use is not kept.
  const dropToken = p.tokenMode === 'stateless';
  const token = dropToken ? undefined : p.channelAccessToken;
  const r = await q.query(sql.updateLineAccount, [
    id,
    p.name ?? null,
    p.channelId ?? null,
    p.channelSecret ? box.seal(p.channelSecret) : null,
    p.channelSecret ? last4(p.channelSecret) : null,
    token ? box.seal(token) : null,
    token ? last4(token) : null,
    p.apiBaseUrl ?? null,
    p.pushPerSecond ?? null,
    p.multicastPerSecond ?? null,
    p.tokenMode ?? null,
    p.isEmulator ?? null,
    dropToken,
  ]);
  // An issued token belongs to the credentials and host it came from (it also carries their hash, see line-tokens.ts).
  if (r.rowCount && (p.channelId || p.channelSecret || p.apiBaseUrl || p.tokenMode)) await q.query(sql.forgetIssuedToken, [id]);
  return r.rowCount ? getLineAccount(q, id) : null;
}

export async function deleteLineAccount(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(sql.deleteLineAccount, [id])).rowCount > 0;
}

/** Replaces the account's workspace assignment; unknown workspace ids are reported, not silently dropped. */
export async function setAccountWorkspaces(q: Queryable, id: string, workspaceIds: string[]): Promise<string[]> {
  const ids = [...new Set(workspaceIds)];
  const known = await existingWorkspaceIds(q, ids);
  const missing = ids.filter((w) => !known.has(w));
  if (missing.length) return missing;
  await q.query(sql.removeAccountWorkspaces, [id]);
  if (ids.length) await q.query(sql.addAccountWorkspaces, [id, ids]);
  return [];
}

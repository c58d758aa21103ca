import { lineAccountIssues, reentryIssues, type FieldIssue, type LineAccountFacts } from '../domain/line-hosts.ts';
import type { LineAccount, LineAccountInput, LineAccountPatch } from '../schemas/admin.ts';

const STATELESS_TOKEN = {
  path: 'channelAccessToken',
  message: 'is not used with tokenMode "stateless" (tokens are issued from the channel secret); leave it out',
};

/** Cross-field rules for a new account: where its secrets may go, its rates, and its token mode. */
export function createIssues(body: LineAccountInput, allowedOrigins: readonly string[]): FieldIssue[] {
  const facts: LineAccountFacts = {
    apiBaseUrl: body.apiBaseUrl,
    isEmulator: body.isEmulator ?? false,
    pushPerSecond: body.pushPerSecond,
    multicastPerSecond: body.multicastPerSecond,
    tokenMode: body.tokenMode ?? 'longLived',
    hasAccessToken: !!body.channelAccessToken,
  };
  const out = lineAccountIssues(facts, allowedOrigins);
  if (facts.tokenMode === 'stateless' && body.channelAccessToken) out.push(STATELESS_TOKEN);
  return out;
}

/** The same rules for the account as it would be after the PATCH, plus: stored secrets never move to a new non-LINE host. */
export function patchIssues(current: LineAccount, body: LineAccountPatch, allowedOrigins: readonly string[]): FieldIssue[] {
  const tokenMode = body.tokenMode ?? current.tokenMode;
  const next: LineAccountFacts = {
    apiBaseUrl: body.apiBaseUrl ?? current.apiBaseUrl,
    isEmulator: body.isEmulator ?? current.isEmulator,
    pushPerSecond: body.pushPerSecond ?? current.pushPerSecond,
    multicastPerSecond: body.multicastPerSecond ?? current.multicastPerSecond,
    tokenMode,
    hasAccessToken: !!body.channelAccessToken || current.channelAccessTokenLast4 !== null,
  };
  const out = lineAccountIssues(next, allowedOrigins);
  if (tokenMode === 'stateless' && body.channelAccessToken) out.push(STATELESS_TOKEN);
  out.push(
    ...reentryIssues(current, next, { channelSecret: !!body.channelSecret, channelAccessToken: !!body.channelAccessToken }, allowedOrigins),
  );
  // one message per field is enough
  return out.filter((i, k) => out.findIndex((j) => j.path === i.path) === k);
}

import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { IdParams } from '../../schemas/common.ts';
import type { LineAccess } from '../../app/ports.ts';
import { StatelessTokens } from '../../admin/line-tokens.ts';
import type { BotInfoBody, LineResult, QuotaBody, VerifyTokenBody } from '../../line/types.ts';
import { requireAdmin } from '../auth.ts';
import { badRequest, notFound } from '../../errors.ts';

const Check = z.object({ ok: z.boolean(), status: z.number(), requestId: z.string().nullable(), message: z.string() });
const VerifyResult = z.object({
  ok: z.boolean(),
  token: Check.extend({ expiresInSeconds: z.number().nullable(), channelMatches: z.boolean().nullable() }),
  bot: Check.extend({ displayName: z.string().nullable(), basicId: z.string().nullable() }),
  quota: Check.extend({ type: z.string().nullable(), limit: z.number().nullable() }),
});

// a refused token issue carries LINE's OAuth error in `error` (its body has no `message`)
const describe = (r: { kind: string; status: number; error?: string; body: unknown }) =>
  r.kind === 'accepted'
    ? 'ok'
    : r.status === 0
      ? `LINE could not be reached: ${r.error ?? 'no response'}`
      : `LINE answered ${r.status} (${r.kind}): ${typeof r.body === 'object' && r.body && 'message' in r.body ? String((r.body as { message: unknown }).message) : (r.error ?? '')}`.trim();

type TokenCheck = { result: LineResult<VerifyTokenBody>; body: VerifyTokenBody | null };

/**
 * A long-lived token is checked with LINE's verify endpoint. A stateless account has no token to verify: a token
 * is issued now (proving the channel ID and secret work today), and it is for that channel by construction.
 */
async function checkToken(access: LineAccess): Promise<TokenCheck> {
  if (access.tokens instanceof StatelessTokens) {
    const g = await access.tokens.issueNow();
    if (!g.ok) return { result: { kind: g.kind, status: g.status, requestId: g.requestId, body: g.body, error: g.error }, body: null };
    const body = { client_id: access.channelId, expires_in: g.expiresInSeconds ?? 0 };
    return { result: { kind: 'accepted', status: 200, requestId: null, body }, body };
  }
  const result = await access.client.verifyToken();
  return { result, body: result.kind === 'accepted' ? (result.body as VerifyTokenBody) : null };
}

/**
 * POST /api/v1/line-accounts/{id}/verify: asks LINE (token verify or issue, bot info, quota) whether the
 * credentials work. Like every LINE call it goes through the sender factory (`senderFor`): an account whose apiBaseUrl is not
 * allowed is refused with a 400 naming apiBaseUrl, and nothing is sent anywhere.
 */
const routes: RouteModule = (app, { db, senderFor, config }) => {
  app.post(
    '/api/v1/line-accounts/:id/verify',
    { schema: { tags: ['line-accounts'], params: IdParams, response: { 200: VerifyResult } } },
    async (req) => {
      requireAdmin(req);
      const access = await senderFor(db, req.params.id, {
        connections: 2,
        timeoutMs: 10_000,
        allowedHosts: config.lineAllowedHosts,
      });
      if (!access.ok && access.reason === 'not_found') throw notFound('LINE account');
      if (!access.ok)
        throw badRequest([
          { path: access.reason === 'line_host_not_allowed' ? 'apiBaseUrl' : 'channelAccessToken', message: access.message },
        ]);
      const { client } = access;
      try {
        // the token first: a stateless account's bot info and quota calls then reuse the token it issued
        const { result: token, body: tb } = await checkToken(access);
        const [bot, quota] = await Promise.all([client.botInfo(), client.quota()]);
        const bb = bot.kind === 'accepted' ? (bot.body as BotInfoBody) : null;
        const qb = quota.kind === 'accepted' ? (quota.body as QuotaBody) : null;
        const channelMatches = tb ? String(tb.client_id) === access.channelId : null;
        return {
          ok: token.kind === 'accepted' && bot.kind === 'accepted' && channelMatches !== false,
          token: {
            ok: token.kind === 'accepted' && channelMatches !== false,
            status: token.status,
            requestId: token.requestId,
            message: channelMatches === false ? `The token belongs to channel ${tb!.client_id}, not ${access.channelId}` : describe(token),
            expiresInSeconds: tb?.expires_in ?? null,
            channelMatches,
          },
          bot: {
            ok: bot.kind === 'accepted',
            status: bot.status,
            requestId: bot.requestId,
            message: describe(bot),
            displayName: bb?.displayName ?? null,
            basicId: bb?.basicId ?? null,
          },
          quota: {
            ok: quota.kind === 'accepted',
            status: quota.status,
            requestId: quota.requestId,
            message: describe(quota),
            type: qb?.type ?? null,
            limit: qb && 'value' in qb && typeof qb.value === 'number' ? qb.value : null,
          },
        };
      } finally {
        await client.close();
      }
    },
  );
};
export default routes;

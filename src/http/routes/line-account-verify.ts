import { z } from 'zod';
import type { RouteModule } from '../app.ts';
import { IdParams } from '../../schemas/common.ts';
import { getLineCredentials } from '../../admin/line-accounts.ts';
import { LineClient } from '../../line/client.ts';
import type { BotInfoBody, QuotaBody, VerifyTokenBody } from '../../line/types.ts';
import { requireAdmin } from '../auth.ts';
import { notFound } from '../../errors.ts';

const Check = z.object({ ok: z.boolean(), status: z.number(), requestId: z.string().nullable(), message: z.string() });
const VerifyResult = z.object({
  ok: z.boolean(),
  token: Check.extend({ expiresInSeconds: z.number().nullable(), channelMatches: z.boolean().nullable() }),
  bot: Check.extend({ displayName: z.string().nullable(), basicId: z.string().nullable() }),
  quota: Check.extend({ type: z.string().nullable(), limit: z.number().nullable() }),
});

const describe = (r: { kind: string; status: number; error?: string; body: unknown }) =>
  r.kind === 'accepted'
    ? 'ok'
    : r.status === 0
      ? `LINE could not be reached: ${r.error ?? 'no response'}`
      : `LINE answered ${r.status} (${r.kind}): ${typeof r.body === 'object' && r.body && 'message' in r.body ? String((r.body as { message: unknown }).message) : ''}`.trim();

/** POST /api/v1/line-accounts/{id}/verify: asks LINE (token verify, bot info, quota) whether the credentials work. */
const routes: RouteModule = (app, { db, box }) => {
  app.post('/api/v1/line-accounts/:id/verify', { schema: { tags: ['line-accounts'], params: IdParams, response: { 200: VerifyResult } } }, async (req) => {
    requireAdmin(req);
    const creds = await getLineCredentials(db, box, req.params.id);
    if (!creds) throw notFound('LINE account');
    const channel = await db.query<{ channel_id: string }>('SELECT channel_id FROM line_accounts WHERE id = $1', [req.params.id]);
    const client = new LineClient({ baseUrl: creds.apiBaseUrl, channelAccessToken: creds.channelAccessToken, connections: 2, timeoutMs: 10_000 });
    try {
      const [token, bot, quota] = await Promise.all([client.verifyToken(), client.botInfo(), client.quota()]);
      const tb = token.kind === 'accepted' ? (token.body as VerifyTokenBody) : null;
      const bb = bot.kind === 'accepted' ? (bot.body as BotInfoBody) : null;
      const qb = quota.kind === 'accepted' ? (quota.body as QuotaBody) : null;
      const channelMatches = tb ? String(tb.client_id) === channel.rows[0]?.channel_id : null;
      return {
        ok: token.kind === 'accepted' && bot.kind === 'accepted' && channelMatches !== false,
        token: {
          ok: token.kind === 'accepted' && channelMatches !== false,
          status: token.status,
          requestId: token.requestId,
          message: channelMatches === false ? `The token belongs to channel ${tb!.client_id}, not ${channel.rows[0]?.channel_id}` : describe(token),
          expiresInSeconds: tb?.expires_in ?? null,
          channelMatches,
        },
        bot: { ok: bot.kind === 'accepted', status: bot.status, requestId: bot.requestId, message: describe(bot), displayName: bb?.displayName ?? null, basicId: bb?.basicId ?? null },
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
  });
};
export default routes;

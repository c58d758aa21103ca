import { ZodError } from 'zod';
import { configPatchSchema } from './config.ts';
import { parseJson, sendJson, type Ctx } from './http.ts';
import { sendWebhook } from './webhooks.ts';

/** The inspection API under /_emulator (no auth: the emulator is a test tool, bind it to localhost). */
export async function handleInspect(ctx: Ctx): Promise<void> {
  const { state, path } = ctx;
  const method = ctx.req.method ?? 'GET';
  const userMatch = /^\/_emulator\/users\/([^/]+)\/messages$/.exec(path);
  try {
    if (method === 'GET' && userMatch) {
      const userId = decodeURIComponent(userMatch[1]!);
      const { count, deliveries } = state.log.forUser(userId);
      return sendJson(ctx, 200, { userId, state: state.userState(userId), count, deliveries });
    }
    if (method === 'GET' && path === '/_emulator/stats') {
      return sendJson(ctx, 200, {
        ...state.stats.snapshot(Date.now()),
        ...state.log.summary(),
        recipientDeliveries: state.log.total,
        retryKeysRemembered: state.retryKeyCount,
        channels: state.channelSummaries(),
      });
    }
    if (method === 'GET' && path === '/_emulator/duplicates') {
      return sendJson(ctx, 200, { users: state.log.duplicates(Number(ctx.query.get('limit') ?? 100) || 100) });
    }
    if (method === 'GET' && path === '/_emulator/config') return sendJson(ctx, 200, state.config);
    if (method === 'PUT' && path === '/_emulator/config') {
      const parsed = parseJson(ctx.raw || '{}');
      if (!parsed.ok) return sendJson(ctx, 400, { message: 'Body is not JSON' });
      const patch = configPatchSchema.parse(parsed.value);
      state.setConfig(patch);
      if (patch.users) state.setUsers(patch.users);
      if (patch.consumption !== undefined) {
        const token = state.channelKeyOf(patch.consumptionToken ?? ctx.token);
        if (!token) return sendJson(ctx, 400, { message: 'consumption needs consumptionToken (or a Bearer token)' });
        state.setConsumption(token, patch.consumption);
      }
      return sendJson(ctx, 200, state.config);
    }
    if (method === 'POST' && path === '/_emulator/reset') {
      state.reset();
      return sendJson(ctx, 200, { reset: true });
    }
    if (method === 'POST' && path === '/_emulator/webhooks') {
      const parsed = parseJson(ctx.raw);
      if (!parsed.ok) return sendJson(ctx, 400, { message: 'Body is not JSON' });
      return sendJson(ctx, 200, await sendWebhook(state, parsed.value));
    }
    return sendJson(ctx, 404, { message: 'Not found' });
  } catch (err) {
    if (err instanceof ZodError) {
      return sendJson(ctx, 400, {
        message: 'Invalid request',
        details: err.issues.map((i) => ({ property: i.path.join('.'), message: i.message })),
      });
    }
    throw err;
  }
}

import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { Text } from '../../schemas/common.ts';
import { getLineCredentials } from '../../admin/line-accounts.ts';
import { AppError, notFound } from '../../errors.ts';
import { applyWebhookEvents, verifySignature, WebhookBody } from '../../tracking/webhook.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * LINE webhook `POST /webhooks/line/:lineAccountId` (public). The signature is checked on the raw bytes, so
 * this route lives in its own scope whose only body parser keeps the Buffer as it came. Events are applied
 * in one short transaction before answering 200 (LINE does not redeliver unless told to, so an answer
 * before the write could lose a block).
 */
const routes: RouteModule = async (app, ctx) => {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

    const schema = {
      tags: ['public'],
      security: [],
      description: 'LINE webhook: the raw JSON body, signed with the channel secret in x-line-signature. Public (no API key).',
      consumes: ['application/json'],
      body: z.unknown().describe('LINE webhook body {"destination","events":[…]}, checked against x-line-signature before it is read'),
      params: z.object({ lineAccountId: Text.max(100) }),
      headers: z.looseObject({ 'x-line-signature': Text.max(200).optional() }),
    };
    scope.post('/webhooks/line/:lineAccountId', { schema }, async (req, reply) => {
      const { lineAccountId } = req.params as { lineAccountId: string };
      const creds = UUID.test(lineAccountId) ? await getLineCredentials(ctx.db, ctx.box, lineAccountId) : null;
      if (!creds) throw notFound('LINE account');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const sig = req.headers['x-line-signature'];
      if (!verifySignature(raw, creds.channelSecret, Array.isArray(sig) ? sig[0] : sig)) {
        throw new AppError(401, 'bad_signature', 'x-line-signature is missing or does not match the body');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError(400, 'bad_json', 'The body is not JSON');
      }
      const body = WebhookBody.safeParse(parsed);
      if (!body.success) throw new AppError(400, 'bad_webhook', 'Expected {"destination", "events": [...]}');
      const result = await applyWebhookEvents(ctx.db, ctx.profileFollow, lineAccountId, body.data.events);
      return reply.code(200).send(result);
    });
  });
};
export default routes;

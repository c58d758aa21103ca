import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { Text } from '../../schemas/common.ts';
import { ClickRecorder } from '../../tracking/click-recorder.ts';
import { LinkResolver } from '../../tracking/resolve.ts';
import { SIGNED_TOKEN_SHAPE, TOKEN_SHAPE } from '../../tracking/token.ts';

/**
 * Public click redirect `GET /c/:token`: 302 to the destination stored for the token, 404 for anything else
 * (the destination is never taken from the request, so this is not an open redirect). The click is buffered
 * and written by the ClickRecorder after the answer has gone.
 */
const routes: RouteModule = (app, ctx) => {
  const resolver = new LinkResolver(ctx.db);
  const recorder = new ClickRecorder(ctx.db, { onError: (err) => app.log.error({ err }, 'writing clicks failed') });
  ctx.services.clickRecorder = recorder;
  ctx.services.linkResolver = resolver;
  app.addHook('onClose', async () => recorder.close());

  app.route({
    method: ['GET', 'HEAD'],
    url: '/c/:token',
    // Documented (public, no key) so generated request suites reach it; any token that is not one is a 404.
    schema: { tags: ['public'], security: [], params: z.object({ token: Text.max(200) }) },
    handler: async (req, reply) => {
      const { token } = req.params as { token: string };
      const link = TOKEN_SHAPE.test(token) || SIGNED_TOKEN_SHAPE.test(token) ? await resolver.resolve(token) : null;
      if (!link) {
        return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('This link does not exist.\n');
      }
      // HEAD is what preview fetchers and link checkers send; people's browsers GET.
      recorder.record(link, token, req.headers['user-agent'], { forceBot: req.method === 'HEAD' });
      return reply.code(302).header('location', link.url).header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').send();
    },
  });
};
export default routes;

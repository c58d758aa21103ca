import type { FastifyReply, FastifySchema } from 'fastify';
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
 *
 * Documented (public, no key) so generated request suites reach it. People's browsers open this link from a chat,
 * so its 404 is a line of text, not the API's JSON error: the document says so (text/plain), and the suites' answer
 * check reads the document. (A plain FastifySchema: the 302 has no body for the type provider to infer.)
 */
const schema: FastifySchema = {
  tags: ['public'],
  security: [],
  params: z.object({ token: Text.max(200) }),
  response: { 404: { description: 'No such link (plain text, for a browser)', content: { 'text/plain': { schema: z.string() } } } },
};

const notALink = (reply: FastifyReply) =>
  reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('This link does not exist.\n');

const routes: RouteModule = (app, ctx) => {
  const resolver = new LinkResolver(ctx.db);
  const recorder = new ClickRecorder(ctx.db, ctx.campaignLookup, { onError: (err) => app.log.error({ err }, 'writing clicks failed') });
  ctx.services.clickRecorder = recorder;
  ctx.services.linkResolver = resolver;
  app.addHook('onClose', async () => recorder.close());

  app.route({
    method: ['GET', 'HEAD'],
    url: '/c/:token',
    schema,
    handler: async (req, reply) => {
      const { token } = req.params as { token: string };
      const link = TOKEN_SHAPE.test(token) || SIGNED_TOKEN_SHAPE.test(token) ? await resolver.resolve(token) : null;
      if (!link) return notALink(reply);
      // HEAD is what preview fetchers and link checkers send; people's browsers GET.
      recorder.record(link, token, req.headers['user-agent'], { forceBot: req.method === 'HEAD' });
      return reply
        .code(302)
        .header('location', link.url)
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex')
        .send();
    },
  });
  // What `:token` cannot match (a token longer than the router's 100-character parameter limit, a path with more
  // segments) is no link either: the same text 404 for the browser, rather than the API's JSON "No route".
  app.route({
    method: ['GET', 'HEAD'],
    url: '/c/*',
    schema: { hide: true },
    handler: async (_req, reply) => notALink(reply),
  });
};
export default routes;

import Fastify, { type FastifyBaseLogger, type RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { getWorkspace } from '../admin/workspaces.ts';
import { notFound } from '../errors.ts';
import { errorHandler } from './errors.ts';
import { QuietRequests } from './logging.ts';
import { clientErrorHandler, frameworkErrors } from './http-errors.ts';
import { recordRoutes } from './route-table.ts';
import { registerAuthentication, sessionCookie } from './authenticate.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { App, AppContext } from './context.ts';
import { routeModules } from './routes.ts';
import { ping } from '../db/health.ts';

export type { RouteModule } from './context.ts';

/**
 * Builds the HTTP app. Route modules are the files in ./routes (one per resource), each default-exporting a
 * RouteModule, listed in ./routes.ts (static imports, so every tool can follow them).
 */
export async function buildApp(
  ctx: AppContext,
  /** quietRequests: request lines at debug (a terminal's reader wants what matters, see ./logging.ts). */
  opts: { logger?: boolean; quietRequests?: boolean; onRoute?: (route: RouteOptions) => void } = {},
): Promise<App> {
  const app = Fastify({
    // The request log goes through the process's logger (ctx.log), which redacts credentials.
    ...(opts.logger
      ? { loggerInstance: ctx.log as FastifyBaseLogger, ...(opts.quietRequests ? { logController: new QuietRequests() } : {}) }
      : { logger: false }),
    bodyLimit: 2 * 1024 * 1024,
    // Errors of the HTTP layer itself (URL or headers too large, broken percent-encoding) in the documented shape.
    clientErrorHandler,
    frameworkErrors,
    // Behind a reverse proxy (TRUST_PROXY) the client's address and https come from X-Forwarded-*.
    // (a hop count is accepted at run time by fastify's proxy-addr, though its types list only boolean and strings)
    trustProxy: ctx.config.trustProxy as boolean | string,
  }).withTypeProvider<ZodTypeProvider>();
  recordRoutes(app);
  // The API takes JSON; a text/plain body is 415 like any other type, rather than a string failing validation.
  app.removeContentTypeParser('text/plain');
  // Lets a caller see every route as it is added (the isolation test classifies each one).
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    const message = `No route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`;
    return reply.status(404).send({ error: { code: 'not_found', message, details: [{ path: 'url', message }] } });
  });

  await registerSecurityHeaders(app, ctx.config);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Linecast API', version: '1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key, for automation' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: sessionCookie(ctx.config).name,
            description: 'The browser session from POST /api/v1/session; writes also need its CSRF token in X-CSRF-Token',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Fills components.schemas with the named schemas ($ref targets such as the recursive segment rule).
    transformObject: jsonSchemaTransformObject,
  });
  // swagger-ui's page is served under the app-wide CSP (security-headers.ts); its validator badge would load an outside image.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  await registerAuthentication(app, ctx);

  // Global administrators act in every workspace, so their role never proves the workspace exists: a route naming
  // one that does not answers 404 here, not a foreign-key 500 or an empty list later.
  app.addHook('preHandler', async (req) => {
    const ws = (req.params as { ws?: unknown } | undefined)?.ws;
    if (typeof ws === 'string' && req.user?.isAdmin && !(await getWorkspace(ctx.db, ws))) throw notFound('Workspace');
  });

  app.get('/healthz', { schema: { tags: ['public'], security: [] } }, async () => {
    await ping(ctx.db);
    return { ok: true, engine: ctx.db.engine };
  });

  for (const register of routeModules) await register(app, ctx);
  return app;
}

export type { ZodTypeProvider };

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify, { type RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { userByApiKey } from '../admin/users.ts';
import { getWorkspace } from '../admin/workspaces.ts';
import { AppError, notFound } from '../errors.ts';
import { errorHandler } from './errors.ts';
import type { App, AppContext } from './context.ts';

const routesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');

export type RouteModule = (app: App, ctx: AppContext) => void | Promise<void>;

/**
 * Builds the HTTP app. Route modules are the files in ./routes (one per resource), each default-exporting a
 * RouteModule, so adding a resource never means editing a shared list.
 */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean | object; onRoute?: (route: RouteOptions) => void } = {}): Promise<App> {
  const app = Fastify({
    // Authorization headers and LINE signatures never reach the logs.
    logger: opts.logger ? { ...(typeof opts.logger === 'object' ? opts.logger : {}), redact: ['req.headers.authorization', 'req.headers["x-line-signature"]'] } : false,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  // Lets a caller see every route as it is added (the isolation test classifies each one).
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }),
  );

  await app.register(swagger, {
    openapi: {
      info: { title: 'Linecast API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Writes the named schemas (the recursive segment rule) into components, where the $refs point.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const h = req.headers.authorization;
    const m = h && /^Bearer\s+(\S+)$/i.exec(h);
    if (m) req.user = await userByApiKey(ctx.db, m[1]!);
    if (!req.user) {
      throw new AppError(401, 'unauthorized', m ? 'The API key is not valid (unknown or revoked)' : 'A valid API key is required: Authorization: Bearer <key>');
    }
  });

  // Global administrators act in every workspace, so their role never proves the workspace exists: a route naming
  // one that does not answers 404 here, not a foreign-key 500 or an empty list later.
  app.addHook('preHandler', async (req) => {
    const ws = (req.params as { ws?: unknown } | undefined)?.ws;
    if (typeof ws === 'string' && req.user?.isAdmin && !(await getWorkspace(ctx.db, ws))) throw notFound('Workspace');
  });

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await ctx.db.query('SELECT 1');
    return { ok: true, engine: ctx.db.engine };
  });

  for (const f of fs.readdirSync(routesDir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(path.join(routesDir, f)).href)) as { default?: RouteModule };
    if (typeof mod.default === 'function') await mod.default(app, ctx);
  }
  return app;
}

export type { ZodTypeProvider };

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { userByApiKey } from '../admin/users.ts';
import { AppError } from '../errors.ts';
import { errorHandler } from './errors.ts';
import { clientErrorHandler, frameworkErrors } from './http-errors.ts';
import { recordRoutes } from './route-table.ts';
import type { App, AppContext } from './context.ts';

const routesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');

export type RouteModule = (app: App, ctx: AppContext) => void | Promise<void>;

/**
 * Builds the HTTP app. Route modules are the files in ./routes (one per resource), each default-exporting a
 * RouteModule, so adding a resource never means editing a shared list.
 */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean | object } = {}): Promise<App> {
  const app = Fastify({
    // Authorization headers and LINE signatures never reach the logs.
    logger: opts.logger ? { ...(typeof opts.logger === 'object' ? opts.logger : {}), redact: ['req.headers.authorization', 'req.headers["x-line-signature"]'] } : false,
    bodyLimit: 2 * 1024 * 1024,
    // Errors of the HTTP layer itself (URL or headers too large, broken percent-encoding) in the documented shape.
    clientErrorHandler,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  recordRoutes(app);
  // The API takes JSON; a text/plain body is 415 like any other type, rather than a string failing validation.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    const message = `No route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`;
    return reply.status(404).send({ error: { code: 'not_found', message, details: [{ path: 'url', message }] } });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Linecast API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Fills components.schemas with the named schemas ($ref targets such as the recursive segment rule).
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

  app.get('/healthz', { schema: { tags: ['public'], security: [] } }, async () => {
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

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { RouteModule } from '../context.ts';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Paths that belong to the server, never to the single-page app: an unknown one there is a real 404. */
const SERVER_PATHS = /^\/(api|docs|c|m|webhooks|_emulator)(\/|$)|^\/healthz$/;

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Linecast</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>Linecast is running, but the web UI is not built</h1>
<p>Build it once with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it when needed), then reload.</p>
<p>The API works already: see <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the built web UI (web/dist) at `/`: hashed assets cached for good, index.html never cached, and every
 * other GET that is not an API/docs/click/webhook path answered with index.html so client-side routes survive
 * a reload. Without a build it answers a page that says how to build one.
 */
const routes: RouteModule = async (app) => {
  const built = fs.existsSync(path.join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(reply, file) {
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const urlPath = req.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.test(urlPath)) {
      const message = `No route GET ${urlPath.slice(0, 200)}`;
      return reply.status(404).send({ error: { code: 'not_found', message, details: [{ path: 'url', message }] } });
    }
    if (!built) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuilt);
    // A missing asset is a 404, not the app's HTML (which would fail confusingly as a script).
    if (/\.[a-z0-9]{1,8}$/i.test(urlPath) && !urlPath.endsWith('.html')) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found\n');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
};
export default routes;

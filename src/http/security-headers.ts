import helmet from '@fastify/helmet';
import type { Config } from '../config.ts';
import type { App } from './context.ts';

/**
 * The Content-Security-Policy of every answer (the UI, the API docs at /docs, the API itself). Scripts only from
 * this origin (the UI's bundle and swagger-ui's files; no inline script anywhere), so an injected <script> or
 * on*= attribute does not run. Styles also allow inline: Mantine and swagger-ui write <style> elements at run
 * time. Images from any https host, because the message preview shows the marketer's own image URLs.
 * frame-ancestors 'none' (and X-Frame-Options: DENY for old browsers) keeps every page out of frames.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    // Over plain http (a local install) upgrading would point the page's own requests at an https port that is not there.
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/** Security headers from helmet on every route: CSP, nosniff, Referrer-Policy, frame denial, HSTS behind https. */
export async function registerSecurityHeaders(app: App, config: Config): Promise<void> {
  const https = config.publicBaseUrl.startsWith('https:');
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    frameguard: { action: 'deny' },
    // No Referer leaves the product: campaign and report URLs carry ids a recipient's site has no business seeing.
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only when the public address is https; over http a browser ignores it anyway, and it would mislead.
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // The UI loads images from other origins (the preview), which cross-origin isolation would block.
    crossOriginEmbedderPolicy: false,
  });
}

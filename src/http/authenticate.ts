import type { FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { getUser, userByApiKey } from '../admin/users.ts';
import { csrfTokenValid, findSession, SESSION_MAX_MS, type SessionRow } from '../admin/sessions.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { blockedFor, clientKey, countAttempt, THROTTLE } from '../security/throttle.ts';
import type { App, AppContext } from './context.ts';

/**
 * Who is calling /api: automation with `Authorization: Bearer <API key>`, or a person's browser with the session
 * cookie set by `POST /api/v1/session`. A cookie comes with every request the browser makes, including ones another
 * site triggers, so cookie-authenticated writes must also carry the session's CSRF token in `X-CSRF-Token`
 * (SameSite=Strict alone leaves older browsers and same-site subdomains). A Bearer key is never sent implicitly,
 * so it needs no token.
 */
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's name and whether it is always Secure: `__Host-` (no Domain, Path=/, Secure) behind https. */
export function sessionCookie(config: Config): { name: string; alwaysSecure: boolean } {
  const https = config.publicBaseUrl.startsWith('https:');
  return { name: https ? '__Host-linecast_session' : 'linecast_session', alwaysSecure: https };
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config, token: string): void {
  const c = sessionCookie(config);
  reply.setCookie(c.name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // Secure when the public address is https, or when this request came over https (directly or, with TRUST_PROXY, through a proxy).
    secure: c.alwaysSecure || req.protocol === 'https',
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config): void {
  const c = sessionCookie(config);
  reply.clearCookie(c.name, { path: '/', httpOnly: true, sameSite: 'strict', secure: c.alwaysSecure || req.protocol === 'https' });
}

function tooMany(reply: FastifyReply, seconds: number, what: string): AppError {
  reply.header('retry-after', String(seconds));
  return new AppError(
    429,
    'too_many_attempts',
    `Too many failed ${what} from this address or for this account; try again in ${seconds} s`,
    undefined,
    {
      retryAfterSeconds: seconds,
    },
  );
}
export { tooMany as throttledError };

/** Registers cookie parsing and the /api authentication hook. */
export async function registerAuthentication(app: App, ctx: AppContext): Promise<void> {
  const { db, config } = ctx;
  await app.register(cookie);
  const cookieName = sessionCookie(config).name;
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const mode = req.routeOptions.config?.auth ?? 'required';
    if (mode === 'none') return;

    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError(401, 'unauthorized', 'Authorization must be "Bearer <API key>"');
      const ip = { rule: THROTTLE.apiKeyIp, id: clientKey(req.ip) };
      // Checked before the key: a blocked address learns nothing, not even that a key was right.
      const wait = await blockedFor(db, [ip]);
      if (wait !== null) throw tooMany(reply, wait, 'API key attempts');
      req.user = await userByApiKey(db, m[1]!);
      if (!req.user) {
        await countAttempt(db, [ip]);
        throw new AppError(401, 'unauthorized', 'The API key is not valid (unknown or revoked)');
      }
      return;
    }

    const token = req.cookies[cookieName];
    const session: SessionRow | null = token ? await findSession(db, token) : null;
    if (session) {
      req.user = await getUser(db, session.userId);
      req.session = req.user ? session : null;
    }
    if (!req.user || !req.session) {
      if (mode === 'optional') return;
      throw new AppError(
        401,
        'unauthorized',
        token ? 'Your session has ended; sign in again' : 'Sign in (POST /api/v1/session) or send an API key: Authorization: Bearer <key>',
      );
    }
    if (!SAFE_METHODS.has(req.method) && !csrfTokenValid(req.session, req.headers[CSRF_HEADER])) {
      throw new AppError(
        403,
        'csrf_failed',
        `This request needs the session's CSRF token in the ${CSRF_HEADER} header (GET /api/v1/session gives it)`,
      );
    }
    if (req.session.mustChangePassword && !req.routeOptions.config?.duringPasswordChange) {
      throw new AppError(
        403,
        'password_change_required',
        'Choose a new password first (PUT /api/v1/users/{id}/password with currentPassword)',
      );
    }
  });
}

import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { SessionInfo, SignInInput } from '../../schemas/auth.ts';
import { checkPassword } from '../../admin/credentials.ts';
import { createSession, csrfToken, deleteSession, deleteSessionByToken } from '../../admin/sessions.ts';
import { getUser } from '../../admin/users.ts';
import { listWorkspaces } from '../../admin/workspaces.ts';
import { AppError } from '../../errors.ts';
import { clientKey, countAttempt, forgiveAttempt, THROTTLE } from '../../security/throttle.ts';
import { clearSessionCookie, sessionCookie, setSessionCookie, throttledError } from '../authenticate.ts';
import { currentUser, roleIn } from '../auth.ts';
import type { User } from '../../schemas/admin.ts';
import type { Queryable } from '../../db/types.ts';

async function workspacesOf(db: Queryable, user: User) {
  const ws = await listWorkspaces(db, user.isAdmin ? undefined : user.memberships.map((m) => m.workspaceId));
  return ws.map((w) => ({ ...w, role: roleIn(user, w.id)! }));
}

/** People sign in with email and password for an HttpOnly session cookie; API keys stay for automation. */
const routes: RouteModule = (app, { db, config }) => {
  const cookieName = sessionCookie(config).name;

  app.post(
    '/api/v1/session',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password; sets the session cookie',
        security: [],
        body: SignInInput,
        response: { 200: SessionInfo },
      },
    },
    async (req, reply) => {
      const email = req.body.email.toLowerCase();
      const ip = { rule: THROTTLE.passwordIp, id: clientKey(req.ip) };
      const account = { rule: THROTTLE.passwordAccount, id: email };
      // Counted before the check, so parallel guesses cannot slip past the limit while argon2 works.
      const wait = await countAttempt(db, [ip, account]);
      if (wait !== null) throw throttledError(reply, wait, 'sign-in attempts');
      const ok = await checkPassword(db, email, req.body.password);
      if (!ok) throw new AppError(401, 'invalid_credentials', 'The email or the password is wrong');
      await forgiveAttempt(db, ip);
      await forgiveAttempt(db, account, { all: true });

      const old = req.cookies[cookieName];
      if (old) await deleteSessionByToken(db, old);
      const session = await createSession(db, ok.userId);
      setSessionCookie(req, reply, config, session.token);
      const user = (await getUser(db, ok.userId))!;
      return {
        user,
        workspaces: await workspacesOf(db, user),
        csrfToken: csrfToken(session),
        passwordMustChange: session.mustChangePassword,
        expiresAt: session.expiresAt.toISOString(),
        via: 'session' as const,
      };
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['session'], summary: 'Who is signed in, and the CSRF token for writes', response: { 200: SessionInfo } },
    },
    async (req) => {
      const user = currentUser(req);
      const s = req.session;
      return {
        user,
        workspaces: await workspacesOf(db, user),
        csrfToken: s ? csrfToken(s) : null,
        passwordMustChange: s?.mustChangePassword ?? false,
        expiresAt: s?.expiresAt.toISOString() ?? null,
        via: s ? ('session' as const) : ('api_key' as const),
      };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { auth: 'optional', duringPasswordChange: true },
      schema: {
        tags: ['session'],
        summary: 'Sign out: ends the session on the server and clears the cookie (answers 204 also when no session is alive)',
        // Optional authentication, in OpenAPI terms: anonymous ({}) or either scheme.
        security: [{}, { bearer: [] }, { session: [] }],
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      if (req.session) await deleteSession(db, req.session.id);
      clearSessionCookie(req, reply, config);
      return reply.status(204).send(null);
    },
  );
};
export default routes;

import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { PasswordInput } from '../../schemas/auth.ts';
import { IdParams } from '../../schemas/common.ts';
import { checkUserPassword, passwordState, setPassword } from '../../admin/credentials.ts';
import { getUser } from '../../admin/users.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { clientKey, countAttempt, forgiveAttempt, THROTTLE } from '../../security/throttle.ts';
import { throttledError } from '../authenticate.ts';
import { currentUser, requireAdmin } from '../auth.ts';

/**
 * One route for both ways a password changes. Your own: send the current password and the new one; other sessions
 * of yours end, this one stays. Someone else's (admins only): send the new one; every session of theirs ends and
 * they must choose their own at their next sign-in.
 */
const routes: RouteModule = (app, { db }) => {
  app.put(
    '/api/v1/users/:id/password',
    {
      config: { duringPasswordChange: true },
      schema: {
        tags: ['users'],
        summary: "Change your own password (with currentPassword), or reset another user's (admins)",
        params: IdParams,
        body: PasswordInput,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const me = currentUser(req);
      const { currentPassword, newPassword } = req.body;
      if (req.params.id !== me.id) {
        requireAdmin(req);
        if (!(await getUser(db, req.params.id))) throw notFound('User');
        await setPassword(db, req.params.id, newPassword, { mustChange: true });
        return reply.status(204).send(null);
      }

      // A first password for someone who has none (signed in with an API key) needs no current one; otherwise it
      // does, even for admins, so a borrowed session cannot lock its owner out.
      if ((await passwordState(db, me.id)).hasPassword) {
        if (!currentPassword) throw badRequest([{ path: 'body.currentPassword', message: 'is required to change your own password' }]);
        const ip = { rule: THROTTLE.passwordIp, id: clientKey(req.ip) };
        const account = { rule: THROTTLE.passwordAccount, id: me.email };
        const wait = await countAttempt(db, [ip, account]);
        if (wait !== null) throw throttledError(reply, wait, 'password attempts');
        if (!(await checkUserPassword(db, me.id, currentPassword))) {
          throw new AppError(403, 'invalid_credentials', 'The current password is wrong', [
            { path: 'body.currentPassword', message: 'is wrong' },
          ]);
        }
        await forgiveAttempt(db, ip);
        await forgiveAttempt(db, account, { all: true });
        if (currentPassword === newPassword)
          throw badRequest([{ path: 'body.newPassword', message: 'must differ from the current password' }]);
      }
      await setPassword(db, me.id, newPassword, { mustChange: false, keepSessionId: req.session?.id });
      return reply.status(204).send(null);
    },
  );
};
export default routes;

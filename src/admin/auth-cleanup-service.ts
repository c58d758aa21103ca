import type { Service } from '../app/context.ts';
import { pruneSessions } from './sessions.ts';
import { pruneThrottle } from '../security/throttle.ts';

/**
 * Deletes ended sessions and closed throttle windows every 10 minutes. Both are already refused or ignored by the
 * queries that read them; this only keeps the tables small. Runs on API servers too (not a worker service): it is
 * cheap, and a deployment may have no worker for a while.
 */
export const authCleanupService: Service = {
  name: 'auth-cleanup',
  worker: false,
  async start(ctx) {
    const round = async () => {
      try {
        await pruneSessions(ctx.db);
        await pruneThrottle(ctx.db);
      } catch (err) {
        console.error('auth-cleanup: failed', err);
      }
    };
    const timer = setInterval(() => void round(), 10 * 60_000);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
      },
    };
  },
};

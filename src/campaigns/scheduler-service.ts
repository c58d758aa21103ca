import type { Service } from '../app/context.ts';
import { startScheduler } from './scheduler.ts';

/** Starts Planned campaigns when they come due; any number of workers may run it (claims skip locked rows). */
export const schedulerService: Service = {
  name: 'campaign-scheduler',
  worker: true,
  async start(ctx) {
    // embedded: every campaign is scheduled by this process, which wakes the scheduler (src/delivery/wake.ts)
    const idleMs = ctx.db.engine === 'pglite' ? 30_000 : undefined;
    const s = startScheduler(ctx.db, ctx.senderFor, { intervalMs: 1_000, log: ctx.log, ...(idleMs ? { idleMs } : {}) });
    return { stop: () => s.stop() };
  },
};

import type { Service } from '../app/context.ts';
import { startScheduler } from './scheduler.ts';

/** Starts Planned campaigns when they come due; any number of workers may run it (claims skip locked rows). */
export const schedulerService: Service = {
  name: 'campaign-scheduler',
  worker: true,
  async start(ctx) {
    const s = startScheduler(ctx.db, ctx.senderFor, { intervalMs: 1_000, log: ctx.log });
    return { stop: () => s.stop() };
  },
};

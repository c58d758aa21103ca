import type { Service } from '../app/context.ts';
import { importUnitStatistics } from './unit-stats.ts';

/** Imports LINE's per-unit statistics every 5 minutes (the hourly budget, not this timer, bounds the calls). */
export const unitStatsService: Service = {
  name: 'line-unit-stats',
  worker: true,
  async start(ctx) {
    let running = false;
    const round = async () => {
      if (running) return;
      running = true;
      try {
        await importUnitStatistics(ctx.db, ctx);
      } catch (err) {
        ctx.log.error({ err }, 'LINE unit statistics: import failed; next try in 5 minutes');
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => void round(), 10_000);
    const timer = setInterval(() => void round(), 5 * 60_000);
    first.unref();
    timer.unref();
    return {
      async stop() {
        clearTimeout(first);
        clearInterval(timer);
      },
    };
  },
};

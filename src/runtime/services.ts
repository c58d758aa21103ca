import type { Service } from '../app/context.ts';
import { authCleanupService } from '../admin/auth-cleanup-service.ts';
import { schedulerService } from '../campaigns/scheduler-service.ts';
import { deliveryService } from '../delivery/service.ts';
import { unitStatsService } from '../tracking/unit-stats-service.ts';

/**
 * Every background service, in start order: the list is the whole wiring (no module registers itself by being
 * imported). `linecast start --no-worker` skips the worker ones; `linecast worker` runs only them.
 */
export const backgroundServices: readonly Service[] = [unitStatsService, schedulerService, deliveryService, authCleanupService];

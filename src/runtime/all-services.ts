// Importing a service module registers it (see services.ts). One line per background service.
export {};
import '../tracking/unit-stats-service.ts';
import '../campaigns/scheduler-service.ts';
import '../delivery/service.ts';
import '../tracking/register-engagement.ts';
import '../admin/auth-cleanup-service.ts';

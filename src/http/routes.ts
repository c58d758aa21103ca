import type { RouteModule } from './context.ts';
import campaignActions from './routes/campaign-actions.ts';
import campaignDelivery from './routes/campaign-delivery.ts';
import campaignTestRecipients from './routes/campaign-test-recipients.ts';
import campaigns from './routes/campaigns.ts';
import clicks from './routes/clicks.ts';
import lineAccountVerify from './routes/line-account-verify.ts';
import lineAccounts from './routes/line-accounts.ts';
import media from './routes/media.ts';
import parentSegmentImport from './routes/parent-segment-import.ts';
import parentSegments from './routes/parent-segments.ts';
import reports from './routes/reports.ts';
import segments from './routes/segments.ts';
import session from './routes/session.ts';
import ui from './routes/ui.ts';
import userPasswords from './routes/user-passwords.ts';
import users from './routes/users.ts';
import webhooks from './routes/webhooks.ts';
import workspaces from './routes/workspaces.ts';

/**
 * Every route module (one per resource), in registration order, imported statically so tools (type checker,
 * dependency rules) follow them. test/architecture/boundaries.test.ts checks that no file of ./routes is left out.
 */
export const routeModules: readonly RouteModule[] = [
  campaignActions,
  campaignDelivery,
  campaignTestRecipients,
  campaigns,
  clicks,
  lineAccountVerify,
  lineAccounts,
  media,
  parentSegmentImport,
  parentSegments,
  reports,
  segments,
  session,
  ui,
  userPasswords,
  users,
  webhooks,
  workspaces,
];

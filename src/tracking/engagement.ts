import type { EngagementCondition } from '../schemas/segment.ts';
import * as sql from './queries.ts';

/**
 * Segment leaves over what campaigns did, as parameterized SQL over profiles alias `alias`, matched on the
 * profile's LINE user ID (the snapshot keeps one eligible recipient row per user and campaign):
 * - received: a non-test recipient row of the campaign is covered by an accepted LINE request;
 * - clicked: one of its recipient rows has a counted click (on `linkId` when given) — needs per-recipient links,
 *   i.e. a push campaign with tracking on; multicast clicks cannot be tied to a person;
 * - not_clicked: received and not clicked (the follow-up audience), so people the campaign never reached
 *   are not swept in.
 * Reads delivery_recipients + delivery_requests (not the deliveries view: the covering request is found with
 * one index probe, ORDER BY first_id DESC LIMIT 1, as the view does) and link_clickers, never the clicks log.
 */
export function compileEngagement(leaf: EngagementCondition, params: unknown[], alias = 'p', workspaceParam?: string): string {
  params.push(leaf.campaignId);
  const c = `$${params.length}::uuid`;
  const scoped = workspaceParam ? sql.engagementCampaignInWorkspace(c, workspaceParam) : '';
  const received = scoped + sql.engagementReceived(c, alias);
  // `received` ignores linkId; its parameter is added only when a clause uses it (PostgreSQL refuses a statement
  // with a parameter it cannot type, which an unused one is).
  if (leaf.event === 'received') return received;
  if (leaf.linkId) params.push(leaf.linkId);
  const clicked = scoped + sql.engagementClicked(c, alias, leaf.linkId ? `$${params.length}` : null);
  if (leaf.event === 'clicked') return clicked;
  return `(${received} AND NOT (${clicked}))`;
}

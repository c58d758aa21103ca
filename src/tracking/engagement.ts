import type { EngagementCondition } from '../schemas/segment.ts';

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
  // Only a campaign of the rule's workspace counts (a constant subquery: evaluated once, not per profile).
  const scoped = workspaceParam
    ? `EXISTS (SELECT 1 FROM campaigns wc WHERE wc.id = ${c} AND wc.workspace_id = ${workspaceParam}) AND `
    : '';
  const received = `${scoped}EXISTS (SELECT 1 FROM delivery_recipients d
    WHERE d.campaign_id = ${c} AND d.line_user_id = ${alias}.line_user_id AND d.status = 'pending' AND NOT d.is_test
      AND (SELECT r.status = 'accepted' AND r.last_id >= d.id FROM delivery_requests r
           WHERE r.campaign_id = d.campaign_id AND NOT r.is_test AND r.first_id <= d.id AND r.status <> 'superseded'
           ORDER BY r.first_id DESC LIMIT 1))`;
  // `received` ignores linkId; its parameter is added only when a clause uses it (PostgreSQL refuses a statement
  // with a parameter it cannot type, which an unused one is).
  if (leaf.event === 'received') return received;
  let linkCond = '';
  if (leaf.linkId) {
    params.push(leaf.linkId);
    linkCond = ` AND k.link_id = $${params.length}`;
  }
  const clicked = `${scoped}EXISTS (SELECT 1 FROM delivery_recipients d JOIN link_clickers k ON k.campaign_id = d.campaign_id AND k.delivery_id = d.id
    WHERE d.campaign_id = ${c} AND d.line_user_id = ${alias}.line_user_id AND NOT d.is_test${linkCond})`;
  if (leaf.event === 'clicked') return clicked;
  return `(${received} AND NOT (${clicked}))`;
}

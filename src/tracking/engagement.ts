import type { EngagementCondition } from '../schemas/segment.ts';

/**
 * Segment leaves over what campaigns did, as parameterized SQL over profiles alias `alias`:
 * - received: the profile has an accepted, non-test delivery of the campaign;
 * - clicked: one of its deliveries has a counted click (on `linkId` when given) — needs per-recipient links,
 *   i.e. a push campaign with tracking on; multicast clicks cannot be tied to a person;
 * - not_clicked: received and not clicked (the follow-up audience), so people the campaign never reached
 *   are not swept in.
 * Reads link_clickers (one row per recipient and link), never the clicks log.
 */
export function compileEngagement(leaf: EngagementCondition, params: unknown[], alias = 'p'): string {
  params.push(leaf.campaignId);
  const c = `$${params.length}`;
  const received = `EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = ${c} AND d.profile_id = ${alias}.id AND d.status = 'accepted' AND NOT d.is_test)`;
  let linkCond = '';
  if (leaf.linkId) {
    params.push(leaf.linkId);
    linkCond = ` AND k.link_id = $${params.length}`;
  }
  const clicked = `EXISTS (SELECT 1 FROM deliveries d JOIN link_clickers k ON k.campaign_id = d.campaign_id AND k.delivery_id = d.id
    WHERE d.campaign_id = ${c} AND d.profile_id = ${alias}.id${linkCond})`;
  if (leaf.event === 'received') return received;
  if (leaf.event === 'clicked') return clicked;
  return `(${received} AND NOT ${clicked})`;
}

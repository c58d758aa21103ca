import type { CampaignLookup } from '../app/ports.ts';
import type { Queryable } from '../db/types.ts';
import type { Reach } from '../schemas/audience.ts';
import { compileSegment, parseRule } from './compile.ts';
import { toProfile, type ProfileRow } from './profiles.ts';
import { checkRuleScope } from './rule-scope.ts';
import * as sql from './queries.ts';

/**
 * Who a rule reaches in a parent segment, counted the way the delivery snapshot (DESIGN.md §3.1) decides:
 * no well-formed LINE user ID → missing_recipient_id; known to have unfollowed → unfollowed; the same LINE
 * user ID again → duplicate_recipient; `following` is what remains, once per LINE user ID. The counts are one
 * pass over the matching profiles; the sample is a second, LIMIT 10 query.
 *
 * `lineAccountId` is accepted for the campaigns module's call; follow state is stored per profile, not per
 * LINE account, so it does not change the figures today. `workspaceId` is the workspace asking: engagement
 * leaves naming another workspace's campaign are refused (400 invalid_rule), and never read.
 */
export async function segmentReach(
  q: Queryable,
  campaigns: CampaignLookup,
  args: { workspaceId: string; parentSegmentId: string; rule: unknown; lineAccountId?: string; sample?: number },
): Promise<Reach> {
  const rule = parseRule(args.rule);
  await checkRuleScope(q, campaigns, args.workspaceId, rule);
  const params: unknown[] = [args.parentSegmentId];
  const where = compileSegment(rule, params, 'p', { workspaceId: args.workspaceId });
  const counts = await q.query<{ profiles: number; with_id: number; eligible: number; following: number; unfollowed: number }>(
    sql.reachCounts(where),
    params,
  );
  const c = counts.rows[0]!;
  const n = Number.isInteger(args.sample) ? Math.max(0, Math.min(args.sample!, 100)) : 10;
  const sample = n
    ? (await q.query<ProfileRow>(sql.reachSample(where, n), params)).rows.map((r) => {
        const { updatedAt: _u, ...rest } = toProfile(r);
        return rest;
      })
    : [];
  return {
    profiles: c.profiles,
    withLineUserId: c.with_id,
    following: c.following,
    excluded: {
      missing_recipient_id: c.profiles - c.with_id,
      unfollowed: c.unfollowed,
      duplicate_recipient: c.eligible - c.following,
    },
    sample,
  };
}

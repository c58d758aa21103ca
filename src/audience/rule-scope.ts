import type { CampaignLookup } from '../app/ports.ts';
import type { Queryable } from '../db/types.ts';
import type { ErrorDetail } from '../errors.ts';
import { InvalidRuleError } from './compile.ts';
import type { SegmentRule } from '../schemas/segment.ts';

/** Every engagement leaf of a rule with its path (`rule.children[0].campaignId`), found without recursion. */
function engagementLeaves(rule: SegmentRule, prefix: string): { campaignId: string; path: string }[] {
  const out: { campaignId: string; path: string }[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: rule, path: prefix }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    const n = node as { type?: string; children?: unknown[]; campaignId?: string };
    if (n?.type === 'engagement' && typeof n.campaignId === 'string') out.push({ campaignId: n.campaignId, path: `${path}.campaignId` });
    if (n?.type === 'group' && Array.isArray(n.children))
      n.children.forEach((c, i) => stack.push({ node: c, path: `${path}.children[${i}]` }));
  }
  return out;
}

/**
 * A rule may only read what its workspace owns: every engagement leaf (received / clicked a campaign) must
 * name a campaign of `workspaceId`. Another workspace's campaign (or none) is refused as 400 `invalid_rule`
 * naming each leaf, so a marketer cannot count, sample or target another team's recipients. Checked wherever a
 * rule is run or saved: reach, segment create/update, campaign validate/launch/start. Which campaigns are the
 * workspace's is the campaigns module's answer (`campaigns`, wired by the composition root).
 */
export async function ruleScopeProblems(
  q: Queryable,
  campaigns: CampaignLookup,
  workspaceId: string,
  rule: SegmentRule,
  prefix = 'rule',
): Promise<ErrorDetail[]> {
  const leaves = engagementLeaves(rule, prefix);
  if (!leaves.length) return [];
  const ids = [...new Set(leaves.map((l) => l.campaignId))];
  const own = await campaigns.inWorkspace(q, workspaceId, ids);
  return leaves
    .filter((l) => !own.has(l.campaignId))
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((l) => ({ path: l.path, message: 'No campaign with this id in this workspace' }));
}

export async function checkRuleScope(
  q: Queryable,
  campaigns: CampaignLookup,
  workspaceId: string,
  rule: SegmentRule,
  prefix = 'rule',
): Promise<void> {
  const bad = await ruleScopeProblems(q, campaigns, workspaceId, rule, prefix);
  if (bad.length) throw new InvalidRuleError(bad.map((d) => `${d.path}: ${d.message}`).join('; '), bad);
}

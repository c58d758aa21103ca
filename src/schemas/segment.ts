import { z } from 'zod';
import { check } from '../domain/issues.ts';
import { Text } from './text.ts';

/**
 * A segment rule tree over profile attributes. Leaves compare one attribute (a key of profiles.attributes, or
 * the built-ins line_user_id / follow_status / customer_key) with a value; groups combine with AND/OR.
 */
export const ConditionOperator = z.enum([
  'equals',
  'not_equals',
  'in',
  'contains',
  'greater_than',
  'less_than',
  'exists',
  'not_exists',
  'before',
  'after',
]);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

const Scalar = z.union([Text.max(1000), z.number(), z.boolean()]);

export const Condition = z.object({
  type: z.literal('condition'),
  // Letters of any script: a CSV exported in Japan names its columns 姓, 名, 会員ランク.
  attribute: z
    .string()
    .min(1)
    .max(200)
    .refine((a) => /^[\p{L}\p{M}\p{N}_.\- ]+$/u.test(a), check('segment_attribute_name')),
  operator: ConditionOperator,
  value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
});
export type Condition = z.infer<typeof Condition>;

export type Group = { type: 'group'; op: 'and' | 'or'; children: (Group | Condition | EngagementCondition)[] };

/** Engagement conditions (received / clicked / did not click a campaign), filled in by click tracking. */
export const EngagementCondition = z.object({
  type: z.literal('engagement'),
  event: z.enum(['received', 'clicked', 'not_clicked']),
  campaignId: z.uuid(),
  linkId: Text.max(100).optional(),
});
export type EngagementCondition = z.infer<typeof EngagementCondition>;

/** Groups nest at most this deep (the root group is level 1). */
export const MAX_RULE_DEPTH = 10;
/** Groups, conditions and engagement leaves in one rule, at most. */
export const MAX_RULE_NODES = 1000;

export const Group: z.ZodType<Group> = z.lazy(() =>
  z.object({
    type: z.literal('group'),
    op: z.enum(['and', 'or']),
    // Discriminated by `type`, so an error names the field inside the child (children[2].value), not the child.
    children: z
      .array(
        z.discriminatedUnion('type', [Group as unknown as z.ZodObject<{ type: z.ZodLiteral<'group'> }>, Condition, EngagementCondition]),
      )
      .max(200),
  }),
) as unknown as z.ZodType<Group>;
// Named in the OpenAPI document's components, so the recursive tree is documented by one $ref that resolves.
z.globalRegistry.add(Group, { id: 'SegmentRuleGroup' });

/**
 * Depth and size of a rule tree, measured without recursion BEFORE the schema walks it (the schema recurses
 * once a level, so a rule nested thousands deep would overflow the stack first). Returns the first problem.
 */
export function ruleShapeProblem(rule: unknown): { path: (string | number)[]; message: string } | null {
  const stack: { node: unknown; depth: number; path: (string | number)[] }[] = [{ node: rule, depth: 1, path: [] }];
  let nodes = 0;
  while (stack.length) {
    const { node, depth, path } = stack.pop()!;
    if (++nodes > MAX_RULE_NODES) return { path: [], message: `a rule holds at most ${MAX_RULE_NODES} groups and conditions` };
    if (node === null || typeof node !== 'object' || (node as { type?: unknown }).type !== 'group') continue;
    if (depth > MAX_RULE_DEPTH) return { path, message: `groups nest at most ${MAX_RULE_DEPTH} deep` };
    const children = (node as { children?: unknown }).children;
    if (!Array.isArray(children)) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1, path: [...path, 'children', i] });
  }
  return null;
}

/** A rule tree: its depth and size are checked first, then its shape. */
// A preprocess (not z.unknown().pipe) so the documented JSON schema is the tree's, not "anything".
export const SegmentRule: z.ZodType<Group> = z.preprocess((v, ctx) => {
  const p = ruleShapeProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p.message, path: p.path, input: v });
  return v;
}, Group) as unknown as z.ZodType<Group>;
export type SegmentRule = Group;
export const emptyRule = (): SegmentRule => ({ type: 'group', op: 'and', children: [] });

import { z } from 'zod';

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

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const Condition = z.object({
  type: z.literal('condition'),
  attribute: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.-]+$/, 'attribute names use letters, digits, _ . -'),
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
  linkId: z.string().max(100).optional(),
});
export type EngagementCondition = z.infer<typeof EngagementCondition>;

export const Group: z.ZodType<Group> = z.lazy(() =>
  z.object({
    type: z.literal('group'),
    op: z.enum(['and', 'or']),
    children: z.array(z.union([Group, Condition, EngagementCondition])).max(200),
  }),
);
// A recursive schema must have a name to be referenced from the OpenAPI document (/docs/json): without one,
// the generator emits a $ref to a component it never writes.
z.globalRegistry.add(Group, { id: 'SegmentRuleGroup' });

export const SegmentRule = Group;
export type SegmentRule = Group;
export const emptyRule = (): SegmentRule => ({ type: 'group', op: 'and', children: [] });

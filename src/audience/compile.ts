import { EngineError, type ErrorDetail } from '../errors.ts';
import { compileEngagement } from '../tracking/engagement.ts';
import { MAX_RULE_DEPTH, SegmentRule, type Condition, type EngagementCondition } from '../schemas/segment.ts';

/**
 * Compiles a segment rule tree to one SQL boolean expression over the profiles table (alias `alias`).
 * Every value AND every attribute name goes into `params` (`p.attributes->>($n::text)`), so nothing a user
 * typed is ever spliced into SQL text; the only identifiers written are the three built-in columns.
 */

/**
 * `workspaceParam`, when given, is the placeholder of the workspace the rule runs in: the leaf then matches
 * nobody unless its campaign belongs to that workspace (checkRuleScope refuses such rules with a 400 first;
 * this keeps a rule that slipped past, e.g. one saved before that check, from reading another workspace).
 */
export type EngagementCompiler = (leaf: EngagementCondition, params: unknown[], alias: string, workspaceParam?: string) => string;

/** A rule that does not compile: every bad leaf named (`rule.children[0].value`, …); the HTTP layer answers 400. */
export class InvalidRuleError extends EngineError {
  constructor(message: string, details: ErrorDetail[]) {
    super('invalid', 'invalid_rule', message, details);
    this.name = 'InvalidRuleError';
  }
}

const builtIns = { customer_key: 'customer_key', line_user_id: 'line_user_id', follow_status: 'follow_status' } as const;
const MAX_DEPTH = MAX_RULE_DEPTH;
// Offsets up to ±15:59, as PostgreSQL reads them (the ISO shape would allow ±23:59; PostgreSQL refuses those).
const ISO_DATE =
  /^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-5])(:?[0-5]\d)?)?)?$/;
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?\s*$/;

/** The same test as the linecast_ts SQL function (migration 340): ISO shape and a day that exists in its month. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  return Number(s.slice(8, 10)) <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const invalidRule = (details: ErrorDetail[]) => new InvalidRuleError(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);

/** A compiled rule plus the problems found on the way (all of them, not just the first). */
class Compiler {
  readonly errors: ErrorDetail[] = [];
  private workspaceParam: string | undefined;
  constructor(
    readonly params: unknown[],
    readonly alias: string,
    readonly workspaceId?: string,
    readonly engagementCompiler: EngagementCompiler = compileEngagement,
  ) {}

  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  fail(path: string, message: string): string {
    this.errors.push({ path, message });
    return 'FALSE';
  }

  group(g: SegmentRule, path: string, depth: number): string {
    if (depth > MAX_DEPTH) return this.fail(path, `groups nest at most ${MAX_DEPTH} deep`);
    // An empty group matches everything (a new segment = the whole parent segment), in AND and OR alike.
    if (!g.children.length) return 'TRUE';
    const parts = g.children.map((c, i) => {
      const at = `${path}.children[${i}]`;
      if (c.type === 'group') return this.group(c, at, depth + 1);
      if (c.type === 'engagement') return this.engagement(c, at);
      return this.condition(c, at);
    });
    return `(${parts.join(g.op === 'and' ? ' AND ' : ' OR ')})`;
  }

  engagement(leaf: EngagementCondition, _path: string): string {
    if (this.workspaceId && !this.workspaceParam) this.workspaceParam = `${this.param(this.workspaceId)}::uuid`;
    return `(${this.engagementCompiler(leaf, this.params, this.alias, this.workspaceParam)})`;
  }

  /** The attribute as text (NULL when absent or JSON null). */
  text(attribute: string): string {
    const col = builtIns[attribute as keyof typeof builtIns];
    return col ? `${this.alias}.${col}` : `(${this.alias}.attributes->>(${this.param(attribute)}::text))`;
  }

  condition(c: Condition, path: string): string {
    const v = c.value;
    const vp = `${path}.value`;
    const scalar = (): string | number | boolean | null => {
      if (v === undefined || Array.isArray(v)) {
        this.fail(vp, `${c.operator} needs one value (a string, number or boolean)`);
        return null;
      }
      return v;
    };
    const a = this.text(c.attribute);
    switch (c.operator) {
      case 'exists':
        return `(${a} IS NOT NULL)`;
      case 'not_exists':
        return `(${a} IS NULL)`;
      case 'equals':
      case 'not_equals': {
        const s = scalar();
        if (s === null) return 'FALSE';
        const eq = this.equality(a, s);
        // not_equals includes profiles without the attribute: "tier is not gold" keeps people with no tier.
        return c.operator === 'equals' ? `(${eq} IS TRUE)` : `(${eq} IS NOT TRUE)`;
      }
      case 'in': {
        const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
        if (!list.length) return this.fail(vp, 'in needs a non-empty list of values');
        return `(${a} = ANY(${this.param(list.map(String))}::text[]))`;
      }
      case 'contains': {
        const s = scalar();
        if (s === null) return 'FALSE';
        if (String(s) === '') return this.fail(vp, 'contains needs a non-empty value');
        return `(strpos(lower(${a}), lower(${this.param(String(s))}::text)) > 0)`;
      }
      case 'greater_than':
      case 'less_than': {
        const s = scalar();
        if (s === null) return 'FALSE';
        const n = typeof s === 'number' ? s : typeof s === 'string' && NUMERIC.test(s) ? Number(s) : NaN;
        if (!Number.isFinite(n)) return this.fail(vp, `${c.operator} needs a number`);
        return `(linecast_num(${a}) ${c.operator === 'greater_than' ? '>' : '<'} ${this.param(String(n))}::numeric)`;
      }
      case 'before':
      case 'after': {
        const s = scalar();
        if (s === null) return 'FALSE';
        if (typeof s !== 'string' || !isIsoDate(s))
          return this.fail(vp, `${c.operator} needs an ISO date such as 2024-06-01 or 2024-06-01T09:00:00+09:00`);
        return `(linecast_ts(${a}) ${c.operator === 'before' ? '<' : '>'} linecast_ts(${this.param(s)}::text))`;
      }
    }
  }

  /** Numbers compare as numbers (so "42" and 42.0 are equal); booleans ignore case; strings compare exactly. */
  equality(a: string, s: string | number | boolean): string {
    if (typeof s === 'number') return `(linecast_num(${a}) = ${this.param(String(s))}::numeric)`;
    if (typeof s === 'boolean') return `(lower(${a}) = ${this.param(String(s))}::text)`;
    return `(${a} = ${this.param(s)}::text)`;
  }
}

/**
 * Compiles `rule` (already shaped by the SegmentRule schema) to a parameterized SQL boolean expression over
 * profiles alias `alias`, pushing its values onto `params`. Throws InvalidRuleError (`invalid_rule`) naming every
 * bad leaf (`rule.children[0].value`, …) when values do not fit their operator. With `scope.workspaceId`,
 * engagement leaves only read campaigns of that workspace. Engagement leaves compile with click tracking's
 * compiler (src/tracking/engagement.ts, a plain import: nothing has to be loaded first), or `scope.engagement`.
 */
export function compileSegment(
  rule: SegmentRule,
  params: unknown[],
  alias = 'p',
  scope: { workspaceId?: string; engagement?: EngagementCompiler } = {},
): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`compileSegment: alias must be a plain identifier, got ${alias}`);
  const c = new Compiler(params, alias, scope.workspaceId, scope.engagement);
  // A bare leaf at the top is read as a group of one (callers building rules in code need not wrap them).
  const root: SegmentRule =
    (rule as { type: string }).type === 'group' ? rule : { type: 'group', op: 'and', children: [rule as unknown as Condition] };
  const sql = c.group(root, 'rule', 1);
  if (c.errors.length) {
    throw invalidRule(c.errors);
  }
  return sql;
}

/** Checks a rule compiles, with error paths under `prefix` (e.g. `body.rule`), without running it. */
export function checkSegmentRule(rule: SegmentRule, prefix = 'rule'): void {
  try {
    compileSegment(rule, []);
  } catch (e) {
    if (e instanceof InvalidRuleError && e.details) {
      throw invalidRule(e.details.map((d) => ({ path: prefix + d.path.slice('rule'.length), message: d.message })));
    }
    throw e;
  }
}

/** Checks an untyped rule (e.g. read back from the database) against the SegmentRule schema; 400 when it is not one. */
export function parseRule(rule: unknown): SegmentRule {
  const parsed = SegmentRule.safeParse(rule);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: ['rule', ...i.path].map(String).join('.'), message: i.message }));
  throw new InvalidRuleError(`The segment rule is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

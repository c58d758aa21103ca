import { compileSegment as compileTyped, parseRule } from './compile.ts';

/**
 * compileSegment for callers holding a rule of unknown shape (the delivery snapshot reads it from the
 * segments table): the rule is checked against the SegmentRule schema first, then compiled.
 */
export function compileSegment(rule: unknown, params: unknown[], alias = 'p', scope: { workspaceId?: string } = {}): string {
  return compileTyped(parseRule(rule), params, alias, scope);
}

/** Static checks of Liquid in message content: syntax, known variables, and which profile attributes are read. */
import { ruleError, type RuleError } from '../messages/validate.ts';
import { formatPath } from '../messages/path.ts';
import { hasLiquid } from '../messages/strings.ts';
import type { IssueCode, IssueParams } from '../issues.ts';
import { ROOTS, globalVariables, liquidIssue, parseTemplate, type Segments } from './engine.ts';
import { templateStrings } from './fields.ts';

function variableName(segs: Segments): string {
  return segs.map((s, i) => (Array.isArray(s) ? `[${variableName(s)}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

/** Why a variable is not allowed, or null when it is `profile.<attr>`, `campaign.id` or `campaign.name`. */
export function variableProblem(segs: Segments): { code: IssueCode; params: IssueParams } | null {
  const [root, attr] = segs;
  const name = variableName(segs);
  if (root === 'profile') return attr === undefined ? { code: 'liquid_profile_attribute', params: { name } } : null;
  if (root === 'campaign')
    return typeof attr === 'string' && (ROOTS.campaign as readonly string[]).includes(attr)
      ? null
      : { code: 'liquid_campaign_variable', params: { name } };
  return { code: 'liquid_unknown_variable', params: { name } };
}

/** Every Liquid problem in the messages, with the JSON path of the field (e.g. `messages[0].text`). */
export function checkTemplates(messages: unknown[], opts: { basePath?: string } = {}): RuleError[] {
  const base = opts.basePath ?? 'messages';
  const out: RuleError[] = [];
  if (!Array.isArray(messages)) return out;
  messages.forEach((m, i) => {
    for (const { path, value } of templateStrings(m)) {
      if (!hasLiquid(value)) continue;
      const at = formatPath(`${base}[${i}]`, path);
      try {
        const seen = new Set<string>();
        for (const segs of globalVariables(parseTemplate(value))) {
          const problem = variableProblem(segs);
          if (!problem) continue;
          const e = ruleError(at, problem.code, problem.params);
          if (!seen.has(e.message)) out.push(e);
          seen.add(e.message);
        }
      } catch (err) {
        const { code, params } = liquidIssue(err);
        out.push(ruleError(at, code, params));
      }
    }
  });
  return out;
}

/** The `profile.*` attribute names the messages read (for the UI variable picker and send-mode choice). */
export function profileVariables(messages: unknown[]): string[] {
  const names = new Set<string>();
  for (const m of Array.isArray(messages) ? messages : []) {
    for (const { value } of templateStrings(m)) {
      if (!hasLiquid(value)) continue;
      let vars: Segments[];
      try {
        vars = globalVariables(parseTemplate(value));
      } catch {
        continue;
      }
      for (const [root, attr] of vars) if (root === 'profile' && typeof attr === 'string') names.add(attr);
    }
  }
  return [...names].sort();
}

/**
 * True when some recipient could get different content: any template reads `profile.*`. campaign.* is the
 * same for everyone, so it alone keeps multicast. A template that does not parse counts as personalized
 * (push is always correct, multicast is only an optimisation); such content cannot launch anyway.
 */
export function isPersonalized(messages: unknown[]): boolean {
  for (const m of Array.isArray(messages) ? messages : []) {
    for (const { value } of templateStrings(m)) {
      if (!hasLiquid(value)) continue;
      try {
        if (globalVariables(parseTemplate(value)).some((s) => s[0] === 'profile')) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}

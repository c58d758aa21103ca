/** Static checks of Liquid in message content: syntax, known variables, and which profile attributes are read. */
import type { RuleError } from '../messages/validate.ts';
import { formatPath } from '../messages/path.ts';
import { hasLiquid } from '../messages/strings.ts';
import { ROOTS, globalVariables, liquidErrorMessage, parseTemplate, type Segments } from './engine.ts';
import { templateStrings } from './fields.ts';

function variableName(segs: Segments): string {
  return segs.map((s, i) => (Array.isArray(s) ? `[${variableName(s)}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

/** Why a variable is not allowed, or null when it is `profile.<attr>`, `campaign.id` or `campaign.name`. */
export function variableProblem(segs: Segments): string | null {
  const [root, attr] = segs;
  const name = variableName(segs);
  if (root === 'profile') return attr === undefined ? `Use a profile attribute, e.g. {{ profile.first_name }}, not {{ ${name} }}` : null;
  if (root === 'campaign')
    return typeof attr === 'string' && (ROOTS.campaign as readonly string[]).includes(attr)
      ? null
      : `Unknown variable "${name}": campaigns offer campaign.id and campaign.name`;
  return `Unknown variable "${name}": use profile.<attribute>, campaign.id or campaign.name`;
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
          if (problem && !seen.has(problem)) out.push({ path: at, message: problem });
          if (problem) seen.add(problem);
        }
      } catch (err) {
        out.push({ path: at, message: liquidErrorMessage(err) });
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

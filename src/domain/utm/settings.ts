/** The campaign's UTM settings: schema, validation and rendering of its values (Liquid with campaign.*). */
import { z } from 'zod';
import { ruleError, type RuleError } from '../messages/validate.ts';
import { hasLiquid } from '../messages/strings.ts';
import { engine, globalVariables, liquidIssue, parseTemplate } from '../liquid/engine.ts';
import { check, codeOfZodIssue, innermostZodIssue } from '../issues.ts';
import { variableProblem } from '../liquid/check.ts';
import { RENDER_BUDGET } from '../liquid/budget.ts';

export const UTM_VALUE_MAX = 40;
const RESERVED = ['utm_source', 'utm_medium', 'utm_campaign'];

const value = z.string().refine((v) => v.length <= UTM_VALUE_MAX, check('utm_value_max', { max: UTM_VALUE_MAX }));

export const UtmSettingsSchema = z.object({
  source: value.default('line'),
  medium: value.default('social'),
  campaign: value.default(''),
  /** Further query parameters, by their full name (e.g. `utm_content`, `utm_term`). */
  extra: z
    .record(
      z
        .string()
        .refine((k) => k.length >= 1, check('utm_param_empty'))
        .refine((k) => k.length <= UTM_VALUE_MAX, check('utm_param_max', { max: UTM_VALUE_MAX }))
        .refine((k) => !/[\s&=#?]/.test(k), check('utm_param_chars'))
        .refine((k) => !RESERVED.includes(k), check('utm_param_reserved')),
      value,
    )
    .default({}),
});

export type UtmSettings = z.infer<typeof UtmSettingsSchema>;

function pathOf(base: string, path: readonly PropertyKey[]): string {
  return [base, ...path.map(String)].join('.');
}

/** Lengths (measured on the value as written), parameter names, and Liquid that may only read campaign.*. */
export function validateUtm(utm: unknown, opts: { basePath?: string } = {}): RuleError[] {
  const base = opts.basePath ?? 'utm';
  const r = UtmSettingsSchema.safeParse(utm ?? {});
  if (!r.success)
    return r.error.issues.map((i) => ({ path: pathOf(base, i.path), message: innermostZodIssue(i).message, ...codeOfZodIssue(i) }));
  const out: RuleError[] = [];
  const fields: [string, string][] = [
    ['source', r.data.source],
    ['medium', r.data.medium],
    ['campaign', r.data.campaign],
    ...Object.entries(r.data.extra).map(([k, v]): [string, string] => [`extra.${k}`, v]),
  ];
  for (const [field, v] of fields) {
    if (!hasLiquid(v)) continue;
    try {
      for (const segs of globalVariables(parseTemplate(v))) {
        const problem = segs[0] === 'profile' ? { code: 'utm_profile_variable' as const, params: {} } : variableProblem(segs);
        if (problem) out.push(ruleError(`${base}.${field}`, problem.code, problem.params));
      }
    } catch (err) {
      const { code, params } = liquidIssue(err);
      out.push(ruleError(`${base}.${field}`, code, params));
    }
  }
  return out;
}

/** The query parameters to add, values rendered with the campaign; empty ones are kept here and skipped by tagUrl. */
export function utmParams(utm: unknown, ctx: { campaign: { id: string; name: string } }): Record<string, string> {
  const s = UtmSettingsSchema.parse(utm ?? {});
  // within the render budget: a value is short, but a loop in it is not
  const limits = { renderLimit: RENDER_BUDGET.timeMs, memoryLimit: RENDER_BUDGET.memory };
  const render = (v: string) => (hasLiquid(v) ? String(engine.renderSync(parseTemplate(v), { campaign: ctx.campaign }, limits)).trim() : v);
  const out: Record<string, string> = { utm_source: render(s.source), utm_medium: render(s.medium), utm_campaign: render(s.campaign) };
  for (const [k, v] of Object.entries(s.extra)) out[k] = render(v);
  return out;
}

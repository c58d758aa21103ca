/** The campaign's UTM settings: schema, validation and rendering of its values (Liquid with campaign.*). */
import { z } from 'zod';
import type { RuleError } from '../messages/validate.ts';
import { hasLiquid } from '../messages/strings.ts';
import { engine, globalVariables, liquidErrorMessage, parseTemplate } from '../liquid/engine.ts';
import { variableProblem } from '../liquid/check.ts';
import { RENDER_BUDGET } from '../liquid/budget.ts';

export const UTM_VALUE_MAX = 40;
const RESERVED = ['utm_source', 'utm_medium', 'utm_campaign'];

const value = z.string().refine((v) => v.length <= UTM_VALUE_MAX, `Must be at most ${UTM_VALUE_MAX} characters`);

export const UtmSettingsSchema = z.object({
  source: value.default('line'),
  medium: value.default('social'),
  campaign: value.default(''),
  /** Further query parameters, by their full name (e.g. `utm_content`, `utm_term`). */
  extra: z
    .record(
      z
        .string()
        .min(1, 'A parameter name may not be empty')
        .refine((k) => k.length <= UTM_VALUE_MAX, `A parameter name must be at most ${UTM_VALUE_MAX} characters`)
        .refine((k) => !/[\s&=#?]/.test(k), 'A parameter name may not contain spaces or & = # ?')
        .refine((k) => !RESERVED.includes(k), 'Use the source, medium and campaign fields for utm_source, utm_medium and utm_campaign'),
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
  if (!r.success) return r.error.issues.map((i) => ({ path: pathOf(base, i.path), message: i.message }));
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
        const problem = segs[0] === 'profile' ? 'UTM values are the same for every recipient: use campaign.id or campaign.name' : variableProblem(segs);
        if (problem) out.push({ path: `${base}.${field}`, message: problem });
      }
    } catch (err) {
      out.push({ path: `${base}.${field}`, message: liquidErrorMessage(err) });
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

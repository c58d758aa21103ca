/**
 * The one Liquid engine (liquidjs) for campaign content: strict filters, own properties only (no
 * `profile.constructor`), no file loading, resource limits, and a parse cache so the delivery engine and
 * the UI never parse the same template twice.
 */
import { Liquid, filters as builtin, type Context, type Template } from 'liquidjs';
import { issueMessage, type IssueCode, type IssueParams } from '../issues.ts';

const FILE_TAGS = ['include', 'render', 'layout', 'block'];

function createEngine(): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false, // a missing profile attribute renders empty (or its `default`)
    ownPropertyOnly: true,
    parseLimit: 100_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
  });
  registerGraphemeFilters(engine);
  for (const name of FILE_TAGS)
    engine.registerTag(name, {
      parse() {
        throw new Error(`the "${name}" tag is not available in messages`);
      },
      render() {},
    });
  return engine;
}

type FilterThis = { context: Context };
let segmenter: Intl.Segmenter | undefined;
const graphemes = (s: string) =>
  Array.from((segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s), (x) => x.segment);
/** liquidjs's own way of turning a value into text (append adds nothing to it). */
const toText = (self: FilterThis, v: unknown) =>
  String((builtin.append as (this: FilterThis, a: unknown, b: unknown) => unknown).call(self, v, ''));

/**
 * `truncate` and `slice` on strings count what a reader sees as one character (a grapheme cluster), so they never
 * cut a Thai consonant from its vowel and tone marks (ที่), a letter from its combining accent, or a family emoji
 * (👨‍👩‍👧) into parts. liquidjs counts code points, which does all three.
 */
function registerGraphemeFilters(e: Liquid): void {
  e.registerFilter('truncate', function (this: FilterThis, v: unknown, length: number = 50, omission: unknown = '...') {
    const str = toText(this, v);
    const o = toText(this, omission);
    this.context.memoryLimit.use(str.length + o.length);
    const chars = graphemes(str);
    if (chars.length <= length) return v;
    return chars.slice(0, Math.max(length - graphemes(o).length, 0)).join('') + o;
  });
  e.registerFilter('slice', function (this: FilterThis, v: unknown, begin: number, length: number = 1) {
    const value = v instanceof Object && 'valueOf' in v ? (v as { valueOf(): unknown }).valueOf() : v;
    if (value === null || value === undefined || Array.isArray(value))
      return (builtin.slice as (this: FilterThis, ...a: unknown[]) => unknown).call(this, v, begin, length);
    const chars = graphemes(toText(this, v));
    const start = begin < 0 ? chars.length + begin : begin;
    if (start < 0 || length < 0) return '';
    this.context.memoryLimit.use(length);
    return chars.slice(start, start + length).join('');
  });
}

export const engine = createEngine();

/** The variables a template may read; everything else is an error at check time. */
export const ROOTS = { profile: null, campaign: ['id', 'name'] } as const;

const CACHE_MAX = 2_000;
const cache = new Map<string, Template[]>();

/** Parses (or returns the cached parse of) a template; throws liquidjs's error on bad syntax. */
export function parseTemplate(source: string): Template[] {
  const hit = cache.get(source);
  if (hit) return hit;
  const tpl = engine.parse(source);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(source, tpl);
  return tpl;
}

/**
 * A liquidjs error as an issue code with parameters, so the UI can say it in the user's language. liquidjs
 * messages end in ", line:1, col:4" and may carry a code frame; the known kinds are recognised by their
 * wording, anything else keeps liquidjs's first line as `detail`.
 */
export function liquidIssue(err: unknown): { code: IssueCode; params: IssueParams } {
  const raw = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
  const at = /, line:(\d+), col:(\d+)$/.exec(raw);
  const where = { line: at ? Number(at[1]) : 1, col: at ? Number(at[2]) : 1 };
  const body = at ? raw.slice(0, at.index) : raw;
  let m: RegExpExecArray | null;
  if ((m = /^output "([\s\S]*)" not closed$/.exec(body))) return { code: 'liquid_output_not_closed', params: { snippet: m[1]!, ...where } };
  if ((m = /^tag (\{%[\s\S]*%\}) not closed$/.exec(body))) return { code: 'liquid_tag_not_closed', params: { tag: m[1]!, ...where } };
  if ((m = /^tag "([^"]*)" not found$/.exec(body))) return { code: 'liquid_unknown_tag', params: { tag: m[1]!, ...where } };
  if ((m = /^undefined filter: (.*)$/.exec(body))) return { code: 'liquid_unknown_filter', params: { filter: m[1]!, ...where } };
  if ((m = /^the "([^"]*)" tag is not available in messages$/.exec(body)))
    return { code: 'liquid_tag_unavailable', params: { tag: m[1]!, ...where } };
  return { code: 'liquid_syntax', params: { detail: raw } };
}

/** The English message of a liquidjs error (the API's wording). */
export function liquidErrorMessage(err: unknown): string {
  const { code, params } = liquidIssue(err);
  return issueMessage(code, params);
}

export type Segments = (string | number | Segments)[];

/** The context variables a parsed template reads, as segment arrays (`['profile', 'first_name']`). */
export function globalVariables(tpl: Template[]): Segments[] {
  return engine.globalVariableSegmentsSync(tpl) as Segments[];
}

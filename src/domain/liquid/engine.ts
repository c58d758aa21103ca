/**
 * The one Liquid engine (liquidjs) for campaign content: strict filters, own properties only (no
 * `profile.constructor`), no file loading, resource limits, and a parse cache so the delivery engine and
 * the UI never parse the same template twice.
 */
import { Liquid, type Template } from 'liquidjs';

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
  for (const name of FILE_TAGS)
    engine.registerTag(name, {
      parse() {
        throw new Error(`the "${name}" tag is not available in messages`);
      },
      render() {},
    });
  return engine;
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

/** liquidjs messages end in ", line:1, col:4" and may carry a code frame; keep the first line only. */
export function liquidErrorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return `Liquid: ${raw.split('\n')[0]!.trim()}`;
}

export type Segments = (string | number | Segments)[];

/** The context variables a parsed template reads, as segment arrays (`['profile', 'first_name']`). */
export function globalVariables(tpl: Template[]): Segments[] {
  return engine.globalVariableSegmentsSync(tpl) as Segments[];
}

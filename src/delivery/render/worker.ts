/**
 * The render thread (a piscina worker): Liquid for each profile within the render budget, then UTM tags. Rendering
 * here, not on the event loop, keeps the API, the pacer and other campaigns running whatever a template costs; a
 * render that never yields is stopped by terminating this thread (pool.ts).
 */
import type { MessagePort } from 'node:worker_threads';
// Only what rendering needs (not the message schemas): each render thread loads and keeps its own copy.
import { TemplateRenderError, compileMessages, renderMessages, type CompiledMessages } from '../../domain/liquid/render.ts';
import type { RenderBudget } from '../../domain/liquid/budget.ts';
import type { LineMessage } from '../../domain/messages/schemas.ts';
import { utmTagger } from '../../domain/utm/apply.ts';

/** What to render: a campaign's (or a draft's) messages and UTM settings. `key` names it for the compile cache. */
export interface RenderSource {
  key: string;
  campaign: { id: string; name: string };
  messages: unknown[];
  utm: unknown;
}

export interface RenderTask {
  source: RenderSource;
  profiles: { id: number; profile: Record<string, unknown> }[];
  budget: RenderBudget;
  /** The thread says "started" on it, so the pool's hard timeout measures the render, not the wait for a thread. */
  port?: MessagePort;
}

export type RenderOutcome =
  | { id: number; ok: true; messages: LineMessage[]; ms: number }
  | {
      id: number;
      ok: false;
      code: 'template_invalid' | 'render_failed' | 'render_budget_exceeded';
      path: string;
      reason: string;
      ms: number;
    };

interface Compiled {
  compiled: CompiledMessages | TemplateRenderError;
  tag: ((m: LineMessage[]) => LineMessage[]) | Error;
}

const cache = new Map<string, Compiled>();

function compiledOf(s: RenderSource): Compiled {
  let c = cache.get(s.key);
  if (c) return c;
  let compiled: Compiled['compiled'];
  try {
    compiled = compileMessages(s.messages as LineMessage[]);
  } catch (err) {
    compiled = err instanceof TemplateRenderError ? err : new TemplateRenderError('messages', String(err), 'template_invalid');
  }
  let tag: Compiled['tag'];
  try {
    tag = s.utm ? utmTagger(s.utm, { campaign: s.campaign }) : (m) => m;
  } catch (err) {
    tag = err instanceof Error ? err : new Error(String(err));
  }
  c = { compiled, tag };
  if (cache.size >= 64) cache.delete(cache.keys().next().value as string);
  cache.set(s.key, c);
  return c;
}

export function renderTask(task: Omit<RenderTask, 'port'>): RenderOutcome[] {
  const { compiled, tag } = compiledOf(task.source);
  return task.profiles.map(({ id, profile }): RenderOutcome => {
    const t0 = performance.now();
    const ms = () => performance.now() - t0;
    if (compiled instanceof TemplateRenderError)
      return { id, ok: false, code: compiled.code, path: compiled.path, reason: compiled.reason, ms: 0 };
    if (tag instanceof Error) return { id, ok: false, code: 'render_failed', path: 'utm', reason: tag.message, ms: 0 };
    const render = () => tag(renderMessages(compiled, { profile, campaign: task.source.campaign }, task.budget));
    try {
      let messages: LineMessage[];
      try {
        messages = render();
      } catch (err) {
        // over time once may be this thread waiting for a core on a busy machine, not the template: once more
        if (!(err instanceof TemplateRenderError && err.limit === 'time')) throw err;
        messages = render();
      }
      return { id, ok: true, messages, ms: ms() };
    } catch (err) {
      if (err instanceof TemplateRenderError) return { id, ok: false, code: err.code, path: err.path, reason: err.reason, ms: ms() };
      return { id, ok: false, code: 'render_failed', path: 'messages', reason: err instanceof Error ? err.message : String(err), ms: ms() };
    }
  });
}

export default function run(task: RenderTask): RenderOutcome[] {
  task.port?.postMessage('started');
  task.port?.close();
  return renderTask(task);
}

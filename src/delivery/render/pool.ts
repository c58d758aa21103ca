/**
 * The process's render threads (piscina) and the queue in front of them. The queue has one lane per campaign (or
 * per validation) served round-robin, and a task is handed to piscina only when a thread is free, so an expensive
 * campaign cannot hold the others behind its backlog, and each task's hard timeout counts its own run time only.
 * A task that outlives its timeout is aborted: piscina terminates that thread (a render that never yields cannot
 * be stopped any other way) and starts a fresh one. A batch that was stopped is rendered again one profile at a
 * time, so only the profile that hangs fails ("render budget exceeded").
 *
 * Cheap templates (plain text, or profile attributes through one-pass filters: isCheapToRender) render on the calling
 * thread instead, at once: they cannot hang, and most campaigns then never start a render thread (~50 MB each and a
 * cold start before the first message). A cheap source that still takes long (LINECAST_RENDER_ON_THREAD_MAX_MS per
 * profile, e.g. very long attribute values) goes to the threads from then on. LINECAST_RENDER_ON_THREAD=0 sends every
 * template to the threads.
 */
import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { RENDER_BUDGET, isCheapToRender, type RenderBudget } from '../../domain/index.ts';
import { renderTask, type RenderOutcome, type RenderSource, type RenderTask } from './worker.ts';

/** A render given this long past its budget is stopped; covers a busy machine, never a template. */
export const HARD_TIMEOUT_FLOOR_MS = 2_000;

/** A batch rendered on the calling thread that held the event loop longer than this sends its source to the threads. */
const ON_THREAD_BATCH_MAX_MS = 50;

const envInt = (name: string, def: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : def;
};

/** 0 (as the event loop) to 19 (lowest); 10 by default. */
function niceOf(v: string | undefined): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 && n <= 19 ? n : 10;
}

interface Job {
  task: Omit<RenderTask, 'port'>;
  hardMs: number;
  resolve: (r: RenderOutcome[] | 'stopped') => void;
  reject: (err: unknown) => void;
}

export class RenderPool {
  readonly threads: number;
  private readonly pool: Piscina<RenderTask, RenderOutcome[]>;
  private readonly lanes = new Map<string, Job[]>();
  private running = 0;
  private closed = false;
  /** Tasks stopped by their hard timeout (each one cost a thread). */
  stopped = 0;
  /** Profiles rendered on the calling thread / handed to the render threads (tests, benches). */
  readonly rendered = { onThread: 0, isolated: 0 };
  private readonly onThread: boolean;
  private readonly onThreadMaxMs: number;
  /** Per source key: may it render on the calling thread (false once one proved slow). */
  private readonly cheap = new Map<string, boolean>();

  constructor(opts: { threads?: number; onThread?: boolean; onThreadMaxMs?: number } = {}) {
    this.onThread = opts.onThread ?? process.env.LINECAST_RENDER_ON_THREAD !== '0';
    // ~20 µs per profile is usual; past 1 ms a batch (sized to ~100 ms of work, prepare.ts) would hold the event loop
    this.onThreadMaxMs = opts.onThreadMaxMs ?? envInt('LINECAST_RENDER_ON_THREAD_MAX_MS', 1);
    // Two at least: one expensive campaign may occupy a thread; the next campaign still has one.
    this.threads = opts.threads ?? envInt('LINECAST_RENDER_THREADS', Math.max(2, Math.min(4, os.availableParallelism() - 1)));
    // Each thread holds its own copy of the rendering code (~55 MB of RSS): none is kept while nothing renders
    // (LINECAST_RENDER_IDLE_THREADS keeps some); they start when campaigns render and stop after a quiet half minute.
    this.pool = new Piscina({
      // from the TypeScript sources the entry registers tsx in the thread first; compiled (dist/), the module itself
      filename: new URL(import.meta.url.endsWith('.ts') ? './worker-entry.mjs' : './worker.js', import.meta.url).href,
      minThreads: Math.min(this.threads, envInt('LINECAST_RENDER_IDLE_THREADS', 0)),
      maxThreads: this.threads,
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
      // a render's objects are short-lived and small: V8's default young generation (32 MB) is mostly unused RSS
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      // below the event loop's priority (Linux: per thread): on a busy machine the API, the pacer and the database
      // thread get the CPU before an expensive template does
      niceIncrement: niceOf(process.env.LINECAST_RENDER_NICE),
    });
  }

  /**
   * Renders `profiles` of `source` on a render thread, in `lane`'s turn. Each outcome is the messages (Liquid and UTM
   * applied) or why that profile could not get them; this never rejects for a template's sake.
   */
  async render(
    lane: string,
    source: RenderSource,
    profiles: RenderTask['profiles'],
    budget: RenderBudget,
    opts: { hardTimeoutMs?: number; isolate?: boolean } = {},
  ): Promise<RenderOutcome[]> {
    if (!profiles.length) return [];
    if (!opts.isolate && this.rendersOnThread(source)) {
      this.rendered.onThread += profiles.length;
      const out = renderTask({ source, profiles, budget });
      // slow after all (very long attribute values, a busy machine): the threads from the next batch on
      const total = out.reduce((sum, o) => sum + o.ms, 0);
      if (total > ON_THREAD_BATCH_MAX_MS || out.some((o) => o.ms > this.onThreadMaxMs)) this.cheap.set(source.key, false);
      return out;
    }
    this.rendered.isolated += profiles.length;
    const perProfile = opts.hardTimeoutMs ?? HARD_TIMEOUT_FLOOR_MS + budget.timeMs * Math.max(1, source.messages.length);
    const first = await this.enqueue(lane, { source, profiles, budget }, perProfile * profiles.length);
    if (first !== 'stopped') return first;
    if (profiles.length === 1) {
      const p = profiles[0]!;
      return [
        {
          id: p.id,
          ok: false,
          code: 'render_budget_exceeded',
          path: 'messages',
          reason: `render budget exceeded: the render did not finish within ${perProfile} ms and was stopped`,
          ms: perProfile,
        },
      ];
    }
    // Which profile hangs is unknown: one at a time, each with its own timeout.
    const out: RenderOutcome[] = [];
    for (const p of profiles) out.push(...(await this.render(lane, source, [p], budget, opts)));
    return out;
  }

  /** Whether `source` renders on the calling thread (decided once per source key). */
  rendersOnThread(source: RenderSource): boolean {
    if (!this.onThread) return false;
    let cheap = this.cheap.get(source.key);
    if (cheap === undefined) {
      cheap = isCheapToRender(source.messages);
      if (this.cheap.size >= 1_000) this.cheap.delete(this.cheap.keys().next().value as string);
      this.cheap.set(source.key, cheap);
    }
    return cheap;
  }

  private enqueue(lane: string, task: Job['task'], hardMs: number): Promise<RenderOutcome[] | 'stopped'> {
    if (this.closed) return Promise.reject(new Error('The render pool is closed'));
    return new Promise((resolve, reject) => {
      let q = this.lanes.get(lane);
      if (!q) this.lanes.set(lane, (q = []));
      q.push({ task, hardMs, resolve, reject });
      this.pump();
    });
  }

  /** Starts queued jobs while threads are free, taking the lanes in turn. */
  private pump(): void {
    while (this.running < this.threads && this.lanes.size) {
      const [lane, q] = this.lanes.entries().next().value as [string, Job[]];
      const job = q.shift()!;
      // the lane goes to the back of the round (Map keeps insertion order), or away when empty
      this.lanes.delete(lane);
      if (q.length) this.lanes.set(lane, q);
      this.running++;
      void this.start(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async start(job: Job): Promise<void> {
    const ac = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => (timer = setTimeout(() => ac.abort(), job.hardMs)));
    port1.unref();
    try {
      job.resolve(await this.pool.run({ ...job.task, port: port2 }, { transferList: [port2], signal: ac.signal }));
    } catch (err) {
      if (ac.signal.aborted) {
        this.stopped++;
        job.resolve('stopped');
      } else job.reject(err);
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  /**
   * Starts `threads` threads (the kept one by default) and loads the rendering code in each (a first start compiles
   * it: a second on a quiet machine, several on a busy one), so the first campaign does not wait for it.
   */
  async warm(threads = 1): Promise<void> {
    const source: RenderSource = {
      key: 'warm',
      campaign: { id: 'warm', name: 'warm' },
      messages: [{ type: 'text', text: '{{ profile.x }}' }],
      utm: {},
    };
    const n = Math.min(threads, this.threads);
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        this.render(`warm:${i}`, source, [{ id: i, profile: { x: 'x' } }], RENDER_BUDGET, { isolate: true }),
      ),
    );
  }

  /**
   * Renders a cheap template once on the calling thread, so the first campaign after a start does not pay for
   * compiling the rendering code (seconds' worth of cold JIT under load); starts no thread.
   */
  warmOnThread(): void {
    if (!this.onThread) return;
    const source: RenderSource = {
      key: 'warm-on-thread',
      campaign: { id: 'warm', name: 'warm' },
      messages: [{ type: 'text', text: 'Hi {{ profile.x | default: "x" }} https://example.com/' }],
      utm: { source: 'line', medium: 'social', campaign: '{{ campaign.id }}', extra: {} },
    };
    renderTask({ source, profiles: [{ id: 0, profile: { x: 'x' } }], budget: RENDER_BUDGET });
  }

  /** Jobs waiting for a thread, over all lanes. */
  get queued(): number {
    let n = 0;
    for (const q of this.lanes.values()) n += q.length;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.lanes.values()) for (const j of q) j.reject(new Error('The render pool is closed'));
    this.lanes.clear();
    await this.pool.destroy();
  }
}

let shared: RenderPool | null = null;

/** The process's render pool, started on first use. */
export function renderPool(): RenderPool {
  shared ??= new RenderPool();
  return shared;
}

/** Stops the render threads (tests, shutdown); the next renderPool() starts new ones. */
export async function closeRenderPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}

/**
 * Wake-on-work within one process. The delivery engine and the campaign scheduler poll the database for work;
 * with the embedded database every change that makes work (a campaign becoming Active or Planned) is made by this
 * same process, so they sleep long while idle (the polls cost CPU on an idle server) and are woken here instead.
 * With PostgreSQL other processes make work too, so their polls keep their short interval; a wake-up is then only
 * a head start.
 */
type Topic = 'delivery' | 'schedule';

const listeners: Record<Topic, Set<() => void>> = { delivery: new Set(), schedule: new Set() };
const signals: Record<Topic, number> = { delivery: 0, schedule: 0 };

/** Signals so far: a poller notes it before it looks, so a signal sent while it looked is not lost. */
export function workSignals(topic: Topic): number {
  return signals[topic];
}

/** Something `topic`'s poller should look at now (called inside the transaction that made it: see waitForWork). */
export function signalWork(topic: Topic): void {
  signals[topic]++;
  for (const l of listeners[topic]) l();
}

/** Calls `fn` on each signal for `topic` until the returned function is called. */
export function onWork(topic: Topic, fn: () => void): () => void {
  listeners[topic].add(fn);
  return () => listeners[topic].delete(fn);
}

/**
 * Resolves after `ms`, or earlier when work is signalled for `topic` (at once when signalled since `since`). A signal sent from inside a transaction
 * wakes the poller before the commit; on the embedded database its query then waits for that transaction to end
 * (one connection, statements in turn), so it sees the work.
 */
export function waitForWork(topic: Topic, ms: number, opts: { abort?: AbortSignal; since?: number } = {}): Promise<void> {
  if (opts.since !== undefined && opts.since !== signals[topic]) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listeners[topic].delete(done);
      opts.abort?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    listeners[topic].add(done);
    opts.abort?.addEventListener('abort', done);
  });
}

/**
 * How long an idle poller may sleep: `idleMs`, but no later than the first backoff among `until` runs out, and
 * never less than its usual interval.
 */
export function idleWaitMs(pollMs: number, idleMs: number, backoffs: Iterable<{ until: number }>, now = Date.now()): number {
  let ms = idleMs;
  for (const b of backoffs) if (b.until > now) ms = Math.min(ms, b.until - now);
  return Math.max(pollMs, ms);
}

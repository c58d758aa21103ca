import type { AppContext } from '../http/context.ts';

/** A background service that runs beside (or instead of) the API: scheduler, dispatcher, importers. */
export interface Service {
  name: string;
  /** API-only servers (`start --no-worker`) skip services marked as worker services. */
  worker: boolean;
  start(ctx: AppContext): Promise<{ stop(): Promise<void> }>;
}

const registry: Service[] = [];

export function registerService(s: Service): void {
  if (!registry.some((r) => r.name === s.name)) registry.push(s);
}

export function services(): readonly Service[] {
  return registry;
}

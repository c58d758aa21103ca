import type { RouteOptions } from 'fastify';

/** One registered route as the tests and the docs see it: method, URL and its (zod) request schemas. */
export interface RouteEntry {
  method: string;
  url: string;
  schema: { params?: unknown; querystring?: unknown; body?: unknown; hide?: boolean } | undefined;
}

const tables = new WeakMap<object, RouteEntry[]>();

/**
 * Records every route as it is registered (an onRoute hook), so tests can be generated from the route list:
 * a new route is covered without anyone remembering to list it.
 */
export function recordRoutes(app: { addHook(name: 'onRoute', fn: (r: RouteOptions) => void): unknown }): void {
  const list: RouteEntry[] = [];
  tables.set(app, list);
  app.addHook('onRoute', (r: RouteOptions) => {
    for (const method of [r.method].flat()) list.push({ method: String(method), url: r.url, schema: r.schema as RouteEntry['schema'] });
  });
}

/** The routes of an app built by buildApp, in registration order (HEAD twins of GET routes included). */
export function routeTable(app: object): RouteEntry[] {
  return tables.get(app) ?? [];
}

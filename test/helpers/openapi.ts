import type { App } from '../../src/http/context.ts';

/** A JSON schema node of the OpenAPI document (3.0 style: `nullable: true`). */
export interface JsonSchema {
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Operation {
  method: string;
  /** The route as Fastify knows it: /api/v1/workspaces/:ws */
  url: string;
  params: Record<string, JsonSchema>;
  query: Record<string, JsonSchema>;
  body: JsonSchema | null;
  bodyType: string | null;
}

/** Every documented operation of the app's OpenAPI document (/docs/json). */
export async function openApiOperations(app: App): Promise<{ doc: Record<string, unknown>; ops: Operation[] }> {
  const r = await app.inject({ method: 'GET', url: '/docs/json' });
  const doc = JSON.parse(r.body) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string; schema: JsonSchema }[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params: Record<string, JsonSchema> = {};
      const query: Record<string, JsonSchema> = {};
      for (const prm of op.parameters ?? []) (prm.in === 'path' ? params : prm.in === 'query' ? query : {})[prm.name] = prm.schema;
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      ops.push({
        method: method.toUpperCase(),
        url: p.replace(/\{(\w+)\}/g, ':$1'),
        params,
        query,
        body: bodyType ? content[bodyType]!.schema : null,
        bodyType,
      });
    }
  }
  return { doc, ops };
}

/** Follows a local $ref (#/components/schemas/X or #/$defs/X within `root`). */
export function deref(s: JsonSchema, root: unknown): JsonSchema {
  let cur = s;
  for (let i = 0; cur.$ref && i < 20; i++) {
    const parts = cur.$ref.replace(/^#\//, '').split('/');
    let v: unknown = root;
    for (const k of parts) v = (v as Record<string, unknown>)?.[k];
    if (!v) throw new Error(`unresolved $ref ${cur.$ref}`);
    cur = v as JsonSchema;
  }
  return cur;
}

export const fillPath = (url: string, values: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(values[k] ?? `missing-${k}`));

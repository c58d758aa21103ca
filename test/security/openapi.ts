import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** A JSON schema as the OpenAPI document gives it (OpenAPI 3.0 dialect: `nullable`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation of the served OpenAPI document, with its schemas' $refs left in place (see `resolve`). */
export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/workspaces/{ws}/campaigns/{id} */
  path: string;
  key: string;
  params: Param[];
  body: Schema | null;
  bodyRequired: boolean;
  /** Non-JSON request bodies the operation documents (content type → schema). */
  otherBodies: string[];
  responses: Record<string, Schema | null>;
  /** Statuses the document answers in plain text only (a browser-facing route's 404), not in the JSON error shape. */
  textResponses: string[];
}

export interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Param[];
        requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
        responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation the document lists, in document order. */
export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      const responses: Operation['responses'] = {};
      const textResponses: string[] = [];
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        responses[status] = r.content?.['application/json']?.schema ?? null;
        if (r.content?.['text/plain'] && !r.content['application/json']) textResponses.push(status);
      }
      out.push({
        method: m.toUpperCase(),
        path: p,
        key: `${m.toUpperCase()} ${p}`,
        params: op.parameters ?? [],
        body: content['application/json']?.schema ?? null,
        bodyRequired: op.requestBody?.required ?? false,
        otherBodies: Object.keys(content).filter((c) => c !== 'application/json'),
        responses,
        textResponses,
      });
    }
  }
  return out;
}

/** Follows a local `$ref` (and a lone `allOf: [{$ref}]` wrapper, as zod writes a recursive schema with a default). */
export function resolve(doc: OpenApiDoc, s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    if (cur.$ref) {
      const name = String(cur.$ref).replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`The OpenAPI document refers to ${cur.$ref}, which it does not define`);
      const { $ref: _r, ...rest } = cur;
      cur = { ...target, ...rest };
      continue;
    }
    if (Array.isArray(cur.allOf) && cur.allOf.length === 1 && !cur.type && !cur.properties) {
      const { allOf, ...rest } = cur;
      cur = { ...allOf[0], ...rest };
      continue;
    }
    return cur;
  }
  throw new Error('$ref chain too long');
}

/** Every `$ref` in the document points at a component it defines (a dangling one makes /docs unusable). */
export function danglingRefs(doc: OpenApiDoc): string[] {
  const missing = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && !doc.components?.schemas?.[x.replace('#/components/schemas/', '')]) missing.add(x);
      else walk(x);
    }
  };
  walk(doc.paths);
  walk(doc.components);
  return [...missing];
}

/** OpenAPI 3.0's `nullable: true` admits null even beside an `enum` that does not list it; ajv needs it listed. */
function nullableEnums(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nullableEnums);
  if (!v || typeof v !== 'object') return v;
  const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullableEnums(x)])) as Schema;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  return o;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The documented error shape (DESIGN §8): {"error":{"code","message","details"?:[{"path","message"}]}}. Extra
 * members of `error` carry documented context (409 currentState, 422 errors, import line); nothing else may
 * sit beside `error`.
 */
export const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
        message: { type: 'string', minLength: 1 },
        details: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/** ajv loaded with the document's components, so response schemas can be checked by reference. */
export class Validators {
  private ajv: Ajv;
  private cache = new Map<string, ValidateFunction>();
  readonly error: ValidateFunction;
  constructor(private doc: OpenApiDoc) {
    this.ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(this.ajv);
    this.ajv.addSchema(nullableEnums({ components: doc.components ?? {} }) as Schema, 'doc');
    this.error = this.ajv.compile(ERROR_SCHEMA);
  }

  /** The validator for one documented response, or null when the document gives no JSON schema for it. */
  response(op: Operation, status: number): ValidateFunction | null {
    const s = op.responses[String(status)];
    if (!s) return null;
    const key = `${op.key} ${status}`;
    let v = this.cache.get(key);
    if (!v) {
      // Local refs (#/components/schemas/X) are rewritten to the document loaded under the id "doc".
      const rewritten = nullableEnums(
        JSON.parse(JSON.stringify(s).replaceAll('"#/components/schemas/', '"doc#/components/schemas/')),
      ) as Schema;
      v = this.ajv.compile(rewritten);
      this.cache.set(key, v);
    }
    return v;
  }

  /** The statuses an operation documents as plain text (see Operation.textResponses); [] for an unknown operation. */
  textStatuses(key: string): string[] {
    return operations(this.doc).find((o) => o.key === key)?.textResponses ?? [];
  }

  errorsText(v: ValidateFunction): string {
    return this.ajv.errorsText(v.errors);
  }
}

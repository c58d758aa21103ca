import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * LINE's official OpenAPI documents (reference/line-openapi) loaded into ajv, so a test can check an emulator
 * response against the named component schema. OpenAPI-only keywords (example, externalDocs, discriminator)
 * are ignored; `nullable` is understood by ajv.
 */
const DIR = process.env.LINE_OPENAPI_DIR ?? '/work/shared/reference/line-openapi';
const FILES = ['messaging-api.yml', 'insight.yml', 'channel-access-token.yml', 'webhook.yml'];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of ['int32', 'int64', 'binary']) ajv.addFormat(f, true);
for (const f of FILES) ajv.addSchema(parse(readFileSync(`${DIR}/${f}`, 'utf8')) as object, f);

const cache = new Map<string, ReturnType<Ajv['compile']>>();

/** Throws with ajv's errors when `value` does not match `file#/components/schemas/name`. */
export function assertSchema(file: string, name: string, value: unknown): void {
  const ref = `${file}#/components/schemas/${name}`;
  let v = cache.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    cache.set(ref, v);
  }
  if (!v(value)) throw new Error(`${name} does not match ${file}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
}

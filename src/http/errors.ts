import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, EngineError, type EngineErrorKind } from '../errors.ts';
import { codeOfZodIssue, type ZodIssueLike } from '../domain/issues.ts';

type Issue = {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: ZodIssueLike & { issue?: { path?: (string | number)[] }; params?: { code?: unknown } };
};
/** A schema may name its own error code (e.g. `invalid_cursor`); it is used when every issue names the same one. */
function codeOf(issues: Issue[]): string {
  const codes = new Set(issues.map((i) => (typeof i.params?.params?.code === 'string' ? i.params.params.code : 'validation_failed')));
  return codes.size === 1 ? [...codes][0]! : 'validation_failed';
}

const clientCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
};

function issuePath(prefix: string, i: Issue): string {
  const p = i.params?.issue?.path;
  if (p && p.length) return [prefix, ...p].map((s, k) => (typeof s === 'number' ? `[${s}]` : k ? `.${s}` : s)).join('');
  return prefix + (i.instancePath && i.instancePath !== '/' ? i.instancePath.replace(/\//g, '.') : '');
}

/** The status each kind of engine failure answers with (the engine itself knows nothing of HTTP). */
const engineStatus: Record<EngineErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_type: 415,
};

/** The status an AppError or EngineError answers with; null for anything else (a 500). */
export function statusOf(err: unknown): number | null {
  if (err instanceof AppError) return err.status;
  if (err instanceof EngineError) return engineStatus[err.kind];
  return null;
}

/** Every error leaves as {error:{code,message,details}}; internals are logged, never shown. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const issues = err.validation as unknown as Issue[];
    const details = issues.map((i) => ({
      path: issuePath(where, i),
      message: i.message ?? 'is invalid',
      // The provider hands over zod's issue as params, its code as keyword.
      ...codeOfZodIssue({ ...i.params, code: i.keyword, message: i.message }),
    }));
    return reply.status(400).send({
      error: { code: codeOf(issues), message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details },
    });
  }
  if (err instanceof AppError || err instanceof EngineError) {
    return reply
      .status(statusOf(err)!)
      .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), ...(err.extra ?? {}) } });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = clientCodes[err.code] ?? (err.name === 'SyntaxError' ? 'invalid_json' : 'bad_request');
    const path = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'headers.content-type' : 'body';
    return reply.status(status).send({ error: { code, message: err.message, details: [{ path, message: err.message }] } });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side; the request id is ' + req.id } });
}

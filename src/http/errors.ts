import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { codeOfZodIssue, type ZodIssueLike } from '../domain/issues.ts';

type Issue = { instancePath?: string; keyword?: string; message?: string; params?: ZodIssueLike & { issue?: { path?: (string | number)[] } } };

function issuePath(prefix: string, i: Issue): string {
  const p = i.params?.issue?.path;
  if (p && p.length) return [prefix, ...p].map((s, k) => (typeof s === 'number' ? `[${s}]` : k ? `.${s}` : s)).join('');
  return prefix + (i.instancePath ? i.instancePath.replace(/\//g, '.') : '');
}

/** Every error leaves as {error:{code,message,details}}; internals are logged, never shown. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const details = (err.validation as unknown as Issue[]).map((i) => ({
      path: issuePath(where, i),
      message: i.message ?? 'is invalid',
      // The provider hands over zod's issue as params, its code as keyword.
      ...codeOfZodIssue({ ...i.params, code: i.keyword, message: i.message }),
    }));
    return reply.status(400).send({
      error: { code: 'validation_failed', message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details },
    });
  }
  if (err instanceof AppError) {
    return reply
      .status(err.status)
      .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), ...(err.extra ?? {}) } });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
    return reply.status(status).send({ error: { code, message: err.message, details: [{ path: 'body', message: err.message }] } });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side; the request id is ' + req.id } });
}

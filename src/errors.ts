/**
 * Errors that carry their HTTP meaning; the HTTP layer turns them into {error:{code,message,details}}. A detail may
 * carry an issue code and params (src/domain/issues.ts) so a UI can say it in the user's language.
 */
export type ErrorDetail = { path: string; message: string; code?: string; params?: Record<string, unknown> };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') => new AppError(403, 'forbidden', message);
export const badRequest = (details: ErrorDetail[], message?: string) =>
  new AppError(400, 'validation_failed', message ?? details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
export const conflict = (message: string, extra?: Record<string, unknown>) => new AppError(409, 'conflict', message, undefined, extra);

/**
 * What the engine (delivery, campaign state moves, segment compilation) throws: a kind of failure and a stable
 * code, never an HTTP status. The HTTP layer (src/http/errors.ts) maps the kind to a status; a CLI or a worker
 * reads the same error without knowing HTTP.
 */
export type EngineErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

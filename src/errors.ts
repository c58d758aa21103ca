/**
 * Errors that carry their HTTP meaning (AppError: thrown only under src/http, a test keeps it so) or the engine's
 * kind of failure (EngineError: everything else); the HTTP layer turns both into {error:{code,message,details}}. A detail may
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
export type EngineErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable' | 'too_large' | 'unsupported_type';

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

  /** Input that breaks a rule, each problem with the field it names (the API answers 400 `validation_failed`). */
  static invalid(details: ErrorDetail[], message?: string): EngineError {
    return new EngineError('invalid', 'validation_failed', message ?? details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }

  /** `what` does not exist (or is another workspace's, which reads the same). */
  static notFound(what: string): EngineError {
    return new EngineError('not_found', 'not_found', `${what} not found`);
  }

  /** The move clashes with the current state of what it touches. */
  static conflict(message: string, extra?: Record<string, unknown>, code = 'conflict'): EngineError {
    return new EngineError('conflict', code, message, undefined, extra);
  }
}

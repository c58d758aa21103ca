import { EngineError, type ErrorDetail } from '../errors.ts';

/** The delivery engine's own failures (mapped to statuses by src/http/errors.ts, like every EngineError). */
export class DeliveryError extends EngineError {
  override name = 'DeliveryError';
}

export const campaignNotFound = () => new DeliveryError('not_found', 'not_found', 'Campaign not found');
/** A request the engine cannot act on, naming each field (`lineAccountId`, `messages`, …). */
export const invalidRequest = (details: ErrorDetail[]) =>
  new DeliveryError('invalid', 'validation_failed', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);

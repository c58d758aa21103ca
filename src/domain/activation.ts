/**
 * The activation tab's rule: how often and how patiently a transient LINE failure is retried. One home for the
 * defaults and bounds the API schema (src/schemas/campaign.ts), the frozen revision and the dispatcher use.
 */
export interface ActivationSettings {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const ACTIVATION_DEFAULTS: Readonly<ActivationSettings> = Object.freeze({
  maxAttempts: 6,
  backoffBaseMs: 1_000,
  backoffCapMs: 300_000,
});

export const ACTIVATION_LIMITS: Readonly<Record<keyof ActivationSettings, { min: number; max: number }>> = Object.freeze({
  maxAttempts: { min: 1, max: 20 },
  backoffBaseMs: { min: 100, max: 60_000 },
  backoffCapMs: { min: 1_000, max: 3_600_000 },
});

/** The first wait may not be longer than the longest: edits and launch both refuse it. */
export function backoffCapBelowBase(a: Pick<ActivationSettings, 'backoffBaseMs' | 'backoffCapMs'>): boolean {
  return a.backoffBaseMs > a.backoffCapMs;
}

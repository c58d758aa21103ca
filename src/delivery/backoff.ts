/** Exponential backoff with full jitter: a random delay in [base·2^(n-1)/2, min(cap, base·2^(n-1))]. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceil = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceil / 2 + (random() * ceil) / 2);
}

/** LINE keeps a retry key for 24 hours; after that the same key would be a new request (a duplicate). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Margin so the last retry cannot land after LINE forgot the key. */
export const RETRY_WINDOW_MARGIN_MS = 10 * 60 * 1000;

export function retryWindowOpen(firstAttemptAt: Date | null, now: number): boolean {
  return firstAttemptAt === null || now - firstAttemptAt.getTime() < RETRY_WINDOW_MS - RETRY_WINDOW_MARGIN_MS;
}

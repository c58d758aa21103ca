/**
 * What one message's templates may cost to render for one profile. Validation and test sends render within
 * RENDER_BUDGET, so a template that passes them is cheap; delivery allows SEND_RENDER_BUDGET (more time, for a busy
 * machine and profiles longer than the samples) and fails the recipient beyond it, never the account.
 */
export interface RenderBudget {
  /** Wall-clock milliseconds for all of a message's template fields (liquidjs's render limit, a deadline). */
  timeMs: number;
  /** liquidjs memory units per field: characters and array items allocated by filters, ranges and loops. */
  memory: number;
  /** UTF-16 units all of a message's rendered fields may add up to (LINE's largest message stays far under it). */
  outputChars: number;
}

export const RENDER_BUDGET: RenderBudget = Object.freeze({ timeMs: 50, memory: 1_000_000, outputChars: 100_000 });

/** Time is the one part a busy machine changes (a render thread waiting for a core), so delivery allows 20 times more. */
export const SEND_RENDER_BUDGET: RenderBudget = Object.freeze({ ...RENDER_BUDGET, timeMs: 1_000 });

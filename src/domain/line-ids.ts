/**
 * LINE's ID formats, in one place for the server, the emulator, the importer and the UI. LINE issues a user ID as
 * `U` followed by 32 lowercase hex characters; group and room IDs use `C` and `R` with the same body. Migration 310
 * writes the user-ID test in SQL (`profiles.line_user_id_valid`); test/domain/line-ids.test.ts keeps the two equal.
 */
export const LINE_USER_ID = /^U[0-9a-f]{32}$/;

/** What a push `to` may name: a user, a group chat or a multi-person chat. */
export const LINE_PUSH_TARGET = /^[UCR][0-9a-f]{32}$/;

/**
 * A user ID of the right length in either hex case: how loosely LINE's multicast check reads `to` (the emulator's
 * lenient mode; its strict mode, and Linecast itself, take LINE_USER_ID literally).
 */
export const LINE_USER_ID_ANY_CASE = /^U[0-9a-fA-F]{32}$/;

export const LINE_USER_ID_MESSAGE = 'a LINE user ID is U followed by 32 lowercase hex characters';

export function isLineUserId(s: unknown): s is string {
  return typeof s === 'string' && LINE_USER_ID.test(s);
}

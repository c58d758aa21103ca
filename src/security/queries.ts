/**
 * The SQL text of src/security, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// throttle.ts
export const blockedFor = 'SELECT key, failures, reset_at FROM auth_throttle WHERE key = ANY($1::text[]) AND reset_at > now()';
export const countAttempt = `INSERT INTO auth_throttle (key, failures, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN auth_throttle.reset_at <= now() THEN 1 ELSE auth_throttle.failures + 1 END,
         reset_at = CASE WHEN auth_throttle.reset_at <= now() THEN EXCLUDED.reset_at ELSE auth_throttle.reset_at END
       RETURNING failures, reset_at`;
export const forgetAttempts = 'DELETE FROM auth_throttle WHERE key = $1';
export const forgiveOneAttempt = 'UPDATE auth_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = $1';
export const pruneThrottle = 'DELETE FROM auth_throttle WHERE reset_at <= now()';

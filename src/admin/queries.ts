/**
 * The SQL text of src/admin, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// credentials.ts
export const checkPassword = 'SELECT id, password_hash, password_must_change FROM users WHERE email = $1';
export const checkUserPassword = 'SELECT password_hash FROM users WHERE id = $1';
export const passwordState = 'SELECT password_hash IS NOT NULL AS has, password_must_change AS must FROM users WHERE id = $1';
export const storePasswordHash =
  'UPDATE users SET password_hash = $2, password_must_change = $3, password_changed_at = now() WHERE id = $1';

// line-access.ts
export const lineHostRefusal = 'SELECT api_base_url, is_emulator FROM line_accounts WHERE id = $1';

// line-accounts.ts
const lineAccounts = `SELECT a.*, (SELECT array_agg(w.workspace_id ORDER BY w.workspace_id) FROM line_account_workspaces w
  WHERE w.line_account_id = a.id) AS workspace_ids FROM line_accounts a`;
export const listLineAccounts = `${lineAccounts} ORDER BY a.name, a.id`;
export const lineAccountsOfWorkspace = `${lineAccounts} WHERE EXISTS (SELECT 1 FROM line_account_workspaces w WHERE w.line_account_id = a.id AND w.workspace_id = $1)
         ORDER BY a.name, a.id`;
export const getLineAccount = `${lineAccounts} WHERE a.id = $1`;
export const lockLineAccount = 'SELECT id FROM line_accounts WHERE id = $1 FOR UPDATE';
export const pointSandboxAccountsAt = 'UPDATE line_accounts SET api_base_url = $1, is_emulator = true, updated_at = now() WHERE is_sandbox';
export const isAccountAssigned = 'SELECT 1 FROM line_account_workspaces WHERE line_account_id = $1 AND workspace_id = $2';
export const getLineCredentials = 'SELECT * FROM line_accounts WHERE id = $1';
export const createLineAccount = `INSERT INTO line_accounts (name, channel_id, channel_secret_enc, channel_access_token_enc, channel_secret_last4,
       channel_access_token_last4, api_base_url, push_per_second, multicast_per_second, is_sandbox, token_mode, is_emulator)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`;
export const updateLineAccount = `UPDATE line_accounts SET
       name = COALESCE($2, name), channel_id = COALESCE($3, channel_id),
       channel_secret_enc = COALESCE($4, channel_secret_enc), channel_secret_last4 = COALESCE($5, channel_secret_last4),
       channel_access_token_enc = CASE WHEN $13 THEN NULL ELSE COALESCE($6, channel_access_token_enc) END,
       channel_access_token_last4 = CASE WHEN $13 THEN NULL ELSE COALESCE($7, channel_access_token_last4) END,
       api_base_url = COALESCE($8, api_base_url), push_per_second = COALESCE($9, push_per_second),
       multicast_per_second = COALESCE($10, multicast_per_second), token_mode = COALESCE($11, token_mode),
       is_emulator = COALESCE($12, is_emulator), updated_at = now()
     WHERE id = $1`;
export const forgetIssuedToken = 'DELETE FROM line_issued_tokens WHERE line_account_id = $1';
export const deleteLineAccount = 'DELETE FROM line_accounts WHERE id = $1';
export const existingWorkspaces = 'SELECT id FROM workspaces WHERE id = ANY($1::uuid[])';
export const removeAccountWorkspaces = 'DELETE FROM line_account_workspaces WHERE line_account_id = $1';
export const addAccountWorkspaces = 'INSERT INTO line_account_workspaces (line_account_id, workspace_id) SELECT $1, unnest($2::uuid[])';

// line-tokens.ts
export const issuedToken = `SELECT cred_key, token_enc, generation,
         (extract(epoch FROM renew_at - now()) * 1000)::float8 AS renew_in_ms,
         (extract(epoch FROM expires_at - now()) * 1000)::float8 AS expires_in_ms,
         (extract(epoch FROM expires_at - issued_at) * 1000)::float8 AS lifetime_ms
       FROM line_issued_tokens WHERE line_account_id = $1`;
export const claimRenewal = `INSERT INTO line_issued_tokens (line_account_id, renew_holder, renew_until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (line_account_id) DO UPDATE SET renew_holder = EXCLUDED.renew_holder, renew_until = EXCLUDED.renew_until
       WHERE (line_issued_tokens.renew_until IS NULL OR line_issued_tokens.renew_until < now())
         AND (line_issued_tokens.token_enc IS NULL OR line_issued_tokens.cred_key IS DISTINCT FROM $4
              OR line_issued_tokens.renew_at <= now() OR line_issued_tokens.generation = $5)
       RETURNING 1`;
export const releaseRenewal =
  'UPDATE line_issued_tokens SET renew_holder = NULL, renew_until = NULL WHERE line_account_id = $1 AND renew_holder = $2';
export const storeIssuedToken = `INSERT INTO line_issued_tokens AS t (line_account_id, cred_key, token_enc, generation, issued_at, renew_at, expires_at)
       VALUES ($1, $3, $4, 1, now(), now() + make_interval(secs => $5), now() + make_interval(secs => $6))
       ON CONFLICT (line_account_id) DO UPDATE SET cred_key = $3, token_enc = $4, generation = t.generation + 1, issued_at = now(),
         renew_at = EXCLUDED.renew_at, expires_at = EXCLUDED.expires_at, renew_holder = NULL, renew_until = NULL
       WHERE t.renew_holder = $2 OR t.renew_until IS NULL OR t.renew_until < now()`;

// sessions.ts
export const createSession = `INSERT INTO sessions (token_hash, user_id, csrf_secret, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
     RETURNING id, csrf_secret, expires_at`;
export const passwordMustChange = 'SELECT password_must_change AS must FROM users WHERE id = $1';
export const findSession = `SELECT s.id, s.user_id, s.csrf_secret, s.expires_at, s.last_seen_at < now() - $3 * interval '1 millisecond' AS stale,
            u.password_must_change AS must
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - $2 * interval '1 millisecond'`;
export const touchSession = 'UPDATE sessions SET last_seen_at = now() WHERE id = $1';
export const deleteSession = 'DELETE FROM sessions WHERE id = $1';
export const deleteUserSessions = 'DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2)';
export const pruneSessions = `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - $1 * interval '1 millisecond'`;
export const deleteSessionByToken = 'DELETE FROM sessions WHERE token_hash = $1';

// settings.ts
export const getSetting = 'SELECT value FROM settings WHERE key = $1';
export const hasSetting = 'SELECT 1 FROM settings WHERE key = $1';
export const addSettings = 'INSERT INTO settings (key, value) VALUES ($1, $2)';
export const settingOnce = 'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING';

// users.ts
// Named columns, not u.*: the password hash stays in the database.
const users = `SELECT u.id, u.email, u.name, u.is_admin, u.locale, u.created_at, u.password_hash IS NOT NULL AS has_password, (SELECT json_agg(json_build_object('workspaceId', m.workspace_id, 'role', m.role) ORDER BY m.workspace_id)
  FROM memberships m WHERE m.user_id = u.id) AS memberships FROM users u`;
export const listUsers = `${users} ORDER BY u.email`;
export const getUser = `${users} WHERE u.id = $1`;
export const userByApiKey = `${users} JOIN api_keys k ON k.user_id = u.id WHERE k.key_hash = $1 AND k.revoked_at IS NULL`;
export const createUser = 'INSERT INTO users (email, name, is_admin) VALUES ($1, $2, $3) RETURNING id';
export const updateUser = `UPDATE users SET name = COALESCE($2, name), is_admin = COALESCE($3, is_admin), locale = CASE WHEN $4 THEN $5 ELSE locale END WHERE id = $1`;
export const removeMemberships = 'DELETE FROM memberships WHERE user_id = $1';
export const upsertMemberships =
  'INSERT INTO memberships (user_id, workspace_id, role) VALUES ($1, $2, $3) ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = EXCLUDED.role';
export const createApiKey = `INSERT INTO api_keys (user_id, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL RETURNING *`;
export const apiKeysOfUser = 'SELECT * FROM api_keys WHERE user_id = $1 ORDER BY created_at';
export const allApiKeys = 'SELECT * FROM api_keys ORDER BY created_at';
export const revokeApiKey =
  'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND revoked_at IS NULL';
export const firstAdminId = 'SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1';
export const userByEmail = 'SELECT id, email FROM users WHERE email = $1';
export const firstAdminWithoutPasswords = `SELECT id, email FROM users WHERE is_admin AND NOT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL) ORDER BY created_at LIMIT 1`;
export const setFirstPassword = `UPDATE users SET password_hash = $2, password_must_change = $3, password_changed_at = now()
      WHERE id = $1 AND password_hash IS NULL AND NOT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL)`;

// workspaces.ts
export const workspacesByIds = 'SELECT * FROM workspaces WHERE id = ANY($1::uuid[]) ORDER BY name, id';
export const allWorkspaces = 'SELECT * FROM workspaces ORDER BY name, id';
export const getWorkspace = 'SELECT * FROM workspaces WHERE id = $1';
export const createWorkspace = 'INSERT INTO workspaces (name, description, time_zone) VALUES ($1, $2, $3) RETURNING *';
export const updateWorkspace = `UPDATE workspaces SET name = COALESCE($2, name), description = COALESCE($3, description), time_zone = COALESCE($4, time_zone),
       updated_at = now()
     WHERE id = $1 RETURNING *`;
export const deleteWorkspace = 'DELETE FROM workspaces WHERE id = $1';
export const workspaceTimeZone = 'SELECT time_zone FROM workspaces WHERE id = $1';
export const firstWorkspaceId = 'SELECT id FROM workspaces ORDER BY created_at LIMIT 1';
export const localizeFirstWorkspace = `UPDATE workspaces SET name = CASE WHEN name = 'Demo workspace' THEN $2 ELSE name END,
       description = CASE WHEN description = 'Created on first start' THEN $3 ELSE description END,
       time_zone = COALESCE(time_zone, $4), updated_at = now()
     WHERE id = $1`;

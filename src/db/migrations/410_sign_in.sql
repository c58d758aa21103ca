-- Sign-in for people: a password per user (argon2id hash, never the password), server-side sessions (so any API
-- process can check them, and signing out or a password reset ends them at once), and the counters that throttle
-- failed sign-ins and wrong API keys across processes.
ALTER TABLE users ADD COLUMN password_hash text;
-- Set by a generated first-start password or an admin's reset: the next sign-in must choose a new password.
ALTER TABLE users ADD COLUMN password_must_change boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;

-- token_hash is the SHA-256 of the cookie's random token: a database leak does not hand out sessions.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One fixed window of failures per key ('password-ip:…', 'password-account:…', 'api-key-ip:…').
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX auth_throttle_reset ON auth_throttle (reset_at);

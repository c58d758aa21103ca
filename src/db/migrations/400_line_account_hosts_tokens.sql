-- LINE accounts: where credentials may go (emulator mark), how tokens are obtained (long-lived or stateless),
-- and the shared cache of issued stateless tokens.

-- An emulator account may point anywhere and exceed LINE's rates; the built-in sandbox is one.
ALTER TABLE line_accounts ADD COLUMN is_emulator boolean NOT NULL DEFAULT false;
UPDATE line_accounts SET is_emulator = true WHERE is_sandbox;

-- LINE's per-channel limits for everything else (push 2,000/s, multicast 200/s); the dispatcher clamps too.
UPDATE line_accounts SET push_per_second = LEAST(push_per_second, 2000), multicast_per_second = LEAST(multicast_per_second, 200)
  WHERE NOT is_emulator AND (push_per_second > 2000 OR multicast_per_second > 200);

-- 'stateless' accounts store no long-lived token: Linecast issues 15-minute tokens from the channel secret.
ALTER TABLE line_accounts ADD COLUMN token_mode text NOT NULL DEFAULT 'longLived' CHECK (token_mode IN ('longLived', 'stateless'));
ALTER TABLE line_accounts ALTER COLUMN channel_access_token_enc DROP NOT NULL;
ALTER TABLE line_accounts ALTER COLUMN channel_access_token_last4 DROP NOT NULL;

-- One issued stateless token per account, shared by every process (sealed like the other secrets).
-- cred_key: a hash of the base URL, channel ID and secret it was issued with; a token is only used while they match.
-- generation: bumped on every issue, so "renew because token N was refused" renews once, not once per process.
-- renew_holder/renew_until: the renewal lease, so one process at a time asks LINE for a token.
CREATE TABLE line_issued_tokens (
  line_account_id uuid PRIMARY KEY REFERENCES line_accounts(id) ON DELETE CASCADE,
  cred_key text,
  token_enc text,
  generation integer NOT NULL DEFAULT 0,
  issued_at timestamptz,
  renew_at timestamptz,
  expires_at timestamptz,
  renew_holder text,
  renew_until timestamptz
);

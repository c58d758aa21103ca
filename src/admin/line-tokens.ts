import crypto from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { issueStatelessToken, type IssuedToken, type TokenGrant, type TokenSource } from '../line/tokens.ts';
import type { SecretBox } from '../security/secret-box.ts';
import * as sql from './queries.ts';

export interface StatelessCredentials {
  apiBaseUrl: string;
  channelId: string;
  channelSecret: string;
}

export interface StatelessTokenOptions {
  /** Deadline of one issue request (also the renewal lease, plus a margin). */
  timeoutMs: number;
  /** Renew this long before expiry, at most a fifth of the token's lifetime (LINE: 900 s → 120 s before). */
  renewBeforeMs?: number;
  /** Stand-in for the LINE call, for tests of the lease (default: POST /oauth2/v3/token). */
  issue?: (c: StatelessCredentials, timeoutMs: number) => Promise<IssuedToken>;
}

interface Held {
  token: string;
  renewAt: number;
  expiresAt: number;
}

interface Row {
  cred_key: string | null;
  token_enc: string | null;
  generation: number;
  renew_in_ms: number | null;
  expires_in_ms: number | null;
  lifetime_ms: number | null;
}

/** After a failed issue, callers get that failure for this long instead of a new request each (no hammering). */
const FAILURE_HOLD_MS = 1_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Keeps a token this long before its expiry out of use (a request takes time to reach LINE). */
const safetyMs = (lifetimeMs: number) => Math.min(1_000, lifetimeMs / 10);

/**
 * Stateless channel access tokens (LINE's v3, 15 minutes) for one account, shared by every process through the
 * database: the token is cached sealed in line_issued_tokens with its expiry, and renewed a little before it
 * (a fifth of its lifetime, at most two minutes) by whichever process first takes the row's renewal lease; the
 * others keep sending with the still-valid token and pick the new one up. A 401 renews once per refused token.
 * Times are the database's (now()), turned into this process's clock as durations, so clocks need not agree.
 */
export class StatelessTokens implements TokenSource {
  private held: Held | null = null;
  private inflight: Promise<TokenGrant> | null = null;
  private failed: { at: number; grant: TokenGrant } | null = null;
  private readonly holder = crypto.randomBytes(8).toString('hex');
  private readonly key: string;
  private issuedSeconds = 0;

  constructor(
    private readonly q: Queryable,
    private readonly box: SecretBox,
    private readonly accountId: string,
    private readonly creds: StatelessCredentials,
    private readonly o: StatelessTokenOptions,
  ) {
    // which host and credentials a cached token was issued with; a token is only used while they still match
    this.key = crypto.createHash('sha256').update(`${creds.apiBaseUrl}\n${creds.channelId}\n${creds.channelSecret}`).digest('hex');
  }

  current(): Promise<TokenGrant> {
    const now = Date.now();
    const h = this.held;
    if (h && now < h.renewAt) return Promise.resolve({ ok: true, token: h.token });
    if (h && now < h.expiresAt) {
      // due for renewal but still good: renew beside the traffic, keep sending with this one
      if (!this.inflight) void this.refresh(null);
      return Promise.resolve({ ok: true, token: h.token });
    }
    return this.refresh(null);
  }

  async renew(rejected: string): Promise<TokenGrant> {
    const h = this.held;
    // another request's 401 already brought a new one
    if (h && h.token !== rejected && Date.now() < h.expiresAt) return { ok: true, token: h.token };
    if (h?.token === rejected) this.held = null;
    let g = await this.refresh(rejected);
    // a renewal already running when the 401 came may have handed back the refused token: one more, forced
    if (g.ok && g.token === rejected) g = await this.refresh(rejected);
    return g;
  }

  /** Issues (and caches) a token now whatever is cached: verify proves the channel ID and secret work today. */
  async issueNow(): Promise<TokenGrant & { expiresInSeconds?: number }> {
    const g = await this.issueAndStore(false);
    return g.ok ? { ...g, expiresInSeconds: this.issuedSeconds } : g;
  }

  private refresh(rejected: string | null): Promise<TokenGrant> {
    if (this.inflight) return this.inflight;
    if (this.failed && Date.now() - this.failed.at < FAILURE_HOLD_MS) {
      const h = this.held;
      return Promise.resolve(h && Date.now() < h.expiresAt ? { ok: true, token: h.token } : this.failed.grant);
    }
    const p = this.obtain(rejected).finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    return p;
  }

  private async obtain(rejected: string | null): Promise<TokenGrant> {
    const deadline = Date.now() + this.o.timeoutMs * 2 + 5_000;
    for (;;) {
      const started = Date.now();
      const row = await this.read();
      const usable =
        row &&
        row.cred_key === this.key &&
        row.token_enc &&
        row.expires_in_ms !== null &&
        row.expires_in_ms > safetyMs(row.lifetime_ms ?? 0);
      const token = usable ? this.box.open(row.token_enc!) : null;
      const refused = token !== null && token === rejected;
      if (token && !refused && row!.renew_in_ms! > 0) return this.hold(token, row!, started);
      if (await this.lease(refused ? row!.generation : -1)) return this.issueAndStore();
      // another process is renewing: keep sending with the current token, look again in a moment
      if (token && !refused) return this.hold(token, { ...row!, renew_in_ms: 1_000 }, started);
      if (Date.now() > deadline) return this.issueAndStore(false); // its renewal never finished: issue our own
      await sleep(100);
    }
  }

  private hold(token: string, row: Pick<Row, 'renew_in_ms' | 'expires_in_ms' | 'lifetime_ms'>, at: number): TokenGrant {
    const expiresAt = at + (row.expires_in_ms ?? 0) - safetyMs(row.lifetime_ms ?? 0);
    this.held = { token, renewAt: Math.min(at + (row.renew_in_ms ?? 0), expiresAt), expiresAt };
    this.failed = null;
    return { ok: true, token };
  }

  private async read(): Promise<Row | null> {
    const r = await this.q.query<Row>(sql.issuedToken, [this.accountId]);
    return r.rows[0] ?? null;
  }

  /** The renewal lease: free (or lapsed), and the row really needs a token (none, other credentials, due, or the refused one). */
  private async lease(refusedGeneration: number): Promise<boolean> {
    const r = await this.q.query(sql.claimRenewal, [
      this.accountId,
      this.holder,
      (this.o.timeoutMs + 5_000) / 1000,
      this.key,
      refusedGeneration,
    ]);
    return r.rows.length > 0;
  }

  private issue(): Promise<IssuedToken> {
    return (
      this.o.issue ??
      ((c, t) => issueStatelessToken({ baseUrl: c.apiBaseUrl, channelId: c.channelId, channelSecret: c.channelSecret, timeoutMs: t }))
    )(this.creds, this.o.timeoutMs);
  }

  private async issueAndStore(leased = true): Promise<TokenGrant> {
    const started = Date.now();
    const r = await this.issue();
    const answered = Date.now();
    if (!r.ok) {
      if (leased) await this.q.query(sql.releaseRenewal, [this.accountId, this.holder]);
      this.failed = { at: Date.now(), grant: r };
      return r;
    }
    this.issuedSeconds = r.expiresInSeconds;
    // LINE started the token's clock somewhere within the request: count its life from when it was sent, and
    // take off what passed before the database writes now() (a slow store must not make it look younger)
    const lifetimeMs = r.expiresInSeconds * 1000;
    const validMs = Math.max(0, lifetimeMs - (answered - started));
    const renewMs = Math.max(0, validMs - Math.min(this.o.renewBeforeMs ?? 120_000, lifetimeMs / 5));
    const sinceAnswer = Date.now() - answered;
    await this.q.query(sql.storeIssuedToken, [
      this.accountId,
      this.holder,
      this.key,
      this.box.seal(r.accessToken),
      (renewMs - sinceAnswer) / 1000,
      (validMs - sinceAnswer) / 1000,
    ]);
    // even if not stored (another process holds the lease now): still ours to use
    return this.hold(r.accessToken, { renew_in_ms: renewMs, expires_in_ms: validMs, lifetime_ms: lifetimeMs }, answered);
  }
}

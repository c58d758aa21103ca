import type { Queryable } from '../db/types.ts';
import { linkIdFor, newToken } from './token.ts';

/** Who a link is rendered for. deliveryId names the delivery row (per-recipient tokens); recipient is informative. */
export interface LinkContext {
  deliveryId?: number | string | null;
  recipient?: string | null;
}

/**
 * Replaces one http(s) URL (already UTM-tagged) with `<publicBaseUrl>/c/<token>`, synchronously, so it can run
 * inside message rendering (pass it to `mapUrls`). Other URLs (line:, tel:) come back unchanged.
 *
 * The tokens it hands out live only in memory until `flush()`: the delivery engine MUST `await rewriter.flush()`
 * (or `flush(tx)` inside its own transaction) after rendering a batch and BEFORE sending it, or a recipient
 * could tap a link that 404s. flush is idempotent and may be retried; it throws TokenCollisionError in the
 * (≈2^-64 per token) case a random token already names another link — render that batch again: fresh random
 * tokens fix it.
 */
export interface LinkRewriter {
  (url: string, ctx?: LinkContext): string;
  /** Writes new links and tokens. Cheap when nothing is pending. */
  flush(q?: Queryable): Promise<void>;
  /** Tokens and links not yet written. */
  readonly pending: number;
  /** False when the campaign has tracking switched off: the rewriter returns every URL unchanged. */
  readonly enabled: boolean;
}

export interface LinkRewriterOptions {
  campaignId: string;
  /** e.g. https://go.example.com (no trailing slash needed). */
  publicBaseUrl: string;
  /** true for push (one token per recipient and link), false for multicast (one token per link). */
  perRecipient: boolean;
  /** Defaults to campaigns.tracking_enabled (pass the revision's trackingEnabled to freeze it at launch). */
  enabled?: boolean;
  /** Test sends get tokens of their own so their clicks never count in the campaign's figures. */
  isTest?: boolean;
}

export class TokenCollisionError extends Error {
  constructor(readonly tokens: string[]) {
    super(`Tracking token collision (${tokens.length}); render the batch again`);
    this.name = 'TokenCollisionError';
  }
}

type TokenRow = { token: string; linkId: string; deliveryId: string | null };

const identity = Object.assign((url: string) => url, { flush: async () => {}, pending: 0, enabled: false }) as LinkRewriter;

/**
 * Per-recipient tokens are random (64+ bits) and made in memory, then written in one multi-row INSERT per
 * flush: no database round trip per recipient (see docs/tracking.md for the measured cost).
 */
export async function createLinkRewriter(q: Queryable, opts: LinkRewriterOptions): Promise<LinkRewriter> {
  const { campaignId } = opts;
  const isTest = opts.isTest ?? false;
  let enabled = opts.enabled;
  if (enabled === undefined) {
    const r = await q.query<{ tracking_enabled: boolean }>('SELECT tracking_enabled FROM campaigns WHERE id = $1', [campaignId]);
    if (!r.rows[0]) throw new Error(`Campaign ${campaignId} not found`);
    enabled = r.rows[0].tracking_enabled;
  }
  if (!enabled) return identity;

  const base = opts.publicBaseUrl.replace(/\/+$/, '') + '/c/';
  const known = new Set<string>(); // link ids already in campaign_links
  const campaignTokens = new Map<string, string>(); // link id → per-campaign token (written or pending)
  let position = 0;

  const links = await q.query<{ link_id: string; position: number }>(
    'SELECT link_id, position FROM campaign_links WHERE campaign_id = $1',
    [campaignId],
  );
  for (const l of links.rows) {
    known.add(l.link_id);
    position = Math.max(position, l.position + 1);
  }
  const shared = await q.query<{ link_id: string; token: string }>(
    `SELECT DISTINCT ON (link_id) link_id, token FROM link_tokens
     WHERE campaign_id = $1 AND delivery_id IS NULL AND is_test = $2 ORDER BY link_id, created_at`,
    [campaignId, isTest],
  );
  for (const t of shared.rows) campaignTokens.set(t.link_id, t.token);

  let newLinks: { linkId: string; url: string; position: number }[] = [];
  let newTokens: TokenRow[] = [];
  let perDelivery = new Map<string, string>(); // `${deliveryId} ${linkId}` → token, until flushed

  const rewrite = (url: string, ctx?: LinkContext): string => {
    if (!/^https?:\/\//i.test(url) || url.startsWith(base)) return url;
    const linkId = linkIdFor(url);
    if (!known.has(linkId)) {
      known.add(linkId);
      newLinks.push({ linkId, url, position: position++ });
    }
    const deliveryId = opts.perRecipient && ctx?.deliveryId != null ? String(ctx.deliveryId) : null;
    if (deliveryId === null) {
      let token = campaignTokens.get(linkId);
      if (!token) {
        token = newToken();
        campaignTokens.set(linkId, token);
        newTokens.push({ token, linkId, deliveryId: null });
      }
      return base + token;
    }
    const key = `${deliveryId} ${linkId}`;
    let token = perDelivery.get(key);
    if (!token) {
      token = newToken();
      perDelivery.set(key, token);
      newTokens.push({ token, linkId, deliveryId });
    }
    return base + token;
  };

  const flush = async (tx?: Queryable): Promise<void> => {
    if (!newLinks.length && !newTokens.length) return;
    const db = tx ?? q;
    // Swap the buffers first: renders that run while this flush awaits go to the next flush.
    const linksNow = newLinks;
    const tokensNow = newTokens;
    newLinks = [];
    newTokens = [];
    perDelivery = new Map();
    try {
      if (linksNow.length) {
        await db.query(
          `INSERT INTO campaign_links (campaign_id, link_id, url, position)
           SELECT $1, l, u, p FROM unnest($2::text[], $3::text[], $4::int[]) AS t(l, u, p)
           ON CONFLICT DO NOTHING`,
          [campaignId, linksNow.map((l) => l.linkId), linksNow.map((l) => l.url), linksNow.map((l) => l.position)],
        );
      }
      if (tokensNow.length) await insertTokens(db, campaignId, isTest, tokensNow);
    } catch (err) {
      // Put them back: a failed flush (e.g. a rolled-back transaction) is simply retried.
      newLinks = linksNow.concat(newLinks);
      newTokens = tokensNow.concat(newTokens);
      if (err instanceof TokenCollisionError) {
        // Drop the colliding tokens so the re-render draws new ones.
        const bad = new Set(err.tokens);
        newTokens = newTokens.filter((t) => !bad.has(t.token));
        for (const [linkId, token] of campaignTokens) if (bad.has(token)) campaignTokens.delete(linkId);
      }
      throw err;
    }
  };

  return Object.defineProperties(rewrite, {
    flush: { value: flush },
    pending: { get: () => newLinks.length + newTokens.length },
    enabled: { value: true },
  }) as LinkRewriter;
}

async function insertTokens(db: Queryable, campaignId: string, isTest: boolean, rows: TokenRow[]): Promise<void> {
  const tokens = rows.map((r) => r.token);
  const inserted = await db.query<{ token: string }>(
    `INSERT INTO link_tokens (token, campaign_id, link_id, delivery_id, is_test)
     SELECT t, $1, l, d, $5 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x(t, l, d)
     ON CONFLICT (token) DO NOTHING RETURNING token`,
    [campaignId, tokens, rows.map((r) => r.linkId), rows.map((r) => r.deliveryId), isTest],
  );
  if (inserted.rowCount === rows.length) return;
  // Not inserted: either written by an earlier attempt of this same flush (fine) or another link's token.
  const done = new Set(inserted.rows.map((r) => r.token));
  const rest = rows.filter((r) => !done.has(r.token));
  const existing = await db.query<{ token: string; campaign_id: string; link_id: string; delivery_id: number | string | null }>(
    'SELECT token, campaign_id, link_id, delivery_id FROM link_tokens WHERE token = ANY($1::text[])',
    [rest.map((r) => r.token)],
  );
  const byToken = new Map(existing.rows.map((e) => [e.token, e]));
  const bad = rest.filter((r) => {
    const e = byToken.get(r.token);
    return !e || e.campaign_id !== campaignId || e.link_id !== r.linkId || (e.delivery_id === null ? null : String(e.delivery_id)) !== r.deliveryId;
  });
  if (bad.length) throw new TokenCollisionError(bad.map((b) => b.token));
}

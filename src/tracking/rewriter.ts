import type { Queryable } from '../db/types.ts';
import { campaignKey, loadLinkKey } from './keys.ts';
import { linkIdFor, newToken, signLink } from './token.ts';
import * as sql from './queries.ts';
import type { LinkPlace } from '../domain/utm/index.ts';

/** Who a link is rendered for. deliveryId (the delivery row's id) makes a per-recipient token. */
export interface LinkContext {
  deliveryId?: number | string | null;
  /** The LINE user ID; informative only (the delivery row already names the recipient). */
  recipient?: string | null;
  /** Where the link sits (message, bubble, path; from mapUrls). The same URL at two places is two links. */
  place?: LinkPlace;
}

/**
 * Replaces one http(s) URL (already UTM-tagged) with `<publicBaseUrl>/c/<token>`, synchronously, so it can run
 * inside message rendering (e.g. as the function given to `mapUrls`). Other URLs (line:, tel:) come back as is.
 *
 * Per-recipient tokens are signed, not stored: rendering a million of them costs no database work. New links
 * and per-campaign tokens are kept in memory until `flush()`, so the delivery engine MUST
 * `await rewriter.flush()` after rendering a batch and BEFORE sending it (a no-op when nothing is new — after
 * the first batch almost always). If flush runs inside the caller's transaction and that transaction rolls
 * back, drop this rewriter and create a new one. flush throws TrackingConflictError in the rare case another
 * process registered the same campaign's links differently at the same moment: render the batch again with
 * the same rewriter (it has reloaded the links).
 */
export interface LinkRewriter {
  (url: string, ctx?: LinkContext): string;
  flush(q?: Queryable): Promise<void>;
  /** Links and tokens not yet written. */
  readonly pending: number;
  /** False when the campaign has tracking switched off: every URL comes back unchanged. */
  readonly enabled: boolean;
}

export interface LinkRewriterOptions {
  campaignId: string;
  /** e.g. https://go.example.com (a trailing slash is fine). */
  publicBaseUrl: string;
  /** true for push (a token per recipient and link), false for multicast (a token per link). */
  perRecipient: boolean;
  /** Tracking on or off: the revision's trackingEnabled, frozen at launch (the caller reads it, not tracking). */
  enabled: boolean;
  /** Test sends: tokens of their own, so their clicks never count in the campaign's figures. */
  isTest?: boolean;
}

export class TrackingConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingConflictError';
  }
}

interface Link {
  linkId: string;
  url: string;
  position: number;
  message: number | null;
  bubble: number | null;
  path: string | null;
}

/**
 * A link's id within its campaign: the hash of its place and URL, so one URL in two bubbles (or two messages) is
 * two links. Without a place (links written before places were recorded) it is the hash of the URL alone, as before.
 */
export function placedLinkId(url: string, place?: LinkPlace): string {
  return place ? linkIdFor(`${place.message}\n${place.bubble ?? ''}\n${place.path}\n${url}`) : linkIdFor(url);
}

const identity = Object.assign((url: string) => url, { flush: async () => {}, pending: 0, enabled: false }) as LinkRewriter;

export async function createLinkRewriter(q: Queryable, opts: LinkRewriterOptions): Promise<LinkRewriter> {
  const { campaignId } = opts;
  const isTest = opts.isTest ?? false;
  if (!opts.enabled) return identity;

  const key = await loadLinkKey(q);
  const ckey = await campaignKey(q, campaignId);
  const base = opts.publicBaseUrl.replace(/\/+$/, '') + '/c/';
  let links = new Map<string, Link>(); // link id → link (written or pending)
  let nextPosition = 0;
  const campaignTokens = new Map<string, string>(); // link id → per-campaign token (written or pending)
  let newLinks: Link[] = [];
  let newTokens: { token: string; linkId: string }[] = [];

  const load = async (db: Queryable) => {
    const r = await db.query<{
      link_id: string;
      url: string;
      position: number;
      message_index: number | null;
      bubble: number | null;
      path: string | null;
    }>(sql.campaignLinks, [campaignId]);
    links = new Map(
      r.rows.map((l) => [
        l.link_id,
        { linkId: l.link_id, url: l.url, position: l.position, message: l.message_index, bubble: l.bubble, path: l.path },
      ]),
    );
    nextPosition = r.rows.reduce((m, l) => Math.max(m, l.position + 1), 0);
  };
  await load(q);
  const shared = await q.query<{ link_id: string; token: string }>(sql.campaignTokens, [campaignId, isTest]);
  for (const t of shared.rows) campaignTokens.set(t.link_id, t.token);

  const rewrite = (url: string, ctx?: LinkContext): string => {
    if (!/^https?:\/\//i.test(url) || url.startsWith(base)) return url;
    const place = ctx?.place;
    const linkId = placedLinkId(url, place);
    let link = links.get(linkId);
    if (!link) {
      link = {
        linkId,
        url,
        position: nextPosition++,
        message: place?.message ?? null,
        bubble: place?.bubble ?? null,
        path: place?.path ?? null,
      };
      links.set(linkId, link);
      newLinks.push(link);
    }
    const deliveryId = opts.perRecipient && ctx?.deliveryId != null ? Number(ctx.deliveryId) : null;
    if (deliveryId !== null && Number.isSafeInteger(deliveryId) && deliveryId >= 0) {
      return base + signLink(key, { campaignKey: ckey, position: link.position, deliveryId, isTest });
    }
    let token = campaignTokens.get(linkId);
    if (!token) {
      token = newToken();
      campaignTokens.set(linkId, token);
      newTokens.push({ token, linkId });
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
    try {
      if (linksNow.length) await insertLinks(db, campaignId, linksNow);
      if (tokensNow.length) await insertTokens(db, campaignId, isTest, tokensNow);
    } catch (err) {
      if (err instanceof TrackingConflictError) {
        // Start again from what the database says; tokens already handed out in this batch are void.
        for (const t of tokensNow) campaignTokens.delete(t.linkId);
        await load(db);
      } else {
        newLinks = linksNow.concat(newLinks);
        newTokens = tokensNow.concat(newTokens);
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

async function insertLinks(db: Queryable, campaignId: string, rows: Link[]): Promise<void> {
  await db.query(sql.insertLinks, [
    campaignId,
    rows.map((l) => l.linkId),
    rows.map((l) => l.url),
    rows.map((l) => l.position),
    rows.map((l) => l.message),
    rows.map((l) => l.bubble),
    rows.map((l) => l.path),
  ]);
  // Another process may have written the same link under another position, or another link at ours.
  const r = await db.query<{ link_id: string; position: number }>(sql.linksByIdOrPosition, [
    campaignId,
    rows.map((l) => l.linkId),
    rows.map((l) => l.position),
  ]);
  const mine = new Set(rows.map((l) => `${l.linkId} ${l.position}`));
  if (r.rows.some((x) => !mine.has(`${x.link_id} ${x.position}`))) {
    throw new TrackingConflictError('Another process registered links of this campaign at the same time; render the batch again');
  }
}

async function insertTokens(db: Queryable, campaignId: string, isTest: boolean, rows: { token: string; linkId: string }[]): Promise<void> {
  const inserted = await db.query<{ token: string }>(sql.insertTokens, [
    campaignId,
    rows.map((r) => r.token),
    rows.map((r) => r.linkId),
    isTest,
  ]);
  if (inserted.rowCount === rows.length) return;
  // Not inserted: written by an earlier attempt of this flush (fine) or a random token already taken (2^-64).
  const done = new Set(inserted.rows.map((r) => r.token));
  const rest = rows.filter((r) => !done.has(r.token));
  const existing = await db.query<{ token: string; campaign_id: string; link_id: string }>(sql.tokensByValue, [rest.map((r) => r.token)]);
  const byToken = new Map(existing.rows.map((e) => [e.token, e]));
  if (rest.some((r) => byToken.get(r.token)?.campaign_id !== campaignId || byToken.get(r.token)?.link_id !== r.linkId)) {
    throw new TrackingConflictError('A random link token was already taken; render the batch again');
  }
}

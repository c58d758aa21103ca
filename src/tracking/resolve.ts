import type { Queryable } from '../db/types.ts';
import { loadLinkKey } from './keys.ts';
import { TOKEN_SHAPE, verifySignedLink } from './token.ts';
import * as sql from './queries.ts';

export interface ResolvedLink {
  campaignId: string;
  linkId: string;
  deliveryId: string | null;
  isTest: boolean;
  url: string;
}

type Link = { campaignId: string; linkId: string; url: string };

/**
 * token → stored destination. Per-recipient (signed) tokens are checked with the link key and need only the
 * campaign's link row, which is cached; random per-campaign tokens are few and cached too. Rows never change
 * once written; the TTL only bounds how long a deleted campaign's links keep answering.
 */
export class LinkResolver {
  private key: Promise<Buffer> | null = null;
  private tokens = new Map<string, { v: { link: Link; isTest: boolean }; at: number }>();
  private links = new Map<string, { v: Link; at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly q: Queryable,
    opts: { maxEntries?: number; ttlMs?: number } = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 600_000;
    this.maxEntries = opts.maxEntries ?? 50_000;
  }

  async resolve(token: string): Promise<ResolvedLink | null> {
    if (TOKEN_SHAPE.test(token)) {
      const t = await this.cached(this.tokens, token, () => this.loadToken(token));
      return t && { ...t.link, deliveryId: null, isTest: t.isTest };
    }
    this.key ??= loadLinkKey(this.q).catch((err) => {
      this.key = null;
      throw err;
    });
    const s = verifySignedLink(await this.key, token);
    if (!s) return null;
    const link = await this.cached(this.links, `${s.campaignKey} ${s.position}`, () => this.loadLink(s.campaignKey, s.position));
    return link && { ...link, deliveryId: String(s.deliveryId), isTest: s.isTest };
  }

  private async cached<V>(map: Map<string, { v: V; at: number }>, k: string, load: () => Promise<V | null>): Promise<V | null> {
    const now = Date.now();
    const hit = map.get(k);
    if (hit && now - hit.at < this.ttlMs) return hit.v;
    const v = await load();
    if (!v) return null;
    map.delete(k);
    if (map.size >= this.maxEntries) map.delete(map.keys().next().value!);
    map.set(k, { v, at: now });
    return v;
  }

  private async loadToken(token: string): Promise<{ link: Link; isTest: boolean } | null> {
    const r = await this.q.query<{ campaign_id: string; link_id: string; is_test: boolean; url: string }>(sql.linkByToken, [token]);
    const row = r.rows[0];
    return row ? { link: { campaignId: row.campaign_id, linkId: row.link_id, url: row.url }, isTest: row.is_test } : null;
  }

  private async loadLink(ckey: number, position: number): Promise<Link | null> {
    const r = await this.q.query<{ campaign_id: string; link_id: string; url: string }>(sql.linkByPosition, [ckey, position]);
    const row = r.rows[0];
    return row ? { campaignId: row.campaign_id, linkId: row.link_id, url: row.url } : null;
  }
}

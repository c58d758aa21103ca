import type { Queryable } from '../db/types.ts';

export interface ResolvedLink {
  campaignId: string;
  linkId: string;
  deliveryId: string | null;
  isTest: boolean;
  url: string;
}

/**
 * token → stored destination, with a bounded in-process cache. Tokens never change once written, so the only
 * staleness is a deleted campaign, which the TTL bounds (and its clicks are dropped at insert time).
 */
export class LinkResolver {
  private cache = new Map<string, { link: ResolvedLink; at: number }>();

  constructor(
    private readonly q: Queryable,
    private readonly opts: { maxEntries?: number; ttlMs?: number } = {},
  ) {}

  async resolve(token: string): Promise<ResolvedLink | null> {
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit && now - hit.at < (this.opts.ttlMs ?? 600_000)) return hit.link;
    const r = await this.q.query<{ campaign_id: string; link_id: string; delivery_id: number | string | null; is_test: boolean; url: string }>(
      `SELECT t.campaign_id, t.link_id, t.delivery_id, t.is_test, l.url
       FROM link_tokens t JOIN campaign_links l ON l.campaign_id = t.campaign_id AND l.link_id = t.link_id
       WHERE t.token = $1`,
      [token],
    );
    const row = r.rows[0];
    if (!row) return null;
    const link: ResolvedLink = {
      campaignId: row.campaign_id,
      linkId: row.link_id,
      deliveryId: row.delivery_id === null ? null : String(row.delivery_id),
      isTest: row.is_test,
      url: row.url,
    };
    if (hit) this.cache.delete(token);
    else if (this.cache.size >= (this.opts.maxEntries ?? 100_000)) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { link, at: now });
    return link;
  }
}

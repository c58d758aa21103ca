import type { Db, Queryable } from '../db/types.ts';
import type { ProfileFollowPort } from '../app/ports.ts';
import type { FollowStatus, Profile } from '../schemas/audience.ts';
import * as sql from './queries.ts';

export type ProfileRow = {
  id: number;
  customer_key: string;
  line_user_id: string | null;
  follow_status: FollowStatus;
  attributes: Record<string, unknown>;
  updated_at: Date;
};

export const toProfile = (r: ProfileRow): Profile => ({
  id: r.id,
  customerKey: r.customer_key,
  lineUserId: r.line_user_id,
  followStatus: r.follow_status,
  attributes: r.attributes,
  updatedAt: r.updated_at.toISOString(),
});

/**
 * One page of a parent segment's profiles in id order (keyset paging: the cursor is the last id, so deep
 * pages cost the same as the first). `search` matches anywhere in the customer key, ignoring case.
 */
export async function listProfiles(
  q: Queryable,
  parentSegmentId: string,
  opts: { cursor?: string; limit: number; search?: string },
): Promise<{ items: Profile[]; nextCursor: string | null }> {
  // The cursor is digits that fit int8 (checked by the query schema), passed as text so no precision is lost.
  const params: unknown[] = [parentSegmentId, opts.cursor ?? '0', opts.limit + 1];
  if (opts.search) params.push(opts.search.toLowerCase());
  const r = await q.query<ProfileRow>(sql.listProfiles(!!opts.search), params);
  const more = r.rows.length > opts.limit;
  const rows = more ? r.rows.slice(0, opts.limit) : r.rows;
  return { items: rows.map(toProfile), nextCursor: more ? String(rows[rows.length - 1]!.id) : null };
}

/** Bulk-loads profiles into a parent segment (COPY): rows of [customer_key, line_user_id, follow_status, attributes]. */
export async function copyProfiles(db: Db, q: Queryable, parentSegmentId: string, rows: Iterable<readonly unknown[]>): Promise<number> {
  const withParent = (function* () {
    for (const r of rows) yield [parentSegmentId, ...r];
  })();
  return db.copyRows('profiles', ['parent_segment_id', 'customer_key', 'line_user_id', 'follow_status', 'attributes'], withParent, q);
}

/** The follow state LINE's webhooks report, handed over by tracking (src/app/ports.ts, ProfileFollowPort). */
export const profileFollow: ProfileFollowPort = {
  async setFollowStatus(q, lineUserId, status) {
    await q.query(sql.setFollowStatus, [lineUserId, status]);
  },
};

/**
 * Deleting a file from a workspace's media library (docs/media.md, "Deleting"). What a marketer expects:
 * - a file no campaign uses is deleted: the entry, and the bytes once no workspace has the file any more;
 * - a file a launched campaign uses (scheduled, sending, sent or suspended: its content is frozen in a revision)
 *   leaves the library but stays online, because LINE fetches it when people open the chat, long after the send;
 * - a file a draft uses is not deleted (409 naming the drafts): the draft would launch with a broken picture.
 * Campaigns are found by the campaigns module (campaignsNamingMedia: the file's address in messages and revisions).
 */
import type { Queryable } from '../db/types.ts';
import { EngineError } from '../errors.ts';
import { coded } from '../domain/issues.ts';
import type { MediaStore } from './store.ts';
import * as sql from './queries.ts';

/** A campaign that names a file (found by the campaigns module: campaignsNamingMedia). */
export interface CampaignUse {
  id: string;
  name: string;
  state: string;
}
export interface MediaDeleted {
  id: string;
  /** deleted: gone from the library and, when no workspace has it any more, from the store. hidden: gone from
   * the library, still served for the campaigns listed. */
  outcome: 'deleted' | 'hidden';
  campaigns: CampaignUse[];
}

/**
 * Hides or deletes the entry, in the caller's transaction; null when the workspace has no such (visible) entry.
 * `orphan` is the hash whose bytes no entry needs any more: pass it to removeOrphanFiles after the commit.
 */
export async function deleteMediaEntry(
  q: Queryable,
  workspaceId: string,
  id: string,
  /** The workspace's campaigns that name the file (the campaigns module's query, given by the route). */
  campaignsUsing: (sha256: string) => Promise<CampaignUse[]>,
): Promise<{ result: MediaDeleted; orphan: string | null } | null> {
  const row = await q.query<{ sha256: string }>(sql.lockVisibleMedia, [workspaceId, id]);
  const sha256 = row.rows[0]?.sha256;
  if (!sha256) return null;
  const campaigns = await campaignsUsing(sha256);
  const drafts = campaigns.filter((c) => c.state === 'Draft');
  if (drafts.length) {
    const names = drafts.map((c) => c.name).join(', ');
    const detail = coded('media_in_use_by_drafts', { campaigns: names });
    throw new EngineError('conflict', 'conflict', detail.message, [{ path: 'id', ...detail }], { campaigns: drafts });
  }
  if (campaigns.length) {
    await q.query(sql.hideMedia, [id]);
    return { result: { id, outcome: 'hidden', campaigns }, orphan: null };
  }
  await q.query(sql.deleteMedia, [id]);
  // The bytes are shared by every workspace that uploaded the same file: removed with the last entry.
  const left = await q.query(sql.anyEntryOfFile, [sha256]);
  return { result: { id, outcome: 'deleted', campaigns: [] }, orphan: left.rows.length ? null : sha256 };
}

/** After the delete committed: the bytes go unless an upload of the same file made a new entry meanwhile. */
export async function removeOrphanFiles(q: Queryable, store: MediaStore, sha256: string): Promise<void> {
  const again = await q.query(sql.anyEntryOfFile, [sha256]);
  if (!again.rows.length) await store.remove(sha256);
}

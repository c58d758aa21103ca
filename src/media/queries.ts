/**
 * The SQL text of src/media, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// service.ts
export const mediaByHash = 'SELECT *, hidden_at IS NOT NULL AS hidden FROM media WHERE workspace_id = $1 AND sha256 = $2';
export const unhideMedia = 'UPDATE media SET hidden_at = NULL WHERE id = $1 RETURNING *';
export const insertMedia = `INSERT INTO media (workspace_id, sha256, kind, content_type, bytes, width, height, preview_bytes, preview_type, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (workspace_id, sha256) DO UPDATE SET hidden_at = NULL
       RETURNING *`;
export const listMedia = 'SELECT * FROM media WHERE workspace_id = $1 AND hidden_at IS NULL AND id > $2 ORDER BY id LIMIT $3';
export const getMedia = 'SELECT * FROM media WHERE workspace_id = $1 AND id = $2 AND hidden_at IS NULL';
export const sharedVideoPreview =
  'SELECT preview_bytes, preview_type FROM media WHERE sha256 = $1 AND preview_bytes IS NOT NULL AND preview_type IS NOT NULL LIMIT 1';
export const previewPicture = `SELECT sha256, content_type FROM media WHERE workspace_id = $1 AND id = $2 AND kind = 'image' AND hidden_at IS NULL`;
export const mediaContentType = 'SELECT content_type, preview_type FROM media WHERE sha256 = $1 ORDER BY preview_type NULLS LAST LIMIT 1';

// delete.ts
export const lockVisibleMedia = 'SELECT sha256 FROM media WHERE workspace_id = $1 AND id = $2 AND hidden_at IS NULL FOR UPDATE';
export const hideMedia = 'UPDATE media SET hidden_at = now() WHERE id = $1';
export const deleteMedia = 'DELETE FROM media WHERE id = $1';
export const anyEntryOfFile = 'SELECT 1 FROM media WHERE sha256 = $1 LIMIT 1';

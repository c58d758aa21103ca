/**
 * The SQL text of src/media, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// service.ts
export const mediaByHash = 'SELECT * FROM media WHERE workspace_id = $1 AND sha256 = $2';
export const insertMedia = `INSERT INTO media (workspace_id, sha256, kind, content_type, bytes, width, height, preview_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workspace_id, sha256) DO UPDATE SET sha256 = EXCLUDED.sha256
       RETURNING *`;
export const listMedia = 'SELECT * FROM media WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3';
export const getMedia = 'SELECT * FROM media WHERE workspace_id = $1 AND id = $2';
export const mediaContentType = 'SELECT content_type FROM media WHERE sha256 = $1 LIMIT 1';

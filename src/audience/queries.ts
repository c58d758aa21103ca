/**
 * The SQL text of src/audience, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// import/importer.ts, import/write.ts
export const lockParentSegment = 'SELECT 1 FROM parent_segments WHERE id = $1 FOR UPDATE';
export const parentSegmentHasProfiles = 'SELECT 1 FROM profiles WHERE parent_segment_id = $1 LIMIT 1';
/** The temporary table a batch is copied into before it is merged, in the one-transaction import (dropped at commit). */
export const IMPORT_STAGE = 'linecast_import_stage';
export const createImportStage = `CREATE TEMP TABLE ${IMPORT_STAGE} (customer_key text NOT NULL, line_user_id text, follow_status text, attributes jsonb NOT NULL) ON COMMIT DROP`;
export const truncateImportStage = `TRUNCATE ${IMPORT_STAGE}`;
/**
 * The staged import's table (embedded engine): one per import, named by `name` (letters, digits and _ only), kept
 * across the staging transactions of the database's one session and dropped when the import ends. A temporary
 * table dies with the session, so a crash leaves none behind.
 */
export const createSessionStage = (name: string) =>
  `CREATE TEMP TABLE ${name} (batch int NOT NULL, customer_key text NOT NULL, line_user_id text, follow_status text, attributes jsonb NOT NULL)`;
export const dropSessionStage = (name: string) => `DROP TABLE IF EXISTS ${name}`;
/** The merge reads a session stage batch by batch, in the file's order. */
export const indexSessionStage = (name: string) => `CREATE INDEX ON ${name} (batch)`;
// The journal of an embedded import filling an empty parent segment in committed batches (510_profile_imports.sql)
export const beginChunkedMerge = 'INSERT INTO profile_imports (parent_segment_id) VALUES ($1)';
export const endChunkedMerge = 'DELETE FROM profile_imports WHERE parent_segment_id = $1';
/** The profiles of parent segment $1 while its journal row says they all came from the unfinished import. */
export const discardChunkedMerge = `DELETE FROM profiles WHERE parent_segment_id = $1
     AND EXISTS (SELECT 1 FROM profile_imports WHERE parent_segment_id = $1)`;
export const unfinishedMerges = 'SELECT parent_segment_id FROM profile_imports';
/** Staging tables of a session that died: PostgreSQL drops them only when a new session first uses temporary tables. */
export const deadSessionStages = `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND c.relpersistence = 't' AND c.relname LIKE 'linecast\\_import\\_stage\\_%'`;
export const importBeingApplied = 'SELECT 1 FROM profile_imports WHERE parent_segment_id = $1';
// Known follow state is not downgraded to 'unknown' by a file that does not say; a new LINE user ID does
// reset it, since the old state was about someone else. Rows that would not change are not rewritten.
const newFollow = `CASE WHEN EXCLUDED.follow_status <> 'unknown' THEN EXCLUDED.follow_status
    WHEN EXCLUDED.line_user_id IS NOT NULL AND EXCLUDED.line_user_id IS DISTINCT FROM p.line_user_id THEN 'unknown'
    ELSE p.follow_status END`;
/**
 * Merges staged rows into parent segment $1's profiles: how many were inserted, how many changed. From `stage` (the
 * one-transaction table by default), or only batch $2 of a session stage.
 */
export const mergeImportStage = (stage: string = IMPORT_STAGE, byBatch = false) => `WITH up AS (
       INSERT INTO profiles AS p (parent_segment_id, customer_key, line_user_id, follow_status, attributes)
       SELECT $1, s.customer_key, s.line_user_id, COALESCE(s.follow_status, 'unknown'), s.attributes FROM ${stage} s${byBatch ? ' WHERE s.batch = $2' : ''}
       ON CONFLICT (parent_segment_id, customer_key) DO UPDATE SET
         line_user_id = COALESCE(EXCLUDED.line_user_id, p.line_user_id),
         follow_status = ${newFollow},
         attributes = p.attributes || EXCLUDED.attributes,
         updated_at = now()
       WHERE (COALESCE(EXCLUDED.line_user_id, p.line_user_id), ${newFollow}, p.attributes || EXCLUDED.attributes)
         IS DISTINCT FROM (p.line_user_id, p.follow_status, p.attributes)
       RETURNING (xmax = 0) AS ins
     )
     SELECT count(*) FILTER (WHERE ins) AS inserted, count(*) AS affected FROM up`;

// parent-segments.ts
// Counts are computed on read: one grouped scan of the listed parent segments' profiles. Simple and always
// right; at millions of profiles a listing costs a few hundred ms, which is acceptable for an admin list.
const parentSegmentsWhere = (where: string) =>
  `
  SELECT ps.id, ps.name, ps.created_at,
    COALESCE((SELECT array_agg(w.workspace_id ORDER BY w.workspace_id) FROM parent_segment_workspaces w WHERE w.parent_segment_id = ps.id), '{}') AS workspace_ids,
    COALESCE(c.n, 0) AS profile_count, COALESCE(c.with_id, 0) AS with_id_count
  FROM parent_segments ps
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE p.line_user_id_valid) AS with_id
    FROM profiles p WHERE p.parent_segment_id = ps.id
  ) c ON true
  WHERE ${where}`;
/** `inWorkspace`: only those allowed in workspace $n (the last parameter). */
const allowedIn = (n: number) =>
  ` AND EXISTS (SELECT 1 FROM parent_segment_workspaces w WHERE w.parent_segment_id = ps.id AND w.workspace_id = $${n})`;
/** $1 the last id of the previous page, $2 the page size (+1), $3 the workspace when `inWorkspace`. */
export const parentSegmentsPage = (inWorkspace: boolean) =>
  `${parentSegmentsWhere(`ps.id > $1::uuid${inWorkspace ? allowedIn(3) : ''}`)} ORDER BY ps.id LIMIT $2`;
/** $1 the id, $2 the workspace when `inWorkspace`. */
export const parentSegmentById = (inWorkspace: boolean) => parentSegmentsWhere(`ps.id = $1${inWorkspace ? allowedIn(2) : ''}`);
export const parentSegmentByName = 'SELECT id FROM parent_segments WHERE name = $1 ORDER BY id';
export const parentSegmentExists = 'SELECT 1 FROM parent_segments WHERE id = $1';
export const isParentSegmentAllowed = 'SELECT 1 FROM parent_segment_workspaces WHERE parent_segment_id = $1 AND workspace_id = $2';
export const removeParentSegmentWorkspaces =
  'DELETE FROM parent_segment_workspaces WHERE parent_segment_id = $1 AND NOT (workspace_id = ANY($2::uuid[]))';
export const addParentSegmentWorkspaces = `INSERT INTO parent_segment_workspaces (parent_segment_id, workspace_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`;
export const createParentSegment = 'INSERT INTO parent_segments (name) VALUES ($1) RETURNING id';
export const updateParentSegment = 'UPDATE parent_segments SET name = COALESCE($2, name) WHERE id = $1 RETURNING id';
export const deleteParentSegment = 'DELETE FROM parent_segments WHERE id = $1';

// profiles.ts
/** $1 parent segment, $2 last id of the previous page, $3 page size (+1), $4 the lower-cased search when `search`. */
export const listProfiles = (search: boolean) =>
  `SELECT * FROM profiles WHERE parent_segment_id = $1 AND id > $2::bigint${search ? ' AND strpos(lower(customer_key), $4::text) > 0' : ''} ORDER BY id LIMIT $3`;

// reach.ts
/** `where`: the compiled segment rule over profiles `p` (compileSegment). */
export const reachCounts = (where: string) =>
  `WITH m AS (
       SELECT p.line_user_id, p.follow_status, p.line_id_shared AS shared, COALESCE(p.line_user_id_valid, false) AS valid
       FROM profiles p WHERE p.parent_segment_id = $1 AND ${where}
     )
     SELECT count(*) AS profiles,
       count(*) FILTER (WHERE valid) AS with_id,
       count(*) FILTER (WHERE valid AND follow_status <> 'unfollowed') AS eligible,
       -- only profiles flagged line_id_shared can repeat a LINE ID, so only they need the DISTINCT's sort
       count(*) FILTER (WHERE valid AND follow_status <> 'unfollowed' AND NOT shared)
         + count(DISTINCT line_user_id) FILTER (WHERE valid AND follow_status <> 'unfollowed' AND shared) AS following,
       count(*) FILTER (WHERE valid AND follow_status = 'unfollowed') AS unfollowed
     FROM m`;
export const reachSample = (where: string, n: number) =>
  `SELECT p.* FROM profiles p WHERE p.parent_segment_id = $1 AND ${where} ORDER BY p.id LIMIT ${n}`;

// segments.ts
/** $1 workspace, $2 last id of the previous page, $3 page size (+1), $4 the parent segment when `byParent`. */
export const listSegments = (byParent: boolean) =>
  `SELECT * FROM segments WHERE workspace_id = $1 AND id > $2::uuid${byParent ? ' AND parent_segment_id = $4' : ''} ORDER BY id LIMIT $3`;
export const getSegment = 'SELECT * FROM segments WHERE id = $1 AND workspace_id = $2';
export const createSegment = 'INSERT INTO segments (workspace_id, parent_segment_id, name, rule) VALUES ($1, $2, $3, $4) RETURNING *';
export const updateSegment = `UPDATE segments SET name = COALESCE($3, name), parent_segment_id = COALESCE($4, parent_segment_id),
       rule = COALESCE($5::jsonb, rule), updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING *`;
export const deleteSegment = 'DELETE FROM segments WHERE id = $1 AND workspace_id = $2';

// profiles.ts: follow state from LINE's webhooks (tracking decides the event is the user's latest)
export const setFollowStatus = `UPDATE profiles SET follow_status = $2, updated_at = now() WHERE line_user_id = $1 AND follow_status <> $2`;

// profile-reads.ts
export const profileAttributesRow = `SELECT string_agg(p.id::text, ',' ORDER BY p.id) AS ids, json_agg(p.attributes ORDER BY p.id)::text AS attrs
     FROM profiles p WHERE p.id = ANY($1::bigint[])`;

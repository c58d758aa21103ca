-- An embedded import being applied to a parent segment in committed chunks (src/audience/import/write.ts, docs/audience.md
-- "All or nothing"). Only a parent segment that was empty when its merge began is filled this way, so every profile
-- it has while its row exists came from that import: a launch on it is refused until the row is gone, and a start
-- that finds a row (the process died mid-merge) deletes those profiles and the row.
CREATE TABLE profile_imports (
  parent_segment_id uuid PRIMARY KEY REFERENCES parent_segments(id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now()
);

-- The media library: pictures and videos a workspace uploaded, for image, video and imagemap messages. The bytes
-- live once per content hash in the media store (the data directory by default; see src/media/store.ts); each
-- workspace that uploads the same file gets its own row, so the list is per workspace and deleting one workspace's
-- row never touches another's.
CREATE TABLE media (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  kind text NOT NULL CHECK (kind IN ('image', 'video')),
  content_type text NOT NULL,
  bytes bigint NOT NULL CHECK (bytes > 0),
  width integer,
  height integer,
  preview_bytes integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, sha256)
);
CREATE INDEX media_workspace ON media (workspace_id, id);
CREATE INDEX media_sha256 ON media (sha256);

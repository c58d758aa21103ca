-- A million-profile snapshot within 5 s on PGlite (docs/delivery.md, "Snapshot cost"). Measured per million rows:
-- the LINE ID regex ~2.4 s, the identity sequence ~1.5 s, the de-duplication sort ~1-3 s and the line_user_id
-- index ~1 s. Each moves off the launch path here.

-- 1. Whether a LINE ID is usable is decided when the profile is written, not at every launch.
ALTER TABLE profiles ADD COLUMN line_user_id_valid boolean GENERATED ALWAYS AS (line_user_id ~ '^U[0-9a-f]{32}$') STORED;

-- 2. Whether another profile of the same parent segment carries the same LINE ID. Only those rows need the
-- snapshot's de-duplication (lowest profile id keeps the ID). It may stay true after the other profile changes
-- (the snapshot then just checks exactly); it is never false while a duplicate exists: statement triggers set it
-- for every insert and every update.
ALTER TABLE profiles ADD COLUMN line_id_shared boolean NOT NULL DEFAULT false;
UPDATE profiles p SET line_id_shared = true
WHERE p.line_user_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM profiles o WHERE o.line_user_id = p.line_user_id AND o.parent_segment_id = p.parent_segment_id AND o.id <> p.id);

-- Statement triggers fire even for zero rows; the depth guard stops the trigger's own UPDATE from recursing (it
-- only sets the flag, it never changes a LINE ID).
CREATE FUNCTION profiles_mark_shared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  UPDATE profiles p SET line_id_shared = true
  FROM (SELECT DISTINCT n.parent_segment_id, n.line_user_id FROM new_rows n WHERE n.line_user_id IS NOT NULL) n
  WHERE p.line_user_id = n.line_user_id AND p.parent_segment_id = n.parent_segment_id AND NOT p.line_id_shared
    AND EXISTS (SELECT 1 FROM profiles o WHERE o.line_user_id = p.line_user_id AND o.parent_segment_id = p.parent_segment_id AND o.id <> p.id);
  RETURN NULL;
END $$;
CREATE TRIGGER profiles_shared_ins AFTER INSERT ON profiles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION profiles_mark_shared();
CREATE TRIGGER profiles_shared_upd AFTER UPDATE ON profiles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION profiles_mark_shared();

-- 3. A snapshot row's id is its profile's id (unique within the campaign, no sequence to draw a million values
-- from); test-send rows, which have no profile, take negative ids. The key stays (campaign_id, id).
ALTER TABLE delivery_recipients ALTER COLUMN id DROP IDENTITY IF EXISTS;
CREATE SEQUENCE delivery_test_recipient_ids;

-- 4. Block attribution finds a user's rows through profiles (by the recipient id) instead of a second index on
-- the million-row table.
DROP INDEX IF EXISTS delivery_recipients_user;

-- Excluded rows are counted by reason without reading the eligible ones.
CREATE INDEX delivery_recipients_excluded ON delivery_recipients (campaign_id, reason) WHERE status = 'excluded';

-- Fixtures write the base tables; the view is read-only again.
DROP TRIGGER IF EXISTS deliveries_insert ON deliveries;
DROP FUNCTION IF EXISTS deliveries_insert();

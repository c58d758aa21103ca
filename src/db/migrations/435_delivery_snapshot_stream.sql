-- The audience snapshot streams into the dispatcher (issue 16, docs/delivery.md "Snapshot"): a launch freezes what
-- the audience is (the segment rule, its parent segment and workspace, the recipient cap, and the highest profile
-- id then) and writes a first chunk of recipients in its transaction; the account's dispatcher writes the rest in
-- chunks by profile id, each chunk and its cursor in one transaction, while it sends what is already written.
ALTER TABLE delivery_campaigns
  -- next profile id to snapshot; NULL once the snapshot is complete (every row from before this migration is)
  ADD COLUMN snap_next bigint,
  -- the highest profile id at launch: profiles created after the launch are not in its audience
  ADD COLUMN snap_upto bigint,
  ADD COLUMN snap_parent uuid,
  ADD COLUMN snap_workspace uuid,
  ADD COLUMN snap_rule jsonb,
  ADD COLUMN snap_cap integer,
  -- eligible (pending) rows written so far: the cap counts across chunks, in profile order
  ADD COLUMN snap_eligible integer NOT NULL DEFAULT 0;

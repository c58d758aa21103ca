-- One partition of delivery_recipients per campaign (docs/decisions/delivery-partitions.md): an old campaign's
-- recipient rows are archived or dropped as one table, without a DELETE touching the live campaigns' tables or
-- leaving bloat for vacuum. Every query of the table names its campaign, so it reads one partition.
-- Existing rows move into their campaign's partition here (a one-off copy).

DROP VIEW deliveries;
ALTER TABLE delivery_recipients RENAME TO delivery_recipients_unpartitioned;
ALTER TABLE delivery_recipients_unpartitioned RENAME CONSTRAINT delivery_recipients_pkey TO delivery_recipients_unpartitioned_pkey;
ALTER INDEX delivery_recipients_excluded RENAME TO delivery_recipients_unpartitioned_excluded;

CREATE TABLE delivery_recipients (
  id bigint NOT NULL,
  campaign_id uuid NOT NULL,
  revision_id bigint,
  profile_id bigint,
  line_user_id text,
  status text NOT NULL CHECK (status IN ('pending', 'excluded')),
  reason text,
  is_test boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, id)
) PARTITION BY LIST (campaign_id);
CREATE INDEX delivery_recipients_excluded ON delivery_recipients (campaign_id, reason) WHERE status = 'excluded';

-- Makes the campaign's partition if it has none. Called by every writer before its first row (the snapshot, a test
-- send, fixtures). The partition is made on its own and then attached: CREATE TABLE … PARTITION OF would take an
-- ACCESS EXCLUSIVE lock on the parent, ATTACH only SHARE UPDATE EXCLUSIVE, which lets every other campaign's reads
-- and writes go on while the caller's transaction (a launch's snapshot) runs. The CHECK constraint spares ATTACH
-- its validation scan. There is no default partition: attaching would then scan and lock it.
CREATE FUNCTION delivery_recipients_partition(c uuid) RETURNS regclass LANGUAGE plpgsql AS $$
DECLARE
  t text := 'delivery_recipients_' || replace(c::text, '-', '');
BEGIN
  -- two first test sends of one draft at once: the second waits here and then finds the table
  PERFORM pg_advisory_xact_lock(hashtext(t));
  IF to_regclass(t) IS NULL THEN
    EXECUTE format('CREATE TABLE %I (LIKE delivery_recipients INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CONSTRAINT %I CHECK (campaign_id = %L::uuid))',
      t, t || '_campaign', c);
    EXECUTE format('ALTER TABLE delivery_recipients ATTACH PARTITION %I FOR VALUES IN (%L)', t, c);
  END IF;
  RETURN t::regclass;
END $$;

DO $$
DECLARE
  c uuid;
BEGIN
  FOR c IN SELECT DISTINCT campaign_id FROM delivery_recipients_unpartitioned LOOP
    PERFORM delivery_recipients_partition(c);
  END LOOP;
END $$;
INSERT INTO delivery_recipients (id, campaign_id, revision_id, profile_id, line_user_id, status, reason, is_test, created_at)
SELECT id, campaign_id, revision_id, profile_id, line_user_id, status, reason, is_test, created_at FROM delivery_recipients_unpartitioned;
DROP TABLE delivery_recipients_unpartitioned;

-- Campaigns whose per-recipient rows were archived (`linecast archive-deliveries`): their partition is gone, their
-- request rows deleted; totals stay in delivery_campaigns and the rollups (delivery_counts, delivery_send_minutes).
CREATE TABLE delivery_archives (
  campaign_id uuid PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  archived_at timestamptz NOT NULL DEFAULT now(),
  recipients bigint NOT NULL,
  requests bigint NOT NULL,
  -- where the rows went (a file written by the CLI), or null when they were dropped
  export_file text
);

-- Deleting an archived campaign's request rows must not take its sends out of the rollups (reports keep their
-- totals). Only the delete function changes: it skips archived campaigns.
CREATE OR REPLACE FUNCTION delivery_requests_rollup_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_rollup_apply(
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 's', s, 'r', r, 'n', -n)), '[]') FROM (
      SELECT campaign_id c, status s, COALESCE(reason, '') r, sum(recipients) n FROM old_rows o
      WHERE NOT is_test AND NOT EXISTS (SELECT 1 FROM delivery_archives a WHERE a.campaign_id = o.campaign_id) GROUP BY 1, 2, 3) x),
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 'm', m, 'q', -q, 'n', -n)), '[]') FROM (
      SELECT campaign_id c, date_trunc('minute', accepted_at) m, count(*) q, sum(recipients) n FROM old_rows o
      WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM delivery_archives a WHERE a.campaign_id = o.campaign_id) GROUP BY 1, 2) x));
  RETURN NULL;
END $$;

-- As in 350_delivery_request_doubt.sql, over the partitioned table.
CREATE VIEW deliveries AS
SELECT d.id, d.campaign_id, d.revision_id, d.profile_id, d.line_user_id, d.is_test, d.created_at,
  CASE
    WHEN d.status = 'excluded' THEN 'excluded'
    WHEN r.id IS NULL THEN CASE WHEN c.canceled THEN 'canceled' ELSE 'pending' END
    WHEN r.status = 'queued' THEN 'sending'
    ELSE r.status
  END AS status,
  CASE WHEN d.status = 'excluded' THEN d.reason ELSE r.reason END AS reason,
  r.id AS request_id, r.endpoint, r.retry_key, COALESCE(r.attempts, 0) AS attempts, r.line_request_id, r.accepted_at,
  CASE WHEN r.status = 'failed' THEN r.last_error END AS detail
FROM delivery_recipients d
LEFT JOIN delivery_campaigns c ON c.campaign_id = d.campaign_id
LEFT JOIN LATERAL (
  SELECT x.id, x.status, x.reason, x.endpoint, x.retry_key, x.attempts, x.line_request_id, x.accepted_at, x.last_id, x.last_error
  FROM delivery_requests x
  WHERE x.campaign_id = d.campaign_id AND x.is_test = d.is_test AND x.first_id <= d.id AND x.status <> 'superseded'
  ORDER BY x.first_id DESC LIMIT 1
) r ON d.status = 'pending' AND r.last_id >= d.id;

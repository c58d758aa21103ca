-- Reports and progress read counts kept up to date as request rows change, instead of aggregating the request
-- rows: a push campaign has one per recipient, and summing a million of them took ~1 s on PGlite
-- (bench:report --push). Statement triggers with transition tables keep them, so no writer can forget to.

-- Recipients by request status and reason (non-test requests; reason '' for none).
CREATE TABLE delivery_counts (
  campaign_id uuid NOT NULL,
  status text NOT NULL,
  reason text NOT NULL,
  recipients bigint NOT NULL,
  PRIMARY KEY (campaign_id, status, reason)
);

-- Accepted non-test requests and their recipients per minute of acceptance: the sends timeline and the send rate.
CREATE TABLE delivery_send_minutes (
  campaign_id uuid NOT NULL,
  minute timestamptz NOT NULL,
  requests bigint NOT NULL,
  recipients bigint NOT NULL,
  PRIMARY KEY (campaign_id, minute)
);

INSERT INTO delivery_counts (campaign_id, status, reason, recipients)
SELECT campaign_id, status, COALESCE(reason, ''), sum(recipients) FROM delivery_requests WHERE NOT is_test GROUP BY 1, 2, 3;
INSERT INTO delivery_send_minutes (campaign_id, minute, requests, recipients)
SELECT campaign_id, date_trunc('minute', accepted_at), count(*), sum(recipients) FROM delivery_requests
WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL GROUP BY 1, 2;

-- One function per event: a transition table exists only for the events that have it. Deltas are netted per key
-- first, so an update that moves nothing (a new next_attempt_at) writes nothing; keys are upserted in order so
-- two writers cannot deadlock.
CREATE FUNCTION delivery_rollup_apply(delta_counts jsonb, delta_minutes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO delivery_counts AS d (campaign_id, status, reason, recipients)
  SELECT (e->>'c')::uuid, e->>'s', e->>'r', (e->>'n')::bigint FROM jsonb_array_elements(delta_counts) e
  ORDER BY 1, 2, 3
  ON CONFLICT (campaign_id, status, reason) DO UPDATE SET recipients = d.recipients + EXCLUDED.recipients;
  INSERT INTO delivery_send_minutes AS m (campaign_id, minute, requests, recipients)
  SELECT (e->>'c')::uuid, (e->>'m')::timestamptz, (e->>'q')::bigint, (e->>'n')::bigint FROM jsonb_array_elements(delta_minutes) e
  ORDER BY 1, 2
  ON CONFLICT (campaign_id, minute) DO UPDATE SET requests = m.requests + EXCLUDED.requests, recipients = m.recipients + EXCLUDED.recipients;
$$;

CREATE FUNCTION delivery_requests_rollup_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_rollup_apply(
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 's', s, 'r', r, 'n', n)), '[]') FROM (
      SELECT campaign_id c, status s, COALESCE(reason, '') r, sum(recipients) n FROM new_rows WHERE NOT is_test GROUP BY 1, 2, 3) x),
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 'm', m, 'q', q, 'n', n)), '[]') FROM (
      SELECT campaign_id c, date_trunc('minute', accepted_at) m, count(*) q, sum(recipients) n FROM new_rows
      WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL GROUP BY 1, 2) x));
  RETURN NULL;
END $$;

CREATE FUNCTION delivery_requests_rollup_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_rollup_apply(
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 's', s, 'r', r, 'n', n)), '[]') FROM (
      SELECT c, s, r, sum(n) n FROM (
        SELECT campaign_id c, status s, COALESCE(reason, '') r, -recipients n FROM old_rows WHERE NOT is_test
        UNION ALL SELECT campaign_id, status, COALESCE(reason, ''), recipients FROM new_rows WHERE NOT is_test) y
      GROUP BY 1, 2, 3 HAVING sum(n) <> 0) x),
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 'm', m, 'q', q, 'n', n)), '[]') FROM (
      SELECT c, m, sum(q) q, sum(n) n FROM (
        SELECT campaign_id c, date_trunc('minute', accepted_at) m, -1 q, -recipients n FROM old_rows
        WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL
        UNION ALL SELECT campaign_id, date_trunc('minute', accepted_at), 1, recipients FROM new_rows
        WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL) y
      GROUP BY 1, 2 HAVING sum(n) <> 0 OR sum(q) <> 0) x));
  RETURN NULL;
END $$;

CREATE FUNCTION delivery_requests_rollup_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM delivery_rollup_apply(
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 's', s, 'r', r, 'n', -n)), '[]') FROM (
      SELECT campaign_id c, status s, COALESCE(reason, '') r, sum(recipients) n FROM old_rows WHERE NOT is_test GROUP BY 1, 2, 3) x),
    (SELECT COALESCE(jsonb_agg(jsonb_build_object('c', c, 'm', m, 'q', -q, 'n', -n)), '[]') FROM (
      SELECT campaign_id c, date_trunc('minute', accepted_at) m, count(*) q, sum(recipients) n FROM old_rows
      WHERE NOT is_test AND status = 'accepted' AND accepted_at IS NOT NULL GROUP BY 1, 2) x));
  RETURN NULL;
END $$;

CREATE TRIGGER delivery_requests_rollup_ins AFTER INSERT ON delivery_requests REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_requests_rollup_ins();
CREATE TRIGGER delivery_requests_rollup_upd AFTER UPDATE ON delivery_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_requests_rollup_upd();
CREATE TRIGGER delivery_requests_rollup_del AFTER DELETE ON delivery_requests REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_requests_rollup_del();

CREATE FUNCTION campaigns_delete_delivery_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM delivery_counts WHERE campaign_id = OLD.id;
  DELETE FROM delivery_send_minutes WHERE campaign_id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER campaigns_delete_delivery_rollups AFTER DELETE ON campaigns FOR EACH ROW EXECUTE FUNCTION campaigns_delete_delivery_rollups();

-- Audience: safe conversions used by compiled segment rules, and the indexes segment listing needs.
-- Both helpers answer NULL instead of raising for values that are not a number / not an ISO date, so a rule
-- comparing an attribute numerically never fails on a profile whose attribute holds text.
-- Nested CASEs (not AND) keep the casts behind their guards: PostgreSQL does not promise AND evaluation order.

CREATE OR REPLACE FUNCTION linecast_num(v text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?\s*$' THEN v::numeric END
$$;

-- ISO 8601 dates and date-times; without an offset they are read as UTC (not the session time zone), so the
-- same rule gives the same answer on every server.
CREATE OR REPLACE FUNCTION linecast_ts(v text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$' THEN
    CASE WHEN substr(v, 9, 2)::int <= extract(day from make_date(substr(v, 1, 4)::int, substr(v, 6, 2)::int, 1) + interval '1 month' - interval '1 day') THEN
      CASE WHEN v ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' AND length(v) > 10 THEN v::timestamptz
      ELSE v::timestamp AT TIME ZONE 'UTC' END
    END
  END
$$;

CREATE INDEX IF NOT EXISTS segments_workspace ON segments (workspace_id, id);
CREATE INDEX IF NOT EXISTS parent_segment_workspaces_ws ON parent_segment_workspaces (workspace_id);
-- No extra index on profiles: every index costs the million-row import (~4% each, measured), and paging a
-- parent segment's profiles in id order is served by the primary key or the (parent_segment_id, customer_key) index.

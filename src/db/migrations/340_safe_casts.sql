-- Safe conversions for compiled segment rules, take two: they answer NULL, never raise, for ANY stored text.
-- 110's guards let through values PostgreSQL then refused, and one such value in one profile made every rule
-- comparing that attribute fail (a date with offset +23:59; a number of 140,000 digits). The guards now accept
-- only what the cast is certain to read:
-- * numbers: at most 1,000 characters (numeric holds 131,072 digits before the point and 16,383 after, and
--   the exponent is at most three digits), so no value overflows;
-- * dates: offsets up to ±15:59 (PostgreSQL's limit; the ISO shape allowed ±23:59), a day that exists in its
--   month, four-digit years from 1000.
-- Regex guards rather than plpgsql EXCEPTION blocks: an EXCEPTION block is a subtransaction per call (per
-- profile, per comparison), and a plain SQL function can be inlined into the query. Nested CASEs keep each
-- cast behind its guard (PostgreSQL does not promise AND evaluation order).

CREATE OR REPLACE FUNCTION linecast_num(v text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN length(v) <= 1000 THEN
    CASE WHEN v ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?\s*$' THEN v::numeric END
  END
$$;

CREATE OR REPLACE FUNCTION linecast_ts(v text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN length(v) <= 40 THEN
    CASE WHEN v ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-5])(:?[0-5][0-9])?)?)?$' THEN
      CASE WHEN substr(v, 9, 2)::int <= extract(day from make_date(substr(v, 1, 4)::int, substr(v, 6, 2)::int, 1) + interval '1 month' - interval '1 day') THEN
        CASE WHEN v ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' AND length(v) > 10 THEN v::timestamptz
        ELSE v::timestamp AT TIME ZONE 'UTC' END
      END
    END
  END
$$;

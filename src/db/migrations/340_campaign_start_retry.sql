-- A Planned campaign whose start failed (the database refused its revision or snapshot, a connection dropped
-- half-way) is retried with exponential backoff: how many starts failed in a row and when the next may run.
-- Kept in the database so every scheduler process honours the same backoff and a restart does not reset it.
ALTER TABLE campaigns ADD COLUMN start_failures integer NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN start_retry_at timestamptz;

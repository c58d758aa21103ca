-- Transient failures (5xx, timeouts) count toward activation.maxAttempts; rate-limit 429s do not (they are pacing, not failure).
ALTER TABLE delivery_requests ADD COLUMN transient_failures integer NOT NULL DEFAULT 0;

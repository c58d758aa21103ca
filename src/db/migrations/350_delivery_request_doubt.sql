-- Whether LINE may have accepted some attempt of a request: an attempt that timed out, got a 5xx or lost its
-- connection, or was on the wire when its process died. Only such a request is bound by its retry key's 24 hours;
-- one LINE certainly refused every time (quota 429, 401/403, a 400) may be sent again under a new key.
ALTER TABLE delivery_requests ADD COLUMN ambiguous boolean NOT NULL DEFAULT false;
-- Set when a request is handed to a sender, cleared when its answer is recorded. Still set when the request is
-- picked again means the previous attempt's answer was never recorded: that attempt counts as ambiguous.
ALTER TABLE delivery_requests ADD COLUMN in_flight boolean NOT NULL DEFAULT false;

-- The delivery log shows why a recipient failed: the covering request's last error (LINE's message, the network
-- error, or the render failure / broken rule of a payload that was never sent).
CREATE OR REPLACE VIEW deliveries AS
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

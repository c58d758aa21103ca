/**
 * The delivery engine's SQL, named: every statement the dispatcher's store, the lease and the result writer run on
 * the delivery tables (migrations 200–350). Other modules' tables are read through the DeliveryReadPort
 * (src/app/ports.ts); the snapshot's INSERT … SELECT over profiles is the one documented exception (docs/architecture.md).
 */

/** Campaigns of an account with work left (not done, not canceled); the port says which are Active. */
export const OPEN_CAMPAIGNS_OF_ACCOUNT = `SELECT campaign_id, revision_id, send_mode, next_id, last_id, pending_total, claimed, started_at,
    snap_next IS NULL AS snapshot_done
  FROM delivery_campaigns WHERE line_account_id = $1 AND NOT done AND NOT canceled`;

/** The engine's poll: accounts with open campaigns whose lease is free, expired or ours, and those campaigns. */
export const ACCOUNTS_WITH_WORK = `SELECT dc.line_account_id, dc.campaign_id FROM delivery_campaigns dc
  LEFT JOIN dispatcher_leases l ON l.line_account_id = dc.line_account_id
  WHERE NOT dc.done AND (l.line_account_id IS NULL OR l.expires_at < now() OR l.holder = $1) AND NOT dc.campaign_id = ANY($2::uuid[])`;

/** The claim cursor, locked for the claim's transaction. */
export const LOCK_CURSOR = `SELECT first_id, next_id, last_id, pending_total, canceled, snap_next IS NULL AS snapshot_done
  FROM delivery_campaigns WHERE campaign_id = $1 FOR UPDATE`;

/**
 * Up to $4 pending recipients of a window of ids, as one row of comma-joined lists: PGlite parses result rows in
 * JavaScript, and 5,000 rows of five fields cost more than the query itself (measured 44 ms vs 6 ms a claim).
 */
export const CLAIM_WINDOW = `SELECT string_agg(d.id::text, ',' ORDER BY d.id) AS ids, string_agg(d.line_user_id, ',' ORDER BY d.id) AS uids,
    string_agg(COALESCE(d.profile_id::text, ''), ',' ORDER BY d.id) AS pids
  FROM (SELECT d.id, d.line_user_id, d.profile_id FROM delivery_recipients d
        WHERE d.campaign_id = $1 AND d.id >= $2 AND d.id <= $3 AND d.status = 'pending' AND NOT d.is_test
        ORDER BY d.id LIMIT $4) d`;

export const MOVE_CURSOR = 'UPDATE delivery_campaigns SET next_id = $2, claimed = claimed + $3 WHERE campaign_id = $1';

/**
 * New requests over id ranges, in flight from the start (their keys are committed before the send), and the cursor
 * moved past them ($8, $9 recipients claimed): one statement, one round trip to the database.
 */
export const INSERT_CLAIMED_REQUESTS = `WITH moved AS (UPDATE delivery_campaigns SET next_id = $8, claimed = claimed + $9 WHERE campaign_id = $1)
  INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients, next_attempt_at, first_attempt_at, in_flight)
  SELECT $1, $2, $3, f, l, n, now() + make_interval(secs => $7), now(), true FROM unnest($4::bigint[], $5::bigint[], $6::int[]) AS x(f, l, n)
  RETURNING id, retry_key, first_id`;

/**
 * Due requests of the given (Active) campaigns, taken for sending. in_flight still set: the last pick's answer was
 * never recorded (a process died with it on the wire), so LINE may have it.
 */
export const PICK_DUE = `UPDATE delivery_requests r SET next_attempt_at = now() + make_interval(secs => $3), first_attempt_at = COALESCE(r.first_attempt_at, now()),
    ambiguous = r.ambiguous OR r.in_flight, in_flight = true
  FROM (SELECT r2.id FROM delivery_requests r2
        WHERE r2.line_account_id = $1 AND r2.campaign_id = ANY($4::uuid[]) AND r2.status = 'queued' AND NOT r2.is_test AND r2.next_attempt_at <= now()
        ORDER BY r2.next_attempt_at LIMIT $2 FOR UPDATE OF r2 SKIP LOCKED) s
  WHERE r.id = s.id
  RETURNING r.id, r.campaign_id, r.endpoint, r.retry_key, r.first_id, r.last_id, r.attempts, r.transient_failures, r.first_attempt_at, r.ambiguous`;

/** The pending recipients covered by the picked requests' ranges. */
export const RECIPIENTS_OF_RANGES = `SELECT d.campaign_id, d.id, d.line_user_id, d.profile_id
  FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS x(c, lo, hi)
  JOIN delivery_recipients d ON d.campaign_id = x.c AND d.id >= x.lo AND d.id <= x.hi
  WHERE d.status = 'pending' AND NOT d.is_test ORDER BY d.campaign_id, d.id`;

export const REVIVE_IN_FLIGHT = `UPDATE delivery_requests SET next_attempt_at = now() WHERE line_account_id = $1 AND status = 'queued' AND next_attempt_at > now()`;

/** Only while holding the account's lease: a holder that lost it must not touch what the next one is sending. */
export const RELEASE_UNSENT = `UPDATE delivery_requests SET in_flight = false, next_attempt_at = now()
  WHERE id = ANY($1::bigint[]) AND in_flight AND line_account_id = $2
    AND EXISTS (SELECT 1 FROM dispatcher_leases l WHERE l.line_account_id = $2 AND l.holder = $3 AND l.expires_at > now())`;

export const RENEW_RETRY_KEYS = `UPDATE delivery_requests SET retry_key = gen_random_uuid(), first_attempt_at = now()
  WHERE id = ANY($1::bigint[]) AND status = 'queued' AND NOT ambiguous RETURNING id, retry_key, first_attempt_at`;

export const ACQUIRE_LEASE = `INSERT INTO dispatcher_leases (line_account_id, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
  ON CONFLICT (line_account_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
    acquired_at = CASE WHEN dispatcher_leases.holder = EXCLUDED.holder THEN dispatcher_leases.acquired_at ELSE now() END
  WHERE dispatcher_leases.holder = EXCLUDED.holder OR dispatcher_leases.expires_at < now()
  RETURNING holder`;

export const RELEASE_LEASE = 'DELETE FROM dispatcher_leases WHERE line_account_id = $1 AND holder = $2';

export const LEASE_HOLDER = 'SELECT holder FROM dispatcher_leases WHERE line_account_id = $1 AND expires_at > now()';

export const RECORD_ACCEPTED = `UPDATE delivery_requests r SET status = 'accepted', reason = NULL, accepted_at = now(), line_request_id = x.rid, attempts = r.attempts + 1,
    last_status = x.st, in_flight = false
  FROM unnest($1::bigint[], $2::text[], $3::int[]) AS x(id, rid, st) WHERE r.id = x.id AND r.status IN ('queued', 'canceled')`;

export const RECORD_RETRY = `UPDATE delivery_requests r SET attempts = r.attempts + 1, transient_failures = r.transient_failures + x.tf,
    next_attempt_at = now() + make_interval(secs => x.delay), last_status = x.st, last_error = x.err, in_flight = false,
    ambiguous = r.ambiguous OR x.amb
  FROM unnest($1::bigint[], $2::int[], $3::float8[], $4::int[], $5::text[], $6::bool[]) AS x(id, tf, delay, st, err, amb)
  WHERE r.id = x.id AND r.status IN ('queued', 'canceled')`;

export const RECORD_FAILED = `UPDATE delivery_requests r SET status = 'failed', reason = x.reason, attempts = r.attempts + x.inc,
    transient_failures = r.transient_failures + x.tf, last_status = x.st, last_error = x.err, in_flight = false,
    ambiguous = r.ambiguous OR x.amb
  FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::bool[]) AS x(id, reason, st, err, inc, tf, amb)
  WHERE r.id = x.id AND r.status = 'queued'`;

export const SUPERSEDE_FOR_SPLIT = `UPDATE delivery_requests SET status = 'superseded', attempts = attempts + 1, last_status = $2, in_flight = false
  WHERE id = $1 AND status = 'queued' RETURNING campaign_id, line_account_id`;

export const INSERT_SPLIT_PARTS = `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients)
  SELECT r.campaign_id, r.line_account_id, 'multicast', f, l, n FROM delivery_requests r, unnest($2::bigint[], $3::bigint[], $4::int[]) AS x(f, l, n)
  WHERE r.id = $1`;

export const HOLD_FOR_SUSPENSION = `UPDATE delivery_requests SET attempts = attempts + 1, last_status = $2, next_attempt_at = now(), in_flight = false
  WHERE id = $1 AND status = 'queued'`;

export const LOCK_CURSOR_FOR_FINISH =
  'SELECT next_id, last_id, done, snap_next IS NULL AS snapshot_done FROM delivery_campaigns WHERE campaign_id = $1 FOR UPDATE';

export const ANY_OPEN_REQUEST = `SELECT 1 FROM delivery_requests WHERE campaign_id = $1 AND status = 'queued' AND NOT is_test LIMIT 1`;

export const MARK_DONE = 'UPDATE delivery_campaigns SET done = true WHERE campaign_id = $1';

export const OPEN_CAMPAIGN_IDS_OF_ACCOUNT = 'SELECT campaign_id FROM delivery_campaigns WHERE line_account_id = $1 AND NOT done';

// partitions.ts
export const ensurePartition = 'SELECT delivery_recipients_partition($1::uuid)';

// archive.ts
export const recipientPartitions = `SELECT c.relname AS t FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'delivery_recipients'::regclass`;
export const archivedOf = 'SELECT campaign_id AS id FROM delivery_archives WHERE campaign_id = ANY($1::uuid[])';
export const countRecipients = `SELECT count(*)::int AS n FROM delivery_recipients WHERE campaign_id = $1`;
export const recordArchive = `INSERT INTO delivery_archives (campaign_id, recipients, requests, export_file) VALUES ($1, $2, 0, $3)
       ON CONFLICT (campaign_id) DO UPDATE SET export_file = COALESCE(EXCLUDED.export_file, delivery_archives.export_file)`;
export const deleteRequestsOfCampaign = 'DELETE FROM delivery_requests WHERE campaign_id = $1';
export const addArchivedRequests = 'UPDATE delivery_archives SET requests = requests + $2 WHERE campaign_id = $1';
export const isAttachedPartition = `SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass($1) AND inhparent = 'delivery_recipients'::regclass`;
/** The table name is a campaign's partition name (delivery_recipients_<hex>), made by archive.ts, never user input. */
export const detachPartition = (table: string, concurrently: boolean) =>
  `ALTER TABLE delivery_recipients DETACH PARTITION "${table}"${concurrently ? ' CONCURRENTLY' : ''}`;
export const dropPartitionTable = (table: string) => `DROP TABLE IF EXISTS "${table}"`;
export const exportPage = (
  page: number,
) => `SELECT id::text, profile_id, line_user_id, is_test, status, reason, detail, request_id, endpoint, retry_key, attempts,
         line_request_id, accepted_at, created_at
       FROM deliveries WHERE campaign_id = $1 AND id > $2::bigint ORDER BY id LIMIT ${page}`;

// counts.ts
export const requestCountsOf = `SELECT status, NULLIF(reason, '') AS reason, recipients::int AS n FROM delivery_counts
     WHERE campaign_id = $1 AND status <> 'superseded' AND recipients <> 0`;
export const sendMinutesOf = `SELECT minute, requests::int AS requests, recipients::int AS recipients FROM delivery_send_minutes
     WHERE campaign_id = $1 AND minute >= $2 AND recipients > 0 ORDER BY minute`;

// index.ts
export const markCanceled = 'UPDATE delivery_campaigns SET canceled = true WHERE campaign_id = $1';
export const cancelQueuedRequests = `UPDATE delivery_requests SET status = 'canceled' WHERE campaign_id = $1 AND status = 'queued' AND NOT is_test`;
export const unmarkCanceled = 'UPDATE delivery_campaigns SET canceled = false, done = false WHERE campaign_id = $1';

// retry-failed.ts
export const markNotDone = 'UPDATE delivery_campaigns SET done = false WHERE campaign_id = $1';

// index.ts
export const requeueOnResume = `UPDATE delivery_requests SET status = 'queued', next_attempt_at = now()
     WHERE campaign_id = $1 AND status IN ('canceled', 'queued') AND NOT is_test`;

// retry-failed.ts
export const supersedeFailed = `UPDATE delivery_requests SET status = 'superseded' WHERE campaign_id = $1 AND NOT is_test AND status = 'failed' AND reason = ANY($2::text[])
     RETURNING id, recipients`;
export const requeueSuperseded = `INSERT INTO delivery_requests (campaign_id, line_account_id, endpoint, first_id, last_id, recipients)
     SELECT campaign_id, line_account_id, endpoint, first_id, last_id, recipients FROM delivery_requests WHERE id = ANY($1::bigint[])`;

// log.ts: one page of the delivery log after the cursor $3, filtered by status $4, reason $5, is_test $6 (NULL: any)
export const deliveryLogPage = `SELECT id, line_user_id, profile_id, status, reason, attempts, endpoint, retry_key, line_request_id, accepted_at, is_test, detail
     FROM deliveries WHERE campaign_id = $1 AND ($3::bigint IS NULL OR id > $3::bigint) AND ($4::text IS NULL OR status = $4::text)
       AND ($5::text IS NULL OR reason = $5::text) AND ($6::boolean IS NULL OR is_test = $6::boolean)
     ORDER BY id LIMIT $2`;

// render/check.ts: sample recipients of a segment (`where` is compileSegment's expression over profiles p)
export const sampleRecipients = (where: string, n: number) =>
  `SELECT p.id, p.customer_key, p.line_user_id, p.attributes FROM profiles p
     WHERE p.parent_segment_id = $1 AND p.line_user_id_valid AND p.follow_status <> 'unfollowed' AND ${where} ORDER BY p.id LIMIT ${Math.floor(n)}`;

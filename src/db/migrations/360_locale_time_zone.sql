-- Each user's UI language (en, ja, th, zh-TW; NULL = follow the browser) and each workspace's time zone
-- (IANA; NULL until the first admin's browser sets it, the API then uses UTC). Schedules, report times and CSV
-- timestamps are shown in the workspace's zone.
ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text;
ALTER TABLE workspaces ADD COLUMN IF NOT EXISTS time_zone text;

/**
 * Each module owns its tables (issue 13): SQL lives in the module that owns the tables it names
 * (scripts/sql-census.ts holds the table → module map), never in routes, the runtime or the CLI, which call the
 * modules' functions. The files below still name another module's tables; each waits for the port that lets it
 * call the owner instead (delivery and tracking may not import campaigns, which imports them). The list may only
 * shrink: a new file on it fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { census } from '../../scripts/sql-census.ts';

const root = process.env.LINECAST_SQL_CENSUS_ROOT;

const STILL_CROSSING = new Set([
  'src/audience/parent-segments.ts', // workspaces: checks workspace ids exist (admin)
  'src/audience/rule-scope.ts', // campaigns: an engagement leaf's campaign must be the rule's workspace's
  'src/delivery/progress.ts', // campaigns, line_accounts: one join polled every second
  'src/delivery/render/check.ts', // profiles: sample recipients for the rendered-payload check
  'src/delivery/snapshot.ts', // campaigns, campaign_revisions, segments, profiles: one INSERT … SELECT over profiles (documented exception, for speed)
  'src/delivery/test-send.ts', // campaigns
  'src/http/app.ts', // SELECT 1: the health probe
  'src/reporting/csv.ts', // clicks, campaign_links, delivery_recipients: the report's read model
  'src/reporting/deliveries.ts', // delivery_campaigns
  'src/reporting/report.ts', // tracking's tables
  'src/tracking/blocks.ts', // delivery tables, profiles
  'src/tracking/click-recorder.ts', // campaigns
  'src/tracking/engagement.ts', // campaigns: a SQL fragment inside the segment's WHERE
  'src/tracking/keys.ts', // settings
  'src/tracking/rewriter.ts', // campaigns
  'src/tracking/unit-stats.ts', // campaigns
  'src/tracking/webhook.ts', // profiles: follow state from webhooks
]);

test('no SQL in routes, the runtime or the CLI: they call the modules that own the tables', () => {
  const c = census(root);
  const offenders = c.files.filter(
    (f) => f.file.startsWith('src/http/routes/') || f.file.startsWith('src/runtime/') || /^src\/cli[^/]*\.ts$/.test(f.file),
  );
  assert.deepEqual(
    offenders.map((f) => f.file),
    [],
  );
});

test('no new file queries another module’s tables', () => {
  const c = census(root);
  const added = c.outside.filter(
    (f) => !STILL_CROSSING.has(f.file) && !f.file.startsWith('src/http/routes/') && !f.file.startsWith('src/runtime/'),
  );
  assert.deepEqual(
    added.map((f) => `${f.file}: ${f.foreign.join(', ')}`),
    [],
  );
});

test('routes, reports and the runtime read campaigns through the campaigns module', () => {
  const c = census(root);
  assert.deepEqual(
    c.campaignsReaders.filter((m) => !['campaigns', 'delivery', 'tracking', 'audience'].includes(m)),
    [],
  );
});

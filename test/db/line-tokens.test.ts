import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { lineClientFor } from '../../src/admin/line-access.ts';
import { createLineAccount, updateLineAccount } from '../../src/admin/line-accounts.ts';
import { StatelessTokens } from '../../src/admin/line-tokens.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Db } from '../../src/db/types.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { mintStatelessToken } from '../../src/emulator/oauth.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

const CHANNEL = { channelId: '1656000002', channelSecret: 'stateless-channel-secret-02' };

let tdb: TestDb;
let emu: RunningEmulator;
let accountId: string;
const box = new SecretBox(crypto.randomBytes(32));
/** One database handle per simulated worker process: own connections on PostgreSQL, the one engine on PGlite. */
const workers: Db[] = [];

before(async () => {
  tdb = await testDb();
  emu = await startEmulator({ port: 0, ...CHANNEL, tokens: [] });
  for (let i = 0; i < 4; i++) workers.push(tdb.url ? await openPostgres(tdb.url, { max: 2 }) : tdb.db);
  const a = await createLineAccount(tdb.db, box, {
    name: 'Stateless',
    ...CHANNEL,
    tokenMode: 'stateless',
    apiBaseUrl: emu.url,
    isEmulator: true,
    pushPerSecond: 2000,
    multicastPerSecond: 200,
    workspaceIds: [],
  });
  accountId = a.id;
});
after(async () => {
  for (const d of new Set(workers)) if (d !== tdb.db) await d.close();
  await emu.close();
  await tdb.close();
});
beforeEach(async () => {
  await tdb.db.query('DELETE FROM line_issued_tokens');
  await fetch(emu.url + '/_emulator/reset', { method: 'POST' });
});

const issuedCount = async () => {
  const s = (await (await fetch(emu.url + '/_emulator/stats')).json()) as {
    perEndpoint: Record<string, { accepted: number; clientError: number }>;
  };
  return { accepted: s.perEndpoint.token?.accepted ?? 0, refused: s.perEndpoint.token?.clientError ?? 0 };
};
const sourceOn = (db: Db, creds: { channelSecret?: string } = {}) =>
  new StatelessTokens(db, box, accountId, { apiBaseUrl: emu.url, ...CHANNEL, ...creds }, { timeoutMs: 5_000 });
const tokenOf = (g: { ok: boolean; token?: string }) => {
  assert.ok(g.ok, JSON.stringify(g));
  return g.token!;
};

test('several workers asking at once share one issued token (one call to the token endpoint), cached sealed in the database', async () => {
  const sources = workers.map((db) => sourceOn(db));
  const grants = await Promise.all(sources.flatMap((s) => Array.from({ length: 25 }, () => s.current())));
  const tokens = new Set(grants.map(tokenOf));
  assert.equal(tokens.size, 1);
  assert.deepEqual(await issuedCount(), { accepted: 1, refused: 0 });
  const row = await tdb.db.query<{ token_enc: string; generation: number }>(
    'SELECT token_enc, generation FROM line_issued_tokens WHERE line_account_id = $1',
    [accountId],
  );
  assert.equal(box.open(row.rows[0]!.token_enc), [...tokens][0]);
  assert.equal(row.rows[0]!.generation, 1);
  // a later worker (a new process) reads the cache instead of asking LINE
  assert.equal(tokenOf(await sourceOn(workers[3]!).current()), [...tokens][0]);
  assert.equal((await issuedCount()).accepted, 1);
});

test('renewal before expiry: when the cached token is due, one worker renews under the lease while the others keep the still-valid token', async () => {
  const first = tokenOf(await sourceOn(workers[0]!).current());
  // due for renewal (inside the last fifth of its life), not yet expired
  await tdb.db.query(`UPDATE line_issued_tokens SET renew_at = now() - interval '1 second' WHERE line_account_id = $1`, [accountId]);
  const fresh = workers.map((db) => sourceOn(db));
  const got = (await Promise.all(fresh.flatMap((s) => [s.current(), s.current(), s.current()]))).map(tokenOf);
  assert.equal((await issuedCount()).accepted, 2, 'exactly one renewal');
  const row = await tdb.db.query<{ token_enc: string; generation: number; renew_holder: string | null }>(
    'SELECT token_enc, generation, renew_holder FROM line_issued_tokens WHERE line_account_id = $1',
    [accountId],
  );
  const second = box.open(row.rows[0]!.token_enc);
  assert.notEqual(second, first);
  assert.equal(row.rows[0]!.generation, 2);
  assert.equal(row.rows[0]!.renew_holder, null, 'the lease is released');
  for (const g of got) assert.ok(g === first || g === second);
});

test('a 401 storm on one token renews it once, across workers', async () => {
  const stale = mintStatelessToken(CHANNEL.channelId, Date.now() - 1_000);
  const key = crypto.createHash('sha256').update(`${emu.url}\n${CHANNEL.channelId}\n${CHANNEL.channelSecret}`).digest('hex');
  await tdb.db.query(
    `INSERT INTO line_issued_tokens (line_account_id, cred_key, token_enc, generation, issued_at, renew_at, expires_at)
     VALUES ($1, $2, $3, 7, now(), now() + interval '50 minutes', now() + interval '1 hour')`,
    [accountId, key, box.seal(stale)],
  );
  const sources = workers.map((db) => sourceOn(db));
  for (const s of sources) assert.equal(tokenOf(await s.current()), stale);
  const renewed = (await Promise.all(sources.flatMap((s) => Array.from({ length: 20 }, () => s.renew(stale))))).map(tokenOf);
  assert.equal(new Set(renewed).size, 1);
  assert.notEqual(renewed[0], stale);
  assert.equal((await issuedCount()).accepted, 1);
});

test('a cached token issued with other credentials or for another host is never used', async () => {
  const a = tokenOf(await sourceOn(workers[0]!).current());
  // a source for the same account with another secret (as after a rotation) must not reuse it
  const other = sourceOn(workers[1]!, { channelSecret: 'another-secret-entirely' });
  const g = await other.current();
  assert.equal(g.ok, false, 'the emulator refuses to issue for the wrong secret; the cached token was not handed out');
  assert.notEqual((g as { token?: string }).token, a);
  // and an edit of the account's credentials drops the cache
  await updateLineAccount(tdb.db, box, accountId, { channelSecret: CHANNEL.channelSecret });
  assert.equal((await tdb.db.query('SELECT 1 FROM line_issued_tokens WHERE line_account_id = $1', [accountId])).rows.length, 0);
});

test('a refused issue is not repeated for every caller: concurrent callers share one refusal', async () => {
  const s = sourceOn(workers[0]!, { channelSecret: 'wrong-secret-0000' });
  const grants = await Promise.all(Array.from({ length: 30 }, () => s.current()));
  assert.ok(grants.every((g) => !g.ok && g.kind === 'unauthorized' && g.status === 400));
  assert.equal((await s.current()).ok, false);
  assert.deepEqual(await issuedCount(), { accepted: 0, refused: 1 });
});

test('the LINE client on a stateless account sends with the issued token; verify-style issueNow issues afresh and caches it', async () => {
  const access = await lineClientFor(workers[0]!, box, accountId);
  assert.ok(access.ok);
  try {
    const bot = await access.client.botInfo();
    assert.equal(bot.kind, 'accepted', JSON.stringify(bot));
    assert.ok(access.tokens instanceof StatelessTokens);
    const fresh = await access.tokens.issueNow();
    assert.ok(fresh.ok);
    assert.equal(fresh.expiresInSeconds, 900);
    assert.equal((await issuedCount()).accepted, 2);
    const row = await tdb.db.query<{ token_enc: string }>('SELECT token_enc FROM line_issued_tokens WHERE line_account_id = $1', [
      accountId,
    ]);
    assert.equal(box.open(row.rows[0]!.token_enc), fresh.token);
  } finally {
    await access.client.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LINE_PUSH_TARGET, LINE_USER_ID, LINE_USER_ID_ANY_CASE, isLineUserId } from '../../src/domain/line-ids.ts';
import { EmulatorState } from '../../src/emulator/state.ts';
import { MULTICAST_TO_STRICT } from '../../src/emulator/validate.ts';
import { webhookRequestSchema } from '../../src/emulator/webhooks.ts';
import { LineUserId } from '../../src/schemas/campaign.ts';

const hex = '0123456789abcdef0123456789abcdef';
const candidates = [
  `U${hex}`,
  `U${hex.toUpperCase()}`,
  `U${hex.slice(1)}`,
  `U${hex}0`,
  `C${hex}`,
  `R${hex}`,
  `u${hex}`,
  ` U${hex}`,
  `U${hex}\n`,
  `U${hex.slice(1)}g`,
  '',
];

test('the server, the emulator and the importer read a LINE user ID the same way', () => {
  const state = new EmulatorState({ defaultUserState: 'following' });
  for (const id of candidates) {
    const expected = isLineUserId(id);
    assert.equal(LineUserId.safeParse(id).success, expected, `API schema on ${JSON.stringify(id)}`);
    assert.equal(
      webhookRequestSchema.safeParse({ url: 'http://127.0.0.1/', type: 'follow', userId: id }).success,
      expected,
      `emulator webhook on ${JSON.stringify(id)}`,
    );
    assert.equal(state.userState(id) !== 'unknown', expected, `emulator user state on ${JSON.stringify(id)}`);
    assert.equal(MULTICAST_TO_STRICT.test(id), expected, `emulator strict multicast on ${JSON.stringify(id)}`);
  }
  assert.deepEqual(
    candidates.filter((c) => isLineUserId(c)),
    [`U${hex}`],
  );
});

test('the looser forms only widen the user-ID format as documented', () => {
  for (const id of candidates) {
    if (LINE_USER_ID.test(id)) assert.ok(LINE_PUSH_TARGET.test(id) && LINE_USER_ID_ANY_CASE.test(id));
    assert.equal(LINE_USER_ID_ANY_CASE.test(id), LINE_USER_ID.test(id.slice(0, 1) + id.slice(1).toLowerCase()));
    assert.equal(LINE_PUSH_TARGET.test(id), /^[CR]/.test(id) ? LINE_USER_ID.test('U' + id.slice(1)) : LINE_USER_ID.test(id));
  }
});

test('the database column line_user_id_valid (migration 310) uses the same pattern', () => {
  const sql = readFileSync(new URL('../../src/db/migrations/310_snapshot_speed.sql', import.meta.url), 'utf8');
  const m = /line_user_id ~ '([^']+)'/.exec(sql);
  assert.ok(m, 'migration 310 tests line_user_id with a regular expression');
  assert.equal(m[1], LINE_USER_ID.source);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageWarnings, validateMessages } from '../../src/domain/index.ts';
import { CASE_REQUESTS, readLineCases } from '../emulator/line-cases.ts';

/**
 * Linecast's validator on LINE's documented message cases (reference/line-message-cases.md), as rendered
 * messages: it refuses what LINE refuses (at the property LINE names), never refuses what LINE accepts or is
 * silent on, and warns (with the policy's code) where LINE is silent and the message would likely break.
 */
const messageCases = readLineCases().filter((c) => /^[BTSQIV]/.test(c.id));

test('the message cases of the reference are all here', () => {
  assert.equal(messageCases.length, 93);
});

for (const c of messageCases) {
  const r = CASE_REQUESTS[c.id]!;
  test(`${c.id} ${c.title}: LINE ${c.verdict}`, () => {
    const messages = (r.body as { messages: unknown }).messages;
    // allowOtherTypes: the question is LINE's rules; which types Linecast composes (text, imagemap) is another.
    const errors = validateMessages(messages, { templates: false, allowOtherTypes: true });
    const warnings = messageWarnings(messages, { templates: false }).map((w) => w.code);
    if (c.verdict === 'R') {
      assert.deepEqual(
        errors.map((e) => e.path),
        [r.property],
        JSON.stringify(errors),
      );
      return;
    }
    assert.deepEqual(errors, [], 'LINE does not refuse it, so neither does Linecast');
    if (c.verdict === 'A') assert.deepEqual(warnings, [], 'nothing to warn about in what LINE documents as fine');
    else if (r.policy && r.policy !== 'strict') assert.ok(warnings.includes(r.policy), `${r.policy} in ${JSON.stringify(warnings)}`);
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { validateMessages } from '../../src/domain/messages/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { EMULATOR_VALIDATE_OPTIONS } from '../../src/emulator/validate.ts';
import { messageEdgeCases } from '../domain/message-edge-cases.ts';

/**
 * The emulator must judge every message edge case exactly as the shared validator does (it runs the same
 * rules), on the validate endpoint and on a real push: same verdict, same LINE `property` paths.
 */
describe('emulator message validation agrees with validateMessages', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ rateLimits: { enabled: false } });
  });
  after(() => emu.close());

  const post = async (path: string, body: unknown, key?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: 'Bearer fidelity' };
    if (key) headers['x-line-retry-key'] = key;
    const r = await fetch(emu.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as { message?: string; details?: Array<{ property: string; message: string }> } };
  };

  it('has edge cases to check', () => assert.ok(messageEdgeCases.length > 0));

  for (const c of messageEdgeCases) {
    it(c.name, async () => {
      const issues = validateMessages(c.messages, EMULATOR_VALIDATE_OPTIONS);
      const expectedValid = issues.length === 0;
      assert.equal(expectedValid, c.valid, 'with the emulator options the shared validator still agrees with the table');
      const v = await post('/v2/bot/message/validate/push', { messages: c.messages });
      const p = await post('/v2/bot/message/push', { to: 'U' + 'f'.repeat(32), messages: c.messages }, randomUUID());
      assert.equal(v.status, expectedValid ? 200 : 400, JSON.stringify(v.body));
      assert.equal(p.status, expectedValid ? 200 : 400, JSON.stringify(p.body));
      if (!expectedValid) {
        const want = issues.map((i) => ({ property: i.path, message: i.message }));
        assert.deepEqual(v.body.details, want);
        assert.deepEqual(p.body.details, want);
        assert.equal(v.body.message, `The request body has ${issues.length} error(s)`);
      }
    });
  }
});

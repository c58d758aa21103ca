import assert from 'node:assert/strict';
import { HTTPFetchError } from '@line/bot-sdk';

/** The official SDK throws HTTPFetchError for every non-2xx; return it so a test can read status, headers and body. */
export async function rejection(p: Promise<unknown>): Promise<HTTPFetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HTTPFetchError, `expected HTTPFetchError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { LONGEST_TOKEN, longestTrackedUrl, newToken, signLink } from '../../src/tracking/token.ts';

test('no token the rewriter can make is longer than LONGEST_TOKEN (what validation measures links with)', () => {
  const key = crypto.randomBytes(32);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.integer({ min: 0, max: 2 ** 30 - 1 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.boolean(),
      (campaignKey, position, deliveryId, isTest) =>
        signLink(key, { campaignKey, position, deliveryId, isTest }).length <= LONGEST_TOKEN.perRecipient,
    ),
  );
  assert.equal(
    signLink(key, { campaignKey: 2 ** 31 - 1, position: 2 ** 30 - 1, deliveryId: Number.MAX_SAFE_INTEGER, isTest: true }).length,
    LONGEST_TOKEN.perRecipient,
  );
  assert.equal(newToken().length, LONGEST_TOKEN.perCampaign);
  assert.equal(longestTrackedUrl('https://go.example.com/', true), 'https://go.example.com/c/' + 'x'.repeat(LONGEST_TOKEN.perRecipient));
  assert.equal(longestTrackedUrl('https://go.example.com', false).length, 'https://go.example.com/c/'.length + 11);
});

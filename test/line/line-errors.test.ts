import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyLineResponse, isAccepted, isRetryable, parseRetryAfter } from '../../src/domain/line-errors.ts';

const c = (call: 'push' | 'multicast' | 'other', status: number, body: unknown, retryAfter?: string) =>
  classifyLineResponse({ call, status, body, retryAfter }, 1_000_000);

describe('classifyLineResponse', () => {
  it('2xx is accepted; 409 with the retry-key text is accepted_duplicate, any other 409 is permanent', () => {
    assert.equal(c('push', 200, { sentMessages: [] }).kind, 'accepted');
    assert.equal(c('other', 202, {}).kind, 'accepted');
    assert.equal(c('push', 409, { message: 'The retry key is already accepted' }).kind, 'accepted_duplicate');
    assert.equal(c('push', 409, { message: 'Conflict' }).kind, 'permanent');
  });

  it('a push or multicast 409 carrying x-line-accepted-request-id is accepted_duplicate whatever its text', () => {
    for (const call of ['push', 'multicast'] as const)
      for (const body of [{ message: 'Conflict' }, { message: '既に受け付けられています' }, null, 'plain text'])
        assert.equal(
          classifyLineResponse({ call, status: 409, body, acceptedRequestId: 'acc-1' }).kind,
          'accepted_duplicate',
          `${call} ${JSON.stringify(body)}`,
        );
    assert.equal(
      classifyLineResponse({ call: 'push', status: 409, body: { message: 'Conflict' }, acceptedRequestId: null }).kind,
      'permanent',
    );
  });

  it('429 splits on the message: monthly limit → quota_exhausted, anything else → rate_limited', () => {
    assert.equal(c('push', 429, { message: 'You have reached your monthly limit.' }).kind, 'quota_exhausted');
    assert.equal(c('push', 429, { message: 'The API rate limit has been exceeded. Try again later.' }).kind, 'rate_limited');
    assert.equal(c('multicast', 429, 'not json').kind, 'rate_limited');
    assert.deepEqual(c('push', 429, { message: 'x' }, '3'), { kind: 'rate_limited', retryAfterMs: 3000 });
  });

  it('5xx, 408 and no response (status 0) are transient', () => {
    for (const s of [0, 408, 500, 502, 503, 504]) assert.equal(c('push', s, null).kind, 'transient', String(s));
  });

  it('400 on push: unknown or malformed recipient → invalid_recipient; message errors → invalid_request', () => {
    assert.equal(c('push', 400, { message: 'Failed to send messages' }).kind, 'invalid_recipient');
    assert.equal(
      c('push', 400, { message: "The property, 'to', in the request body is invalid (line: -, column: -)" }).kind,
      'invalid_recipient',
    );
    assert.equal(
      c('push', 400, { message: 'The request body has 1 error(s)', details: [{ message: 'must be specified', property: 'to' }] }).kind,
      'invalid_recipient',
    );
    assert.equal(
      c('push', 400, {
        message: 'The request body has 1 error(s)',
        details: [{ message: 'May not be empty', property: 'messages[0].text' }],
      }).kind,
      'invalid_request',
    );
  });

  it('400 on multicast naming to[i] → invalid_recipient with the indexes; a size error on `to` is invalid_request', () => {
    assert.deepEqual(c('multicast', 400, { message: 'The property, to[3], in the request body is invalid (line: -, column: -)' }), {
      kind: 'invalid_recipient',
      invalidRecipientIndexes: [3],
    });
    assert.equal(
      c('multicast', 400, {
        message: 'The request body has 1 error(s)',
        details: [{ message: 'Size must be between 1 and 500', property: 'to' }],
      }).kind,
      'invalid_request',
    );
  });

  it('400 on other endpoints is invalid_request; 401/403 unauthorized; other 4xx permanent', () => {
    assert.equal(c('other', 400, { message: 'Failed to send messages' }).kind, 'invalid_request');
    assert.equal(c('push', 401, { message: 'Authentication failed' }).kind, 'unauthorized');
    assert.equal(c('push', 403, { message: 'Access to this API is not available for your account' }).kind, 'unauthorized');
    for (const s of [404, 410, 413, 415]) assert.equal(c('push', s, null).kind, 'permanent', String(s));
  });

  it('helpers: retryable and accepted classes, Retry-After as seconds or a date', () => {
    assert.equal(isRetryable('transient'), true);
    assert.equal(isRetryable('rate_limited'), true);
    assert.equal(isRetryable('quota_exhausted'), false);
    assert.equal(isAccepted('accepted_duplicate'), true);
    assert.equal(isAccepted('invalid_recipient'), false);
    assert.equal(parseRetryAfter('2', 0), 2000);
    assert.equal(parseRetryAfter(new Date(1_005_000).toUTCString(), 1_000_000), 5000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ISSUE_CODES, ISSUE_TEXT, checkTemplates, codeOfZodIssue, interpolate, isIssueCode, issueMessage, placeholders, validateMessages, validateUtm } from '../../src/domain/index.ts';
import { messageEdgeCases } from './message-edge-cases.ts';

test('every LINE rule error carries a known code whose English template renders exactly the API message', () => {
  let seen = 0;
  for (const templates of [true, false]) {
    for (const c of messageEdgeCases) {
      for (const e of validateMessages(c.messages, { templates })) {
        seen++;
        assert.ok(isIssueCode(e.code), `${c.name}: ${e.path} has code ${String(e.code)}`);
        assert.equal(issueMessage(e.code, e.params), e.message, `${c.name}: ${e.path} (${e.code})`);
        for (const name of placeholders(ISSUE_TEXT[e.code])) assert.ok(name in e.params, `${c.name}: ${e.code} lacks param ${name}`);
      }
    }
  }
  assert.ok(seen > 40, `only ${seen} errors seen`);
});

test('Liquid problems get their own codes, with the line and column where liquidjs gave them', () => {
  const t = (text: string) => ({ type: 'text', text });
  const errors = checkTemplates([t('Hi {{ profile.name '), t('{% iff x %}'), t('{{ x | nope }}'), t('{% if x %}a'), t('{% include "a" %}'), t('{{ secret }} {{ campaign.owner }} {{ profile }}')]);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['liquid_output_not_closed', 'liquid_unknown_tag', 'liquid_unknown_filter', 'liquid_tag_not_closed', 'liquid_tag_unavailable', 'liquid_unknown_variable', 'liquid_campaign_variable', 'liquid_profile_attribute'],
  );
  assert.deepEqual(errors[1]!.params, { tag: 'iff', line: 1, col: 1 });
  assert.deepEqual(errors[2]!.params, { filter: 'nope', line: 1, col: 1 });
  for (const e of errors) assert.equal(issueMessage(e.code, e.params), e.message);
});

test('UTM problems are coded too', () => {
  const errors = validateUtm({ source: 's'.repeat(41), extra: { 'bad key': 'x', utm_source: 'y', '': 'z' } });
  assert.deepEqual(
    errors.map((e) => [e.path, e.code]),
    [
      ['utm.source', 'utm_value_max'],
      ['utm.extra.bad key', 'utm_param_chars'],
      ['utm.extra.utm_source', 'utm_param_reserved'],
      ['utm.extra.', 'utm_param_empty'],
    ],
  );
  // A bad key says what is wrong with it, not zod's "Invalid key in record".
  for (const e of errors) assert.equal(e.message, issueMessage(e.code, e.params));
  assert.deepEqual(errors[0]!.params, { max: 40 });
  assert.deepEqual(validateUtm({ campaign: '{{ profile.tier }}' }).map((e) => e.code), ['utm_profile_variable']);
});

test("zod's own issues map to codes, so API 400 details and client-side forms are translatable", () => {
  const schema = z.object({ a: z.string().min(1), b: z.string().min(3).max(5), c: z.number().int().min(2), d: z.email(), e: z.enum(['x', 'y']), f: z.array(z.number()).max(1), g: z.string() });
  const r = schema.safeParse({ a: '', b: 'abcdefg', c: 1, d: 'nope', e: 'z', f: [1, 2] });
  assert.ok(!r.success);
  const got = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), codeOfZodIssue(i)]));
  assert.deepEqual(got, {
    a: { code: 'empty', params: {} },
    b: { code: 'too_long', params: { max: 5 } },
    c: { code: 'min', params: { min: 2 } },
    d: { code: 'email', params: {} },
    e: { code: 'one_of', params: { values: 'x, y' } },
    f: { code: 'too_many', params: { max: 1 } },
    g: { code: 'required', params: {} },
  });
});

test('templates: placeholders are read with or without a format, and interpolation leaves unknown ones visible', () => {
  assert.deepEqual(placeholders('a {{min}} b {{ max, number }} {{min}}'), ['min', 'max']);
  assert.equal(interpolate('{{a}} and {{ b, number }} and {{c}}', { a: 1, b: 'x' }), '1 and x and {{c}}');
  assert.equal(new Set(ISSUE_CODES).size, ISSUE_CODES.length);
  for (const code of ISSUE_CODES) assert.match(code, /^[a-z][a-z0-9_]*$/, 'codes are flat snake_case (a dot would nest i18next keys)');
});

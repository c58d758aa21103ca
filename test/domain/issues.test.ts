import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  ISSUE_CODES,
  ISSUE_TEXT,
  SUPPORTED_TYPES,
  checkTemplates,
  codeOfZodIssue,
  interpolate,
  isIssueCode,
  issueMessage,
  messageWarnings,
  placeholders,
  validateMessages,
  validateUtm,
} from '../../src/domain/index.ts';
import { messageEdgeCases } from './message-edge-cases.ts';

test('every LINE rule error carries a known code whose English template renders exactly the API message', () => {
  let seen = 0;
  const types = new Set<string>();
  for (const templates of [true, false]) {
    for (const c of messageEdgeCases) {
      const errors = validateMessages(c.messages, { templates });
      for (const e of errors) {
        seen++;
        assert.ok(isIssueCode(e.code), `${c.name}: ${e.path} has code ${String(e.code)}`);
        // `invalid` is what a check without a code of its own falls back to: a UI could only say "is invalid"
        assert.notEqual(e.code, 'invalid', `${c.name}: ${e.path} has no code of its own (${e.message})`);
        assert.equal(issueMessage(e.code, e.params), e.message, `${c.name}: ${e.path} (${e.code})`);
        for (const name of placeholders(ISSUE_TEXT[e.code])) assert.ok(name in e.params, `${c.name}: ${e.code} lacks param ${name}`);
        types.add(String((c.messages[0] as { type?: unknown } | undefined)?.type));
      }
      if (c.code)
        assert.ok(
          errors.some((e) => e.code === c.code),
          `${c.name}: expected ${c.code}, got ${errors.map((e) => e.code).join(', ')}`,
        );
    }
  }
  assert.ok(seen > 40, `only ${seen} errors seen`);
  // every type Linecast composes has its errors checked here
  for (const type of SUPPORTED_TYPES) assert.ok(types.has(type), `no error of a ${type} message was checked`);
});

test('every code a rule of the new message types can report is one of the edge cases above', () => {
  const expected = new Set(messageEdgeCases.flatMap((c) => (c.code ? [c.code] : [])));
  for (const code of ISSUE_CODES.filter((c) => /^(flex|sticker|video)_/.test(c)))
    assert.ok(expected.has(code) || messageEdgeCases.some((c) => c.warn === code), `no edge case reports ${code}`);
});

test("Linecast's warnings on the new message types are coded like the errors", () => {
  const warnings = messageEdgeCases.flatMap((c) => messageWarnings(c.messages, { templates: true }).map((w) => ({ c, w })));
  assert.ok(warnings.some(({ w }) => w.code.startsWith('flex_')));
  for (const { c, w } of warnings) {
    assert.ok(isIssueCode(w.code), `${c.name}: ${w.code}`);
    assert.equal(w.message, issueMessage(w.code, w.params), `${c.name}: ${w.code}`);
  }
});

test('Liquid problems get their own codes, with the line and column where liquidjs gave them', () => {
  const t = (text: string) => ({ type: 'text', text });
  const errors = checkTemplates([
    t('Hi {{ profile.name '),
    t('{% iff x %}'),
    t('{{ x | nope }}'),
    t('{% if x %}a'),
    t('{% include "a" %}'),
    t('{{ secret }} {{ campaign.owner }} {{ profile }}'),
  ]);
  assert.deepEqual(
    errors.map((e) => e.code),
    [
      'liquid_output_not_closed',
      'liquid_unknown_tag',
      'liquid_unknown_filter',
      'liquid_tag_not_closed',
      'liquid_tag_unavailable',
      'liquid_unknown_variable',
      'liquid_campaign_variable',
      'liquid_profile_attribute',
    ],
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
  assert.deepEqual(
    validateUtm({ campaign: '{{ profile.tier }}' }).map((e) => e.code),
    ['utm_profile_variable'],
  );
});

test("zod's own issues map to codes, so API 400 details and client-side forms are translatable", () => {
  const schema = z.object({
    a: z.string().min(1),
    b: z.string().min(3).max(5),
    c: z.number().int().min(2),
    d: z.email(),
    e: z.enum(['x', 'y']),
    f: z.array(z.number()).max(1),
    g: z.string(),
  });
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

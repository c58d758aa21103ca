import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { campaignFixture, uid, type Fixture } from './fixture.ts';

let f: Fixture;
before(async () => {
  f = await campaignFixture(3); // c1…c3, no attributes
  await f.setQuota(null, 0);
  const add = (key: string, n: number, attributes: object) =>
    f.t.ctx.db.query(
      `INSERT INTO profiles (parent_segment_id, customer_key, line_user_id, follow_status, attributes) VALUES ($1, $2, $3, 'following', $4)`,
      [f.parentSegmentId, key, uid(n), JSON.stringify(attributes)],
    );
  await add('named', 10, { first_name: 'Aiko', bio: 'short' });
  await add('long-bio', 11, { first_name: 'Ben', bio: 'b'.repeat(4995) });
});
after(() => f.close());

type Issue = { tab: string; path: string; message: string; code?: string; params?: Record<string, unknown> };
type Result = { valid: boolean; errors: Issue[]; warnings: Issue[] };

async function withContent(messages: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const id = await f.readyCampaign();
  const r = await f.req('PATCH', `campaigns/${id}`, { content: { messages }, ...extra });
  assert.equal(r.status, 200, r.body);
  return id;
}
const validate = async (id: string): Promise<Result> => {
  const r = await f.req('POST', `campaigns/${id}/validate`);
  assert.equal(r.status, 200, r.body);
  return r.json as Result;
};
const launch = (id: string) => f.req('POST', `campaigns/${id}/launch`);
const brief = (i: Issue) => [i.tab, i.path, i.code];
const pick = (o: Record<string, unknown> | undefined, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));

test('a text that fits as written but not once UTM tags are added is refused at validate and launch (issue example)', async () => {
  const id = await withContent([{ type: 'text', text: 'a'.repeat(4950) + ' https://example.com/sale' }], { trackingEnabled: false });
  const v = await validate(id);
  assert.equal(v.valid, false);
  assert.deepEqual(v.errors.map(brief), [['content', 'content.messages[0].text', 'invalid_rendered_message']]);
  const e = v.errors[0]!;
  // utm_source=line&utm_medium=social: 34 more characters
  assert.equal(
    e.message,
    'For the blank profile (and 5 more of the 6 profiles checked): after rendering (personalisation, UTM tags, tracked links), Length must be between 0 and 5000 (5009)',
  );
  // `rule` is the broken LINE rule's own code, with its params, so a UI can word it in its language
  assert.deepEqual(pick(e.params, ['rule', 'min', 'max', 'length', 'profile', 'profilesFailing', 'profilesChecked']), {
    rule: 'length',
    min: 0,
    max: 5000,
    length: 5009,
    profile: 'blank',
    profilesFailing: 6,
    profilesChecked: 6,
  });
  const l = await launch(id);
  assert.equal(l.status, 422);
  assert.deepEqual(
    l.json.error.details.map((d: Issue) => [d.path, d.code]),
    [['content.messages[0].text', 'invalid_rendered_message']],
  );
});

test('an imagemap link of 990 characters plus UTM tags is over 1,000: refused without tracking; with tracking the short link is what is sent', async () => {
  const im = {
    type: 'imagemap',
    baseUrl: 'https://example.com/map',
    altText: 'Sale',
    baseSize: { width: 1040, height: 1040 },
    actions: [{ type: 'uri', linkUri: 'https://example.com/' + 'p'.repeat(970), area: { x: 0, y: 0, width: 1040, height: 1040 } }],
  };
  const untracked = await validate(await withContent([im], { trackingEnabled: false }));
  assert.deepEqual(untracked.errors.map(brief), [['content', 'content.messages[0].actions[0].linkUri', 'invalid_rendered_message']]);
  assert.match(untracked.errors[0]!.message, /Length must be between 0 and 1000 \(1024\)$/);
  const tracked = await validate(await withContent([im], { trackingEnabled: true }));
  assert.deepEqual(tracked.errors, []);
});

test('{{ profile.first_name }} alone renders empty for the blank profile and for recipients without it: refused, naming them', async () => {
  const v = await validate(await withContent([{ type: 'text', text: '{{ profile.first_name }}' }]));
  assert.deepEqual(v.errors.map(brief), [['content', 'content.messages[0].text', 'invalid_rendered_message']]);
  assert.equal(
    v.errors[0]!.message,
    'For the blank profile (and 3 more of the 6 profiles checked): after rendering (personalisation, UTM tags, tracked links), May not be empty (0)',
  );
  assert.equal(v.errors[0]!.params!.profilesFailing, 4);
  // with a default, the blank profile and c1…c3 are fine
  assert.deepEqual(
    (await validate(await withContent([{ type: 'text', text: '{{ profile.first_name | default: "friend" }}' }]))).errors,
    [],
  );
});

test('a sample recipient whose attribute makes the message too long is named by its customer key', async () => {
  const v = await validate(await withContent([{ type: 'text', text: 'Hi {{ profile.first_name | default: "you" }}, {{ profile.bio }}' }]));
  assert.deepEqual(v.errors.map(brief), [['content', 'content.messages[0].text', 'invalid_rendered_message']]);
  assert.equal(
    v.errors[0]!.message,
    'For sample recipient 5 of 5 (customer key long-bio): after rendering (personalisation, UTM tags, tracked links), Length must be between 0 and 5000 (5003)',
  );
  assert.deepEqual(
    pick(v.errors[0]!.params, ['rule', 'length', 'profile', 'sample', 'customerKey', 'profilesFailing', 'profilesChecked']),
    {
      rule: 'length',
      length: 5003,
      profile: 'sample',
      sample: 5,
      customerKey: 'long-bio',
      profilesFailing: 1,
      profilesChecked: 6,
    },
  );
});

test('a template over the render budget fails validation with the Liquid error, and launch refuses it (issue example)', async () => {
  const id = await withContent([{ type: 'text', text: '{% for a in (1..3000) %}{% for b in (1..3000) %}{% endfor %}{% endfor %}Hi' }]);
  const v = await validate(id);
  assert.deepEqual(v.errors.map(brief), [['content', 'content.messages[0].text', 'render_budget_exceeded']]);
  assert.match(
    v.errors[0]!.message,
    /^For the blank profile \(and 5 more of the 6 profiles checked\): render budget exceeded: over 50 ms \(Liquid: template render limit exceeded/,
  );
  assert.equal((await launch(id)).status, 422);
});

test('tracked links are counted at their longest for the real PUBLIC_BASE_URL: one character over is refused', async () => {
  // push (personalised): per-recipient tokens of up to 35 characters; the test app's base is http://127.0.0.1:3000
  const base = 'http://127.0.0.1:3000/c/';
  const text = (pad: number) => '{{ profile.x }}' + 'a'.repeat(pad) + ' https://example.com/sale';
  const fits = 5000 - 1 - (base.length + 35);
  assert.deepEqual((await validate(await withContent([{ type: 'text', text: text(fits) }]))).errors, []);
  const over = await validate(await withContent([{ type: 'text', text: text(fits + 1) }]));
  assert.deepEqual(over.errors.map(brief), [['content', 'content.messages[0].text', 'invalid_rendered_message']]);
  assert.match(over.errors[0]!.message, /tracked links\), Length must be between 0 and 5000 \(5001\)$/);
});

test('personalisation that could push a message over a limit is a warning (code and params), not an error', async () => {
  const id = await withContent([{ type: 'text', text: 'Hi {{ profile.first_name | default: "you" }} ' + 'x'.repeat(4900) }]);
  const v = await validate(id);
  assert.equal(v.valid, true, JSON.stringify(v.errors));
  const w = v.warnings.filter((x) => x.code === 'personalization_may_exceed_limit');
  assert.deepEqual(w.map(brief), [['content', 'content.messages[0].text', 'personalization_may_exceed_limit']]);
  assert.deepEqual(pick(w[0]!.params, ['rule', 'length', 'profile', 'attributes', 'probeLength']), {
    rule: 'length',
    length: 5004,
    profile: 'probe',
    attributes: 'first_name',
    probeLength: 100,
  });
  assert.match(
    w[0]!.message,
    /^Personalisation could break a LINE rule here: for a profile whose profile\.first_name is 100 characters long/,
  );
  assert.equal((await launch(id)).status, 200);
});

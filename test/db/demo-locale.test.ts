import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { demoLocale, seedDemo, seededDemoLocale } from '../../src/runtime/demo.ts';
import { attachSandboxAccount } from '../../src/runtime/sandbox.ts';
import { DEMO_DATA } from '../../src/runtime/demo-data.ts';
import { LOCALES } from '../../src/domain/locales.ts';
import { validateMessages, checkTemplates } from '../../src/domain/index.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const get = async (path: string) => (await t.app.inject({ method: 'GET', url: path, headers: t.auth() })).json();

test('the demo language comes from --demo-locale, else LC_ALL, LC_MESSAGES, LANG, else English', () => {
  assert.equal(demoLocale('th', { LANG: 'ja_JP.UTF-8' }), 'th');
  assert.equal(demoLocale(undefined, { LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(demoLocale(undefined, { LC_ALL: 'zh_TW.UTF-8', LANG: 'ja_JP.UTF-8' }), 'zh-TW');
  assert.equal(demoLocale(undefined, { LANG: 'C.UTF-8' }), 'en');
  assert.equal(demoLocale(undefined, {}), 'en');
  assert.throws(() => demoLocale('fr', {}), /en, ja, th, zh-TW/);
});

test('a Japanese first start: workspace, customers, segment and a sample campaign in Japanese, in Asia/Tokyo, ready to launch', async () => {
  const boot = { created: true, adminUserId: '', workspaceId: t.workspaceId, apiKey: null };
  await seedDemo(t.ctx, boot, 'ja');
  await seedDemo(t.ctx, boot, 'en'); // a later start never seeds again, in any language
  assert.equal(await seededDemoLocale(t.ctx), 'ja');
  await attachSandboxAccount(t.ctx, 'http://127.0.0.1:9', t.workspaceId, DEMO_DATA.ja.sandboxAccount);

  const ws = await get(`/api/v1/workspaces/${t.workspaceId}`);
  assert.deepEqual({ name: ws.name, timeZone: ws.timeZone }, { name: 'デモワークスペース', timeZone: 'Asia/Tokyo' });
  const parents = (await get(`/api/v1/workspaces/${t.workspaceId}/parent-segments`)).items;
  assert.deepEqual(
    parents.map((p: { name: string }) => p.name),
    ['デモ顧客'],
  );
  const profiles = (await get(`/api/v1/parent-segments/${parents[0].id}/profiles?limit=20`)).items as {
    attributes: Record<string, string>;
  }[];
  assert.ok(
    profiles.every((p) => /^\p{Script=Han}+$/u.test(p.attributes.last_name!)),
    JSON.stringify(profiles[0]),
  );
  assert.ok(profiles.some((p) => p.attributes.last_name === '髙橋'));
  const seg = (await get(`/api/v1/workspaces/${t.workspaceId}/segments`)).items[0];
  assert.equal(seg.name, 'ゴールド・プラチナ会員');
  const reach = await get(`/api/v1/workspaces/${t.workspaceId}/segments/${seg.id}/reach`);
  assert.equal(reach.profiles, 1500, 'ゴールド and プラチナ are half of the tiers');

  const campaigns = (await get(`/api/v1/workspaces/${t.workspaceId}/campaigns`)).items;
  assert.equal(campaigns.length, 1);
  const c = campaigns[0];
  assert.equal(c.name, '春のセール（サンプル）');
  assert.equal(c.state, 'Draft');
  assert.equal(c.schedule.timeZone, 'Asia/Tokyo');
  assert.match(c.content.messages[0].text, /様\n/);
  const accounts = (await get(`/api/v1/workspaces/${t.workspaceId}/line-accounts`)).items;
  assert.equal(accounts[0].name, 'サンドボックス（LINEエミュレーター）');
  assert.equal(c.content.lineAccountId, accounts[0].id, 'the sandbox sends the sample campaign');
  const v = (
    await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${t.workspaceId}/campaigns/${c.id}/validate`, headers: t.auth() })
  ).json();
  assert.deepEqual(v.errors, [], 'the sample campaign is ready to launch');
});

test("every language's sample campaign passes LINE's rules and the Liquid checks", () => {
  for (const l of LOCALES) {
    const messages = [{ type: 'text', text: DEMO_DATA[l].campaign.text }];
    assert.deepEqual([...validateMessages(messages), ...checkTemplates(messages)], [], l);
    assert.equal(new Set(DEMO_DATA[l].tiers).size, 4, l);
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { demoLineUserId } from '../../src/runtime/demo.ts';
import {
  ADMIN_EMAIL,
  ADMIN_KEY,
  ADMIN_PASSWORD,
  PNG_1x1,
  openBrowser,
  shot,
  signInAsAdmin,
  startLineEmulator,
  startServer,
  type BrowserSession,
  type Server,
} from './harness.ts';

let server: Server;
let emulator: RunningEmulator;
let b: BrowserSession;

before(async () => {
  emulator = await startLineEmulator();
  server = await startServer();
  b = await openBrowser();
  // The imagemap image lives on an outside https host; serve it locally so the preview shows an image.
  await b.page.route('https://cdn.example.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG_1x1 }));
});

after(async () => {
  // The last screen, for whoever reads a failure.
  if (b) await shot(b.page, 'zz-last').catch(() => undefined);
  await b?.close();
  await server?.stop();
  await emulator?.close();
});

/** A JSON GET on the server's API as the admin. */
async function api(path: string): Promise<unknown> {
  const r = await fetch(server.url + path, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

/** Opens a Mantine select by its label and picks an option. */
async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Waits for "Ready to launch"; if it never comes, the failure says which problems the server still sees. */
async function readyToLaunch(page: Page) {
  try {
    await page.getByTestId('validation-summary').filter({ hasText: 'Ready to launch' }).waitFor({ timeout: 30_000 });
  } catch (e) {
    const m = /\/w\/([^/]+)\/campaigns\/([^/]+)/.exec(page.url());
    const res =
      m &&
      (await fetch(`${server.url}/api/v1/workspaces/${m[1]}/campaigns/${m[2]}/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      }));
    const summary = await page
      .getByTestId('validation-summary')
      .textContent()
      .catch(() => null);
    throw new Error(`not ready to launch; the page says ${JSON.stringify(summary)}; the server: ${res ? await res.text() : page.url()}`, {
      cause: e,
    });
  }
}

test('a marketer creates a campaign through every tab, fixes an inline error, test-sends, launches, watches it finish and opens the report', async () => {
  const { page, errors } = b;
  page.setDefaultTimeout(60_000); // waits, not goals: room for a loaded machine

  // Sign in with the email and one-time password the first start printed, then choose a password.
  await signInAsAdmin(page, server);
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
  // Nothing secret is kept where a script could read it: the session is an HttpOnly cookie.
  const stored = String(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie'));
  assert.doesNotMatch(stored, /lc_|session|csrf|password/i);
  await shot(page, '01-campaigns-empty');

  // Configurations: a LINE account backed by the emulator, assigned to the demo workspace.
  await page.getByRole('link', { name: 'LINE accounts' }).click();
  await page.getByRole('button', { name: '+ Add LINE account' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('E2E LINE');
  await dialog.getByLabel('Channel ID').fill('1234567890');
  await dialog.getByLabel('Channel secret', { exact: true }).fill('e2e-channel-secret-0001');
  await dialog.getByLabel('Long-lived channel access token').fill('e2e-channel-access-token-0001');
  await dialog.getByLabel('API base URL').fill(emulator.url);
  // the emulator is not a LINE host: only an emulator account may send its credentials there
  await dialog.getByLabel('Emulator account (not LINE)').check();
  await dialog.getByRole('textbox', { name: 'Workspaces that may send from it' }).click();
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: /E2E LINE/ }).waitFor();
  await shot(page, '02-line-accounts');

  // New campaign dialog → campaign page.
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Winter sale (e2e)');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tab', { name: /Target Audience/ }).waitFor();

  // Target Audience.
  await pick(page, 'Target parent segment', /Demo customers/);
  await pick(page, 'Target segment', 'Gold and platinum members');
  await page.getByTestId('reach').waitFor();
  await shot(page, '03-tab-audience');

  // Campaign Content: account, a text with a Liquid variable, an imagemap with a wrong (http) base URL.
  await page.getByRole('tab', { name: /Campaign Content/ }).click();
  await pick(page, 'LINE OA configuration', 'E2E LINE');
  const add = page.getByRole('button', { name: '+ Add Message' });
  await add.click();
  await page.getByRole('menuitem', { name: 'Text' }).click();
  await page
    .getByLabel('Message 1 text')
    .fill('Hello {{ profile.first_name | default: "friend" }}!\nOur winter sale starts today: https://shop.example.com/sale');
  await add.click();
  await page.getByRole('menuitem', { name: 'Imagemap' }).click();
  await page.getByLabel('Message 2 image base URL').fill('http://cdn.example.com/imagemap/sale');
  await page.getByLabel('Alternative text').fill('Winter sale');
  // Draw a tap area on the image with the pointer.
  const canvas = page.getByTestId('imagemap-canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 10, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.getByLabel('Tap area 1 URL').fill('https://shop.example.com/coats');

  // The inline error on the field, and the count badge on the tab once the draft is saved and validated: exactly one
  // problem (the base URL), counted once the last edit is saved.
  await page.getByTestId('tab-errors-content').filter({ hasText: /^1$/ }).waitFor();
  const field = page.getByLabel('Message 2 image base URL');
  assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the base URL field is marked invalid');
  await shot(page, '04-tab-content-inline-error');

  // Fix it: the error and the badge go away.
  await page.getByLabel('Message 2 image base URL').fill('https://cdn.example.com/imagemap/sale');
  await page.getByTestId('tab-errors-content').waitFor({ state: 'detached' });
  await page.getByTestId('bubble-text').first().waitFor();
  await shot(page, '05-tab-content-preview');

  // Delivery Schedule, Activation, UTM Tracking.
  await page.getByRole('tab', { name: /Delivery Schedule/ }).click();
  await page.getByText('Recurring (to be supported)').waitFor();
  await shot(page, '06-tab-schedule');
  await page.getByRole('tab', { name: /Activation/ }).click();
  assert.equal(await page.getByLabel('Connector').inputValue(), 'LINE OA Messaging Streaming Output');
  await page.getByTestId('send-mode').waitFor();
  await shot(page, '07-tab-activation');
  // An edit followed at once by another tab, well inside the autosave delay: it is saved, not dropped.
  await page.getByLabel('Max attempts').fill('4');
  await page.getByRole('tab', { name: /UTM Tracking/ }).click();
  await page.getByRole('button', { name: 'Use the campaign ID as utm_campaign' }).click();
  await page.getByTestId('utm-example').filter({ hasText: 'utm_source=line' }).waitFor();
  await shot(page, '08-tab-utm');

  await readyToLaunch(page);
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
  await page.getByRole('tab', { name: /Activation/ }).click();
  assert.equal(await page.getByLabel('Max attempts').inputValue(), '4', 'the edit made just before leaving the tab was saved');
  await page.getByRole('tab', { name: /UTM Tracking/ }).click();

  // Test send to a follower of the demo audience.
  const tester = demoLineUserId(1);
  await page.getByRole('button', { name: 'Test send' }).click();
  await page.getByLabel('LINE user ID').fill(tester);
  await page.getByRole('button', { name: 'Send test' }).click();
  await page.getByTestId('test-send-results').getByText('accepted').waitFor();
  await shot(page, '09-test-send');
  const received = (await (await fetch(`${emulator.url}/_emulator/users/${tester}/messages`)).json()) as unknown;
  assert.ok(JSON.stringify(received).includes('winter sale'), 'the test recipient received the messages');
  await page.getByRole('button', { name: 'Close' }).click();

  // Launch and watch it finish without reloading.
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await page.getByTestId('confirm-action').click();
  await page.getByTestId('live-progress').waitFor();
  await shot(page, '10-active');
  await page.getByTestId('state-badge').filter({ hasText: 'Finished' }).waitFor({ timeout: 120_000 });
  await shot(page, '11-finished');

  // The report.
  await page.getByRole('link', { name: 'Report' }).click();
  await page.getByRole('heading', { name: /Report:/ }).waitFor();
  const accepted = Number((await page.getByTestId('report-accepted').textContent())!.replace(/\D/g, ''));
  // exactly the segment's recipients (following, with a LINE user ID), as the emulator counted them (plus the test)
  const ws = /\/w\/([^/]+)\//.exec(page.url())![1]!;
  const segs = (await api(`/api/v1/workspaces/${ws}/segments?limit=500`)) as { items: { id: string; name: string }[] };
  const gold = segs.items.find((x) => x.name === 'Gold and platinum members')!;
  const reach = (await api(`/api/v1/workspaces/${ws}/segments/${gold.id}/reach`)) as { following: number };
  assert.ok(reach.following > 0);
  assert.equal(accepted, reach.following, 'the report shows every recipient of the segment as accepted');
  const emu = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { recipientDeliveries: number };
  assert.equal(emu.recipientDeliveries, reach.following + 1, 'LINE got one delivery per recipient, and the test send');
  await shot(page, '12-report');

  // The workspace overview lists it with the same numbers and links back to the report.
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByTestId('overview-table').waitFor();
  await page.getByTestId('overview-chart').waitFor();
  const overviewAccepted = Number((await page.getByTestId('overview-accepted').first().textContent())!.replace(/\D/g, ''));
  assert.equal(overviewAccepted, accepted, "the overview shows the report's accepted count");
  await shot(page, '17-overview');
  await page.getByTestId('overview-table').getByRole('link').first().click();
  await page.getByRole('heading', { name: /Report:/ }).waitFor();

  assert.deepEqual(errors, [], 'no console errors');
});

test('segments: the rule builder counts reach live and saves; the configuration pages render', async () => {
  const { page, errors } = b;
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await page.getByRole('button', { name: '+ New segment' }).click();
  await page.getByLabel('Segment name').fill('Tokyo members');
  await page.getByRole('button', { name: '+ Condition' }).click();
  await page.getByRole('textbox', { name: 'Condition 1 attribute' }).fill('city');
  await page.getByRole('textbox', { name: 'Condition 1 value' }).fill('Tokyo');
  // 3,000 demo profiles spread over 7 cities: the live count drops well below the whole parent segment.
  const live = page
    .getByTestId('reach')
    .getByText(/^\d{3}$/)
    .first();
  await live.waitFor();
  const shown = Number(await live.textContent());
  await shot(page, '13-segment-rule-builder');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await page.getByRole('cell', { name: /Tokyo members/ }).waitFor();
  // the live count is the saved segment's exact reach
  const ws = /\/w\/([^/]+)\//.exec(page.url())![1]!;
  const segs = (await api(`/api/v1/workspaces/${ws}/segments?limit=500`)) as { items: { id: string; name: string }[] };
  const tokyo = segs.items.find((x) => x.name === 'Tokyo members')!;
  assert.equal(shown, ((await api(`/api/v1/workspaces/${ws}/segments/${tokyo.id}/reach`)) as { profiles: number }).profiles);

  for (const [link, heading, file] of [
    ['Parent segments', 'Parent segments', '14-parent-segments'],
    ['Users & API keys', 'Users & API keys', '15-users'],
    ['Workspaces', 'Workspaces', '16-workspaces'],
  ] as const) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading }).waitFor();
    await shot(page, file);
  }

  // Sign out ends the session on the server: the page is back at sign-in, and the old cookie opens nothing.
  const cookieBefore = (await b.context.cookies(server.url)).find((c) => c.name === 'linecast_session');
  assert.ok(cookieBefore?.httpOnly && cookieBefore.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const replay = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `linecast_session=${cookieBefore.value}` } });
  assert.equal(replay.status, 401, 'a copied cookie is dead after sign-out');
  // The one-time password is spent; the chosen one signs in.
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
  assert.deepEqual(errors, [], 'no console errors');
});

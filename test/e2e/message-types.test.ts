/**
 * The composer's message types in Chromium: a marketer uploads a PNG, a JPEG and an MP4 through the media library,
 * composes one campaign with an Image, a Video, a Sticker, a Flex card message and an Imagemap made from the
 * uploaded picture, sees each in the preview, validates, test-sends, and the emulator holds all five as sent. The
 * imagemap's five widths are fetched from the served URLs and measured. (Text, the sixth type, is composed, sent and
 * delivered by campaign-flow.test.ts.)
 *
 * LINE takes only https media URLs, so the server runs with an https PUBLIC_BASE_URL; the browser's requests to that
 * address are answered by the server itself (the address stands for the reverse proxy a real install has).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { demoLineUserId } from '../../src/runtime/demo.ts';
import { realMp4 } from '../helpers/video.ts';
import {
  ADMIN_KEY,
  PNG_1x1,
  openBrowser,
  shot,
  signInAsAdmin,
  startLineEmulator,
  startServer,
  type BrowserSession,
  type Server,
} from './harness.ts';

const PUBLIC = 'https://media.linecast-e2e.test';
const IMAGEMAP_WIDTHS = [240, 300, 460, 700, 1040];

let server: Server;
let emulator: RunningEmulator;
let b: BrowserSession;

/** The public address as the server answers it: the path under PUBLIC_BASE_URL on the server's own port. */
const local = (publicUrl: string) => server.url + publicUrl.slice(PUBLIC.length);

before(async () => {
  emulator = await startLineEmulator();
  server = await startServer({ env: { PUBLIC_BASE_URL: PUBLIC } });
  b = await openBrowser();
  await b.page.route(`${PUBLIC}/**`, async (route) =>
    route.fulfill({ response: await route.fetch({ url: local(route.request().url()) }) }),
  );
  // LINE's sticker CDN is outside this machine's reach; any picture stands in for the sticker.
  await b.page.route('https://stickershop.line-scdn.net/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PNG_1x1 }),
  );
});

after(async () => {
  if (b) await shot(b.page, 'mt-zz-last').catch(() => undefined);
  await b?.close();
  await server?.stop();
  await emulator?.close();
});

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** A picture of `width` × `height` in one colour. */
async function picture(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 6, g: 199, b: 85 } } })
    .toFormat(format)
    .toBuffer();
}

/** Uploads a file in the open media library modal; the upload is picked and the modal closes. */
async function uploadInLibrary(page: Page, kind: 'image' | 'video', file: { name: string; mimeType: string; buffer: Buffer }) {
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId(`media-file-${kind}`).setInputFiles(file);
  await dialog.waitFor({ state: 'detached' });
}

/** The loaded pixels of an <img> (the e2e runs without the DOM typings: the browser's element, read by its fields). */
type Img = { complete: boolean; naturalWidth: number };

/** True once an <img> has loaded real pixels (not a broken image). */
async function loaded(page: Page, testId: string): Promise<boolean> {
  const img = page.getByTestId('phone-preview').getByTestId(testId).first();
  await img.waitFor();
  await page.waitForFunction(
    (el) => !!el && (el as unknown as Img).complete && (el as unknown as Img).naturalWidth > 0,
    await img.elementHandle(),
  );
  return true;
}

test('one campaign with an image, a video, a sticker, a Flex message and an imagemap from the media library: preview, validate, test send', async () => {
  const { page, errors } = b;
  page.setDefaultTimeout(60_000);
  await signInAsAdmin(page, server);
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();

  // A LINE account backed by the emulator, as campaign-flow.test.ts adds it.
  await page.getByRole('link', { name: 'LINE accounts' }).click();
  await page.getByRole('button', { name: '+ Add LINE account' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('E2E LINE');
  await dialog.getByLabel('Channel ID').fill('1234567890');
  await dialog.getByLabel('Channel secret', { exact: true }).fill('e2e-channel-secret-0001');
  await dialog.getByLabel('Long-lived channel access token').fill('e2e-channel-access-token-0001');
  await dialog.getByLabel('API base URL').fill(emulator.url);
  await dialog.getByLabel('Emulator account (not LINE)').check();
  await dialog.getByRole('textbox', { name: 'Workspaces that may send from it' }).click();
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: /E2E LINE/ }).waitFor();

  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Every message type (e2e)');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tab', { name: /Target Audience/ }).waitFor();
  await pick(page, 'Target parent segment', /Demo customers/);
  await pick(page, 'Target segment', 'Gold and platinum members');
  await page.getByTestId('reach').waitFor();

  await page.getByRole('tab', { name: /Campaign Content/ }).click();
  await pick(page, 'LINE OA configuration', 'E2E LINE');
  const add = async (type: string) => {
    await page.getByRole('button', { name: '+ Add Message' }).click();
    await page.getByRole('menuitem', { name: type, exact: true }).click();
  };
  // The menu offers every type.
  await page.getByRole('button', { name: '+ Add Message' }).click();
  const offered = await page.getByRole('menuitem').allTextContents();
  assert.deepEqual(offered, ['Text', 'Image', 'Video', 'Sticker', 'Card message (Flex)', 'Imagemap']);
  await page.keyboard.press('Escape');

  // 1. Image: a file that is not a PNG is refused with the server's coded reason; then a real PNG is uploaded and used.
  const png = await picture(1040, 520, 'png');
  await add('Image');
  await page.getByRole('button', { name: 'Choose from media library' }).click();
  await page
    .getByRole('dialog')
    .getByTestId('media-file-image')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  const refusal = page.getByTestId('media-upload-error');
  await refusal.waitFor();
  assert.match((await refusal.textContent())!, /notes\.png was not uploaded/);
  await shot(page, 'mt-01-upload-refused');
  await uploadInLibrary(page, 'image', { name: 'coats.png', mimeType: 'image/png', buffer: png });
  const imageUrl = await page.getByLabel('Message 1 image URL', { exact: true }).inputValue();
  assert.match(imageUrl, new RegExp(`^${PUBLIC}/m/[0-9a-f]{64}/original$`));
  assert.equal(
    await page.getByLabel('Message 1 preview image URL', { exact: true }).inputValue(),
    imageUrl.replace(/original$/, 'preview'),
  );

  // 2. Video: an MP4 uploaded, and a JPEG uploaded as the picture shown before it plays; an optional tracking ID.
  await add('Video');
  await page.getByRole('button', { name: 'Choose video (MP4)' }).click();
  await uploadInLibrary(page, 'video', { name: 'spot.mp4', mimeType: 'video/mp4', buffer: realMp4() });
  assert.match(await page.getByLabel('Message 2 video URL', { exact: true }).inputValue(), /\/m\/[0-9a-f]{64}\/original$/);
  await page.getByRole('button', { name: 'Choose preview image' }).click();
  await uploadInLibrary(page, 'image', { name: 'spot.jpg', mimeType: 'image/jpeg', buffer: await picture(640, 360, 'jpeg') });
  await page.getByLabel('Message 2 tracking ID (optional)', { exact: true }).fill('winter-spot');

  // 3. Sticker from the list a bot may send.
  await add('Sticker');
  await page.getByRole('button', { name: 'Choose sticker' }).click();
  await page.getByRole('dialog').getByTestId('sticker-option').first().click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  const chosen = (await page.getByTestId('sticker-chosen').textContent())!;
  const [, packageId, stickerId] = /Package (\d+), sticker (\d+)/.exec(chosen)!;

  // 4. Flex: a message pasted as JSON (what LINE's Flex Message Simulator exports, wrapped with its alt text).
  await add('Card message (Flex)');
  const flex = {
    type: 'flex',
    altText: 'Winter coats are here',
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        contents: [
          { type: 'text', text: 'Winter coats', weight: 'bold', size: 'xl' },
          { type: 'button', style: 'primary', action: { type: 'uri', label: 'Shop now', uri: 'https://shop.example.com/coats' } },
        ],
      },
    },
  };
  const flexCard = page.getByTestId('message-card').nth(3);
  const json = flexCard.getByTestId('flex-json');
  // A new Flex message may open in the card editor; its JSON mode holds the input.
  if (!(await json.isVisible())) await flexCard.getByText('JSON', { exact: true }).click();
  await json.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(flex));

  // 5. Imagemap from the uploaded PNG: base URL and height from the library, one tap area.
  await add('Imagemap');
  const card = page.getByTestId('message-card').nth(4);
  await card.getByRole('button', { name: 'Choose image from media library' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Use PNG file 1040 × 520 px/ })
    .click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  const baseUrl = await page.getByLabel('Message 5 image base URL', { exact: true }).inputValue();
  assert.equal(baseUrl, imageUrl.replace(/original$/, 'imagemap'));
  assert.equal(await card.getByLabel('Image height (at width 1040)').inputValue(), '520', 'the height follows the picture (1040 × 520)');
  await card.getByLabel('Alternative text').fill('Winter sale');
  await card.getByRole('button', { name: '+ Add tap area' }).click();
  await page.getByLabel('Tap area 1 URL').fill('https://shop.example.com/sale');

  // The preview shows each as LINE does, with the served pictures loaded.
  assert.ok(await loaded(page, 'bubble-image-picture'));
  assert.ok(await loaded(page, 'bubble-video-picture'));
  await page.getByTestId('phone-preview').getByTestId('play-mark').waitFor();
  const sticker = page.getByTestId('phone-preview').getByTestId('bubble-sticker');
  assert.equal(await sticker.getAttribute('data-sticker'), stickerId);
  assert.ok(await sticker.locator('img').evaluate((el) => (el as unknown as Img).complete && (el as unknown as Img).naturalWidth > 0));
  await page.getByTestId('phone-preview').getByTestId('bubble-flex').waitFor();
  const imagemapImg = page.getByTestId('phone-preview').getByTestId('bubble-imagemap').locator('img');
  assert.equal(await imagemapImg.getAttribute('src'), `${baseUrl}/1040`);
  await page.waitForFunction((el) => !!el && (el as unknown as Img).naturalWidth === 1040, await imagemapImg.elementHandle());
  await shot(page, 'mt-02-composed-preview');

  // Validation: no problem left on any tab.
  await page.getByTestId('validation-summary').filter({ hasText: 'Ready to launch' }).waitFor();
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();

  // Test send: the emulator holds the five messages as composed.
  const tester = demoLineUserId(1);
  await page.getByRole('button', { name: 'Test send' }).click();
  await page.getByLabel('LINE user ID').fill(tester);
  await page.getByRole('button', { name: 'Send test' }).click();
  await page.getByTestId('test-send-results').getByText('accepted').waitFor();
  await shot(page, 'mt-03-test-send');
  const got = (await (await fetch(`${emulator.url}/_emulator/users/${tester}/messages`)).json()) as {
    deliveries: { messages: Record<string, unknown>[] }[];
  };
  const sent = got.deliveries.at(-1)!.messages;
  assert.deepEqual(
    sent.map((m) => m.type),
    ['image', 'video', 'sticker', 'flex', 'imagemap'],
  );
  assert.equal(sent[0]!.originalContentUrl, imageUrl, 'media URLs are sent as they are (never tagged)');
  assert.equal(sent[1]!.trackingId, 'winter-spot');
  assert.deepEqual([sent[2]!.packageId, sent[2]!.stickerId], [packageId, stickerId]);
  assert.equal(sent[3]!.altText, 'Winter coats are here');
  assert.equal(sent[4]!.baseUrl, baseUrl);
  await page.getByRole('button', { name: 'Close' }).click();

  // Every URL in the sent messages is served, with the right type; the imagemap at the five widths LINE requests.
  for (const u of [sent[0]!.originalContentUrl, sent[0]!.previewImageUrl, sent[1]!.originalContentUrl, sent[1]!.previewImageUrl]) {
    const r = await fetch(local(String(u)));
    assert.equal(r.status, 200, String(u));
    assert.match(r.headers.get('content-type')!, /^(image\/(png|jpeg)|video\/mp4)/);
  }
  for (const w of IMAGEMAP_WIDTHS) {
    const r = await fetch(local(`${baseUrl}/${w}`));
    assert.equal(r.status, 200, `imagemap width ${w}`);
    assert.equal(r.headers.get('content-type'), 'image/png');
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    assert.equal(meta.width, w, `baseUrl/${w} is ${w} px wide`);
    assert.equal(meta.height, w / 2, `baseUrl/${w} keeps the picture's proportions`);
  }

  // The library lists the three uploads (the refused file is not among them).
  const ws = /\/w\/([^/]+)\//.exec(page.url())![1]!;
  const lib = (await (
    await fetch(`${server.url}/api/v1/workspaces/${ws}/media`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  ).json()) as {
    items: { contentType: string }[];
  };
  assert.deepEqual(lib.items.map((m) => m.contentType).sort(), ['image/jpeg', 'image/png', 'video/mp4']);

  assert.deepEqual(errors, [], 'no console errors');
});

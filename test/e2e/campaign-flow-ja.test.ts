/**
 * The campaign flow once in Japanese: a browser set to ja-JP (Asia/Tokyo) against a server whose demo was seeded in
 * Japanese. A marketer creates a campaign, previews it, schedules it, unschedules, launches, and reads the report;
 * on every page the visible text must hold no English left from the UI (the English catalogue's phrases, or any two
 * English words in a row outside user data and code). Screenshots of each tab: test-results/screenshots/ja-*.png, or
 * docs/ui/ with LINECAST_UPDATE_DOCS=1 (see docs/ui.md).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ISSUE_TEXT } from '../../src/domain/issues.ts';
import { demoLineUserId } from '../../src/runtime/demo.ts';
import {
  ADMIN_EMAIL,
  ADMIN_KEY,
  ADMIN_PASSWORD,
  PNG_1x1,
  openBrowser,
  repo,
  screenshotDir,
  startServer,
  type BrowserSession,
  type Server,
} from './harness.ts';

let server: Server;
let b: BrowserSession;
// The pictures in docs/ui.md are refreshed with LINECAST_UPDATE_DOCS=1; ordinary runs keep theirs with the others.
const docsDir = process.env.LINECAST_UPDATE_DOCS === '1' ? path.join(repo, 'docs', 'ui') : screenshotDir;

before(async () => {
  server = await startServer({ demoLocale: 'ja' });
  b = await openBrowser({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await b.page.route('https://cdn.example.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG_1x1 }));
});

after(async () => {
  await b?.close();
  await server?.stop();
});

/** The screenshot for docs/ui.md (the visible window, which is what a reader of the docs needs). */
async function docShot(page: Page, name: string) {
  fs.mkdirSync(docsDir, { recursive: true });
  await page.waitForTimeout(300); // let transitions settle so the picture is steady
  await page.screenshot({ path: path.join(docsDir, `ja-${name}.png`) });
}

/** English phrases of the UI: the English catalogue and the server's issue templates, cut at their placeholders. */
function englishPhrases(): string[] {
  const en = JSON.parse(fs.readFileSync(path.join(repo, 'web/src/i18n/locales/en.json'), 'utf8')) as object;
  const values: string[] = [...Object.values(ISSUE_TEXT)];
  const walk = (o: object) => Object.values(o).forEach((v) => (typeof v === 'string' ? values.push(v) : walk(v as object)));
  walk(en);
  const phrases = new Set<string>();
  for (const v of values)
    for (const part of v.split(/\{\{[^}]+\}\}|<\/?\w+>/)) {
      const p = part.trim().replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
      // A phrase is two words or one long word; names stay as they are in every language.
      if (
        (/[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(p) || /^[A-Za-z]{6,}$/.test(p)) &&
        !/^(LINE|Linecast|Liquid|Shift_JIS|Official Account)$/.test(p)
      )
        phrases.add(p);
    }
  return [...phrases];
}
const PHRASES = englishPhrases();

/** What the page says to a reader: text, labels, placeholders and titles — not what the marketer typed, not style. */
async function visibleText(page: Page): Promise<string> {
  // Runs in the browser (a string, since the server's TypeScript settings have no DOM types).
  return page.evaluate(`(() => {
    let out = '';
    const walk = (n) => {
      if (n.nodeType === Node.TEXT_NODE) out += ' ' + n.textContent;
      if (!(n instanceof Element)) return;
      if (['STYLE', 'SCRIPT', 'TEXTAREA', 'NOSCRIPT'].includes(n.tagName)) return;
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden') return;
      for (const a of ['aria-label', 'placeholder', 'title']) if (n.getAttribute(a)) out += ' ' + n.getAttribute(a);
      n.childNodes.forEach(walk);
    };
    walk(document.body);
    return out;
  })()`);
}

/** Fails when the page shows an English phrase of the UI, or two English words in a row that are not data or code. */
async function noEnglish(page: Page, where: string) {
  const text = await visibleText(page);
  const leftovers = PHRASES.filter((p) => text.includes(p));
  // Outside URLs, Liquid, emails, zone names and code-like tokens, two English words in a row are a leftover too.
  const scrubbed = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\{\{[^}]*\}\}|\{%[^%]*%\}/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ')
    .replace(/\b(LINE Official Account|LINE OA Messaging Streaming Output|Always-On|Shift_JIS|UTF-8)\b/g, ' ')
    // UTM parameter names and their default values (utm_source=line, utm_medium=social) are data.
    .replace(/\butm_\w+|\b(line|social)\b/g, ' ');
  // Acronyms (URL, HTTPS, CSV, API…) next to each other are not English sentences.
  const pairs = [...scrubbed.matchAll(/\b[A-Za-z]{2,}\s+[A-Za-z]{3,}\b/g)]
    .map((m) => m[0])
    .filter((m) => !/^[A-Z0-9]+\s+[A-Z0-9]+$/.test(m) && !/^(LINE|JST|GMT|UTC|UTM)\b/.test(m));
  assert.deepEqual([...leftovers, ...pairs], [], `English left on ${where}`);
}

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

test('a Japanese marketer creates, previews, schedules, launches and reads the report of a campaign without meeting English', async () => {
  const { page, errors } = b;
  page.setDefaultTimeout(60_000); // waits, not goals: room for a loaded machine

  // The sign-in page follows the browser's language.
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Linecastにログイン' }).waitFor();
  await noEnglish(page, 'the sign-in page');
  // The email and one-time password the first start printed, then a password of one's own: all in Japanese.
  await page.getByLabel('メールアドレス').fill(ADMIN_EMAIL);
  await page.getByLabel(/^パスワード\s*\*?$/).fill(server.firstPassword());
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('heading', { name: 'パスワードを設定してください' }).waitFor();
  await noEnglish(page, 'the choose-a-password page');
  await page.getByLabel('現在のパスワード').fill(server.firstPassword());
  await page.getByLabel(/^新しいパスワード\s*\*?$/).fill(ADMIN_PASSWORD);
  await page.getByLabel('新しいパスワード（確認）').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '保存して続ける' }).click();

  // The campaign list, with the demo's Japanese sample campaign.
  await page.getByRole('heading', { name: 'キャンペーン' }).waitFor();
  await page.getByRole('link', { name: '春のセール（サンプル）' }).waitFor();
  await noEnglish(page, 'the campaign list');
  await docShot(page, '01-campaigns');

  // Create a campaign.
  await page.getByRole('button', { name: '＋ キャンペーンを作成' }).click();
  await noEnglish(page, 'the new campaign dialog');
  await page.getByLabel('キャンペーン名').fill('冬のセール');
  await page.getByRole('button', { name: '作成', exact: true }).click();
  await page.getByRole('tab', { name: /配信先/ }).waitFor();

  // 配信先: the demo's parent segment and segment, and their reach.
  await pick(page, '配信対象の親セグメント', /デモ顧客/);
  await pick(page, '配信対象のセグメント', 'ゴールド・プラチナ会員');
  await page.getByTestId('reach').waitFor();
  await noEnglish(page, 'the audience tab');
  await docShot(page, '02-tab-audience');

  // メッセージ: the sandbox account, a Japanese text with Liquid and an emoji, and a rich message.
  await page.getByRole('tab', { name: /メッセージ/ }).click();
  await pick(page, '配信元のLINE公式アカウント', /サンドボックス/);
  const add = page.getByRole('button', { name: '＋ メッセージを追加' });
  await add.click();
  await page.getByRole('menuitem', { name: 'テキスト' }).click();
  const text = '{{ profile.last_name | default: "お客" }}様\n冬のセールを本日より開催中です⛄\nhttps://shop.example.com/sale';
  await page.getByLabel('メッセージ1のテキスト').fill(text);
  await page
    .getByTestId('char-counter')
    .first()
    .filter({ hasText: `${text.length} / 5,000` })
    .waitFor();
  // The preview renders Liquid for the blank profile: the default お客.
  await page.getByTestId('bubble-text').filter({ hasText: 'お客様' }).waitFor();
  await add.click();
  await page.getByRole('menuitem', { name: 'リッチメッセージ' }).click();
  await page.getByLabel('メッセージ2の画像ベースURL').fill('http://cdn.example.com/imagemap/winter');
  await page.getByLabel('代替テキスト').fill('冬のセール');
  const canvas = page.getByTestId('imagemap-canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 10, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.getByLabel('タップ領域1のURL').fill('https://shop.example.com/coats');
  // An http image URL: the problem in Japanese, inline on the field.
  await page.getByText('HTTPSのURLを入力してください').first().waitFor();
  await noEnglish(page, 'the content tab with an error');
  await docShot(page, '03-tab-content-error');
  await page.getByLabel('メッセージ2の画像ベースURL').fill('https://cdn.example.com/imagemap/winter');
  await page.getByTestId('tab-errors-content').waitFor({ state: 'detached' });
  // Preview as a sample customer: the Japanese surname rendered by Liquid.
  await page.getByRole('textbox', { name: 'プレビューの表示', exact: true }).click();
  await page.getByRole('option').nth(1).click();
  await page
    .getByTestId('bubble-text')
    .filter({ hasText: /^\p{Script=Han}+様/u })
    .waitFor();
  await noEnglish(page, 'the content tab with its preview');
  await docShot(page, '04-tab-content-preview');

  // 配信日時: a reservation for the 15th of next month at 10:30, in the workspace's zone.
  await page.getByRole('tab', { name: /配信日時/ }).click();
  await page.getByText('予約配信', { exact: true }).click();
  await page.getByRole('button', { name: '配信日', exact: true }).click();
  await page.getByRole('button', { name: '翌月' }).click();
  await page.getByRole('button', { name: /^15 / }).click();
  await page.getByLabel('配信時刻').fill('10:30');
  await page.getByTestId('schedule-converted').filter({ hasText: '10:30' }).waitFor();
  await page.getByTestId('tab-errors-schedule').waitFor({ state: 'detached' });
  assert.equal(
    await page
      .getByRole('textbox', { name: 'タイムゾーン', exact: true })
      .inputValue()
      .then((v) => v.startsWith('Asia/Tokyo')),
    true,
    'the workspace zone is the default',
  );
  await noEnglish(page, 'the schedule tab');
  await docShot(page, '05-tab-schedule');

  await page.getByRole('tab', { name: /配信設定/ }).click();
  await page.getByTestId('send-mode').waitFor();
  await noEnglish(page, 'the activation tab');
  await docShot(page, '06-tab-activation');

  await page.getByRole('tab', { name: /UTMパラメータ/ }).click();
  await page.getByRole('button', { name: 'キャンペーンIDをutm_campaignにする' }).click();
  await page.getByTestId('utm-example').filter({ hasText: 'utm_source=line' }).waitFor();
  await noEnglish(page, 'the UTM tab');
  await docShot(page, '07-tab-utm');

  // Test send to a demo customer: the Japanese text arrives intact, rendered for that customer.
  await page.getByTestId('validation-summary').filter({ hasText: '配信できます' }).waitFor();
  await page.getByRole('button', { name: 'テスト配信', exact: true }).click();
  await page.getByLabel('LINEユーザーID').fill(demoLineUserId(1));
  await page.getByRole('button', { name: 'テスト配信する' }).click();
  await page.getByTestId('test-send-results').getByText('受付済み').waitFor();
  await noEnglish(page, 'the test send dialog');
  await docShot(page, '08-test-send');
  const accounts = (await (
    await fetch(`${server.url}/api/v1/line-accounts`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  ).json()) as { items: { apiBaseUrl: string; isSandbox: boolean }[] };
  const sandbox = accounts.items.find((a) => a.isSandbox)!.apiBaseUrl;
  const received = JSON.stringify(await (await fetch(`${sandbox}/_emulator/users/${demoLineUserId(1)}/messages`)).json());
  assert.match(received, /\p{Script=Han}+様\\n冬のセールを本日より開催中です⛄/u, received.slice(0, 300));
  await page.getByRole('button', { name: '閉じる' }).click();

  // Reserve it, then take the reservation back to send now.
  await page.getByRole('button', { name: '配信を予約', exact: true }).click();
  await noEnglish(page, 'the schedule confirmation');
  await page.getByTestId('confirm-action').click();
  await page.getByTestId('state-badge').filter({ hasText: '配信予約済み' }).waitFor();
  await noEnglish(page, 'a planned campaign');
  await page.getByRole('button', { name: '予約を取り消して編集' }).click();
  await page.getByTestId('state-badge').filter({ hasText: '下書き' }).waitFor();
  await page.getByRole('tab', { name: /配信日時/ }).click();
  await page.getByText('今すぐ配信', { exact: true }).click();
  await page.getByTestId('validation-summary').filter({ hasText: '配信できます' }).waitFor();
  await page.getByRole('button', { name: '配信する', exact: true }).click();
  await noEnglish(page, 'the launch confirmation');
  await docShot(page, '09-confirm-launch');
  await page.getByTestId('confirm-action').click();
  await page.getByTestId('state-badge').filter({ hasText: '配信完了' }).waitFor({ timeout: 120_000 });
  await noEnglish(page, 'a finished campaign');

  // The report: numbers and times in Japanese, times in the workspace zone, stated.
  await page.getByRole('link', { name: 'レポート', exact: true }).click();
  await page.getByRole('heading', { name: /レポート：冬のセール/ }).waitFor();
  await page
    .getByTestId('report-times')
    .filter({ hasText: /Asia\/Tokyo \(日本標準時\)/ })
    .waitFor();
  const accepted = Number((await page.getByTestId('report-accepted').textContent())!.replace(/\D/g, ''));
  assert.ok(accepted > 0, `the report shows accepted sends, got ${accepted}`);
  await page.getByTestId('report-chart').waitFor();
  await noEnglish(page, 'the report');
  await docShot(page, '10-report');

  await page.getByRole('link', { name: '概要', exact: true }).click();
  await page.getByTestId('overview-table').waitFor();
  await noEnglish(page, 'the overview');
  await docShot(page, '11-overview');

  assert.deepEqual(errors, [], 'no console errors');
});

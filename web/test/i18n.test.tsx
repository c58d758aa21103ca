import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n, { setLocale } from '../src/i18n/index.ts';
import { catalogues } from '../src/i18n/index.ts';
import { coded } from '../../src/domain/issues.ts';
import { renderCampaignPage, renderUi, stubFetch } from './render.tsx';
import { SessionProvider } from '../src/app/session.tsx';
import { Shell } from '../src/app/Shell.tsx';
import { WS, me } from './fixtures.ts';

// What the server answers for a draft with a problem on three tabs: codes + params beside the English message.
const validation = {
  valid: false,
  errors: [
    { tab: 'audience', path: 'audience.parentSegmentId', ...coded('audience_parent_required') },
    { tab: 'content', path: 'content.lineAccountId', ...coded('content_account_required') },
    { tab: 'schedule', path: 'schedule.at', ...coded('schedule_past', { at: '2020-01-01T09:00', timeZone: 'Asia/Tokyo' }) },
  ],
  warnings: [],
  quota: { recipients: 1234, limit: 5000, used: 10, remaining: 4990, share: 0.25 },
};

/** Every English catalogue value with letters, as text a page must not show in another language. */
function englishTexts(): string[] {
  const out: string[] = [];
  const walk = (o: object) => {
    for (const v of Object.values(o)) {
      if (typeof v === 'string') {
        const plain = v.replace(/\{\{[^}]+\}\}|<\/?\w+>/g, ' ').trim();
        // Two words, or one long word: short tokens (line, push) are also data the page shows, like utm_source=line.
        const phrase = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(plain) || /^[A-Za-z]{6,}$/.test(plain);
        if (phrase && !/^(LINE|UTF-8|Shift_JIS|Linecast|Liquid)$/.test(plain) && !/^profile\./.test(plain)) out.push(plain);
      } else walk(v as object);
    }
  };
  walk(catalogues.en);
  return out;
}

/** The page's text as a reader sees it: not style sheets, and not what the marketer typed into fields. */
function visibleText(root: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += ` ${n.textContent}`;
    if (n instanceof Element && ['STYLE', 'SCRIPT', 'TEXTAREA'].includes(n.tagName)) return;
    if (n instanceof Element) for (const a of ['aria-label', 'placeholder', 'title']) if (n.getAttribute(a)) out += ` ${n.getAttribute(a)}`;
    n.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}

describe('the campaign page in Japanese', () => {
  beforeEach(() => {
    localStorage.clear();
    setLocale('ja');
  });
  afterEach(() => setLocale('en'));

  it('names tabs, states and problems in Japanese, from the server codes, with no English left', async () => {
    renderCampaignPage([{ type: 'text', text: '{{ profile.last_name | default: "お客" }}様 🍎 สวัสดี' }], validation, 'content');
    expect(await screen.findByRole('tab', { name: /配信先/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /メッセージ/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /配信日時/ })).toBeInTheDocument();
    expect(screen.getByTestId('state-badge')).toHaveTextContent('下書き');
    expect(await screen.findByText('配信元のLINE公式アカウントを選択してください')).toBeInTheDocument();
    expect(screen.getByTestId('validation-summary')).toHaveTextContent('配信前に修正が必要な項目：3件');
    expect(screen.getAllByLabelText('エラー1件')).toHaveLength(3);
    // Numbers in the language's form; the quota meter reads the counts.
    expect(screen.getByTestId('quota')).toHaveTextContent('配信先 1,234人');
    // LINE counts the text in UTF-16 units: 🍎 is 2; a Thai word is one unit per mark.
    const text = '{{ profile.last_name | default: "お客" }}様 🍎 สวัสดี';
    expect(screen.getByTestId('char-counter')).toHaveTextContent(`${text.length} / 5,000`);

    const shown = visibleText(document.body);
    const leftovers = englishTexts().filter((e) => shown.includes(e));
    expect(leftovers).toEqual([]);
  });

  it('shows a schedule problem with its parameters in Japanese on the schedule tab', async () => {
    renderCampaignPage([{ type: 'text', text: 'こんにちは' }], validation, 'schedule');
    expect(await screen.findByText('2020-01-01T09:00（Asia/Tokyo）は過去の日時です。これから先の日時を指定してください')).toBeInTheDocument();
  });

  it('validates a typed message in the browser and says what is wrong in Japanese, before the server answers', async () => {
    renderCampaignPage([{ type: 'text', text: 'x' }], { ...validation, errors: [] }, 'content');
    const box = await screen.findByLabelText('メッセージ1のテキスト');
    fireEvent.change(box, { target: { value: 'こんにちは {{ secret.code }}' } });
    expect(await screen.findByText(/不明な変数「secret.code」です/)).toBeInTheDocument();
  });
});

describe('the campaign page in Thai and Traditional Chinese', () => {
  afterEach(() => setLocale('en'));
  for (const [locale, tab, problem] of [
    ['th', 'กลุ่มเป้าหมาย', 'โปรดเลือกบัญชี LINE OA ที่ใช้ส่ง'],
    ['zh-TW', '目標受眾', '請選擇用來傳送的 LINE 官方帳號'],
  ] as const) {
    it(`${locale}: tabs and problems in the language, no English left on any tab`, async () => {
      localStorage.clear();
      setLocale(locale);
      renderCampaignPage([{ type: 'text', text: 'x' }], validation, 'content');
      expect(await screen.findByRole('tab', { name: new RegExp(tab) })).toBeInTheDocument();
      expect(await screen.findByText(problem)).toBeInTheDocument();
      for (const name of ['audience', 'schedule', 'activation', 'utm', 'content'] as const) {
        fireEvent.click(screen.getByRole('tab', { name: new RegExp(catalogues[locale].tabs[name]) }));
        await screen.findByRole('tabpanel');
        const leftovers = englishTexts().filter((e) => visibleText(document.body).includes(e));
        expect(leftovers, `${locale} ${name}`).toEqual([]);
      }
    });
  }
});

describe('the language menu', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => setLocale('en'));

  it('switches the UI at once and saves the choice on the user', async () => {
    const calls = stubFetch({ 'GET /api/v1/me': me(), [`PATCH /api/v1/users/${me().user.id}`]: { ...me().user, locale: 'zh-TW' } });
    localStorage.setItem('linecast.apiKey', 'lc_test');
    renderUi(
      <SessionProvider>
        <Shell />
      </SessionProvider>,
      { route: `/w/${WS}/campaigns` },
    );
    expect(await screen.findByRole('link', { name: 'Campaigns' })).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('language-switcher'));
    fireEvent.click(await screen.findByRole('option', { name: '繁體中文', hidden: true }));
    expect(await screen.findByRole('link', { name: '行銷活動' })).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH' && c.path === `/api/v1/users/${me().user.id}` && (c.body as { locale?: string }).locale === 'zh-TW')).toBe(true));
    expect(localStorage.getItem('linecast.locale')).toBe('zh-TW');
    expect(document.documentElement.lang).toBe('zh-TW');
  });

  it('follows the language stored on the user when they sign in', async () => {
    stubFetch({ 'GET /api/v1/me': { ...me(), user: { ...me().user, locale: 'th' } } });
    localStorage.setItem('linecast.apiKey', 'lc_test');
    renderUi(
      <SessionProvider>
        <Shell />
      </SessionProvider>,
      { route: `/w/${WS}/campaigns` },
    );
    const nav = await screen.findByRole('navigation');
    expect(await within(nav).findByText('แคมเปญ')).toBeInTheDocument();
    expect(i18n.language).toBe('th');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import i18n, { setLocale } from '../src/i18n/index.ts';
import { catalogues } from '../src/i18n/index.ts';
import { coded } from '../../src/domain/issues.ts';
import { renderCampaignPage, renderUi, stubFetch } from './render.tsx';
import { SessionProvider } from '../src/app/session.tsx';
import { Shell } from '../src/app/Shell.tsx';
import { App, makeQueryClient } from '../src/app/App.tsx';
import { LineAccountsPage } from '../src/config/LineAccountsPage.tsx';
import { issueText } from '../src/i18n/issues.ts';
import { WS, me, session } from './fixtures.ts';

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
    expect(
      await screen.findByText('2020-01-01T09:00（Asia/Tokyo）は過去の日時です。これから先の日時を指定してください'),
    ).toBeInTheDocument();
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
    const calls = stubFetch({
      'GET /api/v1/session': session(),
      [`PATCH /api/v1/users/${me().user.id}`]: { ...me().user, locale: 'zh-TW' },
    });
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
    await waitFor(() =>
      expect(
        calls.some(
          (c) => c.method === 'PATCH' && c.path === `/api/v1/users/${me().user.id}` && (c.body as { locale?: string }).locale === 'zh-TW',
        ),
      ).toBe(true),
    );
    expect(localStorage.getItem('linecast.locale')).toBe('zh-TW');
    expect(document.documentElement.lang).toBe('zh-TW');
  });

  it('follows the language stored on the user when they sign in', async () => {
    stubFetch({ 'GET /api/v1/session': session({ user: { ...me().user, locale: 'th' } }) });
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

/** A server whose answers the test controls, by "METHOD path"; each handler returns [status, body]. Others: an empty page. */
function answering(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname, body });
    const hit = routes[`${method} ${url.pathname}`];
    const [status, data] = hit ? hit(body) : [200, { items: [], nextCursor: null }];
    return new Response(status === 204 ? null : JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return calls;
}

const noEnglish = (root: Node = document.body) => englishTexts().filter((e) => visibleText(root).includes(e));

describe('signing in and passwords in Japanese', () => {
  beforeEach(() => {
    localStorage.clear();
    setLocale('ja');
    window.history.pushState({}, '', '/');
  });
  afterEach(() => setLocale('en'));

  it('the sign-in page, a wrong password and the one-time password page speak Japanese, the password rule too', async () => {
    answering({
      'GET /api/v1/session': () => [401, { error: { code: 'unauthorized', message: 'Sign in' } }],
      'POST /api/v1/session': (b) =>
        (b as { password: string }).password === 'one-time-password-1'
          ? [200, { ...session({ passwordMustChange: true }), user: { ...me().user, locale: 'ja' } }]
          : [401, { error: { code: 'invalid_credentials', message: 'The email or the password is wrong' } }],
    });
    render(<App client={makeQueryClient()} />);
    fireEvent.change(await screen.findByLabelText(/^メールアドレス/), { target: { value: 'm@example.com' } });
    fireEvent.change(screen.getByLabelText(/^パスワード/), { target: { value: 'wrong' } });
    expect(noEnglish()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('メールアドレスまたはパスワードが正しくありません。');

    fireEvent.change(screen.getByLabelText(/^パスワード/), { target: { value: 'one-time-password-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    await screen.findByRole('heading', { name: 'パスワードを設定してください' });
    fireEvent.change(screen.getByLabelText(/^新しいパスワード\s*\*?$/), { target: { value: 'short' } });
    expect(await screen.findByText('12文字以上で入力してください', { selector: '.mantine-InputWrapper-error' })).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^新しいパスワード（確認）/), { target: { value: 'other' } });
    expect(await screen.findByText('確認用のパスワードが一致しません')).toBeInTheDocument();
    expect(noEnglish()).toEqual([]);
  });
});

describe('LINE accounts in Thai', () => {
  beforeEach(() => {
    localStorage.clear();
    setLocale('th');
  });
  afterEach(() => setLocale('en'));

  it("says the rate caps, the token rule and the server's host refusal in Thai, with no English left", async () => {
    const emulator = {
      id: '55555555-5555-4555-8555-555555555555',
      name: 'Dev',
      channelId: '1650000001',
      channelSecretLast4: '0003',
      channelAccessTokenLast4: null,
      tokenMode: 'stateless',
      apiBaseUrl: 'http://127.0.0.1:9000',
      pushPerSecond: 5000,
      multicastPerSecond: 500,
      isSandbox: false,
      isEmulator: true,
      workspaceIds: [],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const calls = answering({
      'GET /api/v1/line-accounts': () => [200, { items: [emulator], nextCursor: null }],
      'POST /api/v1/line-accounts': () => [
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'x',
            details: [
              {
                path: 'apiBaseUrl',
                message: 'http://10.0.0.1 is not a LINE API host (api.line.me, api-data.line.me); credentials are only sent to LINE.',
              },
            ],
          },
        },
      ],
    });
    renderUi(<LineAccountsPage />);
    expect(await screen.findByText(catalogues.th.lineAccounts.emulatorBadge)).toBeInTheDocument();
    expect(screen.getByText(new RegExp(catalogues.th.lineAccounts.shortLivedTokens))).toBeInTheDocument();
    expect(noEnglish()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: catalogues.th.lineAccounts.addButton }));
    const d = within(await screen.findByRole('dialog'));
    fireEvent.change(d.getByLabelText(catalogues.th.common.name), { target: { value: 'Shop' } });
    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.channelId), { target: { value: '1650000000' } });
    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.secret), { target: { value: 'channel-secret-0001' } });
    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.pushRate), { target: { value: '5000' } });
    fireEvent.click(d.getByRole('button', { name: catalogues.th.common.save }));
    expect(await d.findByText('ต้องไม่เกิน 2000 (ขีดจำกัดต่อแชนแนลของ LINE)')).toBeInTheDocument();
    expect(d.getByText(catalogues.th.lineAccounts.tokenRequired)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.pushRate), { target: { value: '2000' } });
    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.longLivedToken), { target: { value: 'token-0000001' } });
    fireEvent.change(d.getByLabelText(catalogues.th.lineAccounts.baseUrl), { target: { value: 'http://10.0.0.1' } });
    fireEvent.click(d.getByRole('button', { name: catalogues.th.common.save }));
    expect((await d.findAllByText(catalogues.th.lineAccounts.hostRefused)).length).toBeGreaterThan(0);
    // The Thai catalogue keeps the LINE Developers console's own field names beside the Thai, as LINE's Thai docs do.
    expect(noEnglish().filter((e) => !/^Channel( ID| secret| access token)?$/.test(e))).toEqual([]);
  });
});

describe('problems found in the rendered messages', () => {
  afterEach(() => setLocale('en'));

  it('name the broken LINE rule and the profiles in the language, from their codes', () => {
    const tooLong = { rule: 'too_long', max: 5000, length: 5210, ruleMessage: 'Must be at most 5000 characters' };
    const sample = { profile: 'sample', sample: 2, customerKey: 'C-7', who: 'sample recipient 2 of 20 (customer key C-7)' };
    const error = coded('invalid_rendered_message', { ...tooLong, ...sample, profilesFailing: 3, profilesChecked: 21 });
    const warning = coded('personalization_may_exceed_limit', { ...tooLong, ...sample, failsWith: 'invalid_rendered_message' });
    const ja = i18n.getFixedT('ja');
    const rule = ja('issues.too_long', { max: 5000 });
    const who = ja('issueParts.andMore', { who: ja('issueParts.sampleRecipient', { sample: 2, customerKey: 'C-7' }), more: 2, total: 21 });
    expect(issueText(ja, error)).toBe(ja('issues.invalid_rendered_message', { ruleMessage: rule, who, length: 5210 }));
    expect(issueText(ja, error)).toContain('5,000文字以内');
    expect(issueText(ja, error)).toContain('サンプルの宛先2（顧客キー C-7）');
    expect(issueText(ja, warning)).toContain('サンプルの宛先2（顧客キー C-7）の場合');
    expect(issueText(ja, warning)).toContain(rule);
    // A recipient's own payload (delivery, test send) names no profile: "the recipient" in the language.
    const own = coded('invalid_rendered_message', { ...tooLong, who: 'the recipient' });
    expect(issueText(i18n.getFixedT('zh-TW'), own)).toContain(catalogues['zh-TW'].issueParts.theRecipient);
    expect(issueText(i18n.getFixedT('zh-TW'), own)).not.toMatch(/[A-Za-z]{4,}/);
  });
});

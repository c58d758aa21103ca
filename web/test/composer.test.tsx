/**
 * The composer's Image, Video, Sticker and Imagemap-from-library editors on the campaign page: the "Add message"
 * menu, picks from the media library and the sticker list filling the message, inline errors by path from the
 * shared LINE rules, and what is saved. The server is a fetch stub answering the API's shapes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SessionProvider } from '../src/app/session.tsx';
import { CampaignPage } from '../src/campaigns/CampaignPage.tsx';
import { setLocale } from '../src/i18n/index.ts';
import { coded } from '../../src/domain/issues.ts';
import { CID, WS, draft, emptyPage, me, session } from './fixtures.ts';
import { renderUi, stubFetch } from './render.tsx';
import { useState } from 'react';
import { useImagePicker } from '../src/media/useImagePicker.tsx';

const base = `/api/v1/workspaces/${WS}`;
const hash = (c: string) => c.repeat(64);
const PUB = 'https://media.example.com';

function media(kind: 'image' | 'video', c: string, width: number | null, height: number | null) {
  const root = `${PUB}/m/${hash(c)}`;
  return {
    id: `${c.repeat(8)}-0000-4000-8000-000000000000`,
    workspaceId: WS,
    kind,
    contentType: kind === 'image' ? 'image/png' : 'video/mp4',
    bytes: kind === 'image' ? 48_000 : 3_500_000,
    width,
    height,
    sha256: hash(c),
    createdAt: `2026-01-0${c === 'a' ? 1 : 2}T00:00:00Z`,
    urls: {
      original: `${root}/original`,
      preview: kind === 'image' ? `${root}/preview` : null,
      imagemapBase: kind === 'image' ? `${root}/imagemap` : null,
    },
  };
}
const PICTURE = media('image', 'a', 1040, 650);
const CLIP = media('video', 'b', null, null);
const STICKERS = [
  { packageId: '446', stickerId: '1988', name: 'Moon: Special Edition', previewUrl: 'https://stickershop.line-scdn.net/s/1988.png' },
  { packageId: '446', stickerId: '1989', name: 'Moon: Special Edition', previewUrl: 'https://stickershop.line-scdn.net/s/1989.png' },
  { packageId: '789', stickerId: '10855', name: 'Sally: Special Edition', previewUrl: 'https://stickershop.line-scdn.net/s/10855.png' },
];

type Issue = { tab: 'content'; path: string; message: string; code: string; params: Record<string, unknown> };

/**
 * The campaign page on the content tab of a draft holding `messages`; PATCHes are echoed and recorded, and /validate
 * answers `check` of the messages last saved (valid when not given); the media library holds `library`.
 */
function open(
  messages: Record<string, unknown>[],
  check: (saved: Record<string, unknown>[]) => Issue[] = () => [],
  library: object[] = [PICTURE, CLIP],
) {
  let saved = messages;
  const calls = stubFetch({
    'GET /api/v1/session': session(),
    'GET /api/v1/me': me(),
    [`GET ${base}/campaigns/${CID}`]: () => draft(saved),
    [`PATCH ${base}/campaigns/${CID}`]: (body: unknown) => {
      saved = (body as { content: { messages: Record<string, unknown>[] } }).content.messages;
      return { ...draft(saved), ...(body as object) };
    },
    [`POST ${base}/campaigns/${CID}/validate`]: () => {
      const errors = check(saved);
      return { valid: errors.length === 0, errors, warnings: [], quota: null };
    },
    [`GET ${base}/line-accounts`]: emptyPage,
    [`GET ${base}/parent-segments`]: emptyPage,
    [`GET ${base}/segments`]: emptyPage,
    [`GET ${base}/media`]: { items: library, nextCursor: null },
    [`GET ${base}/stickers`]: { items: STICKERS },
  });
  renderUi(
    <SessionProvider>
      <CampaignPage />
    </SessionProvider>,
    { path: '/w/:ws/campaigns/:id/:tab?', route: `/w/${WS}/campaigns/${CID}/content` },
  );
  return calls;
}

/** The messages of the last PATCH, once one with `ok` true has been sent. */
async function saved(calls: ReturnType<typeof stubFetch>, ok: (m: Record<string, unknown>[]) => boolean) {
  let last: Record<string, unknown>[] = [];
  await waitFor(
    () => {
      const p = calls
        .filter((c) => c.method === 'PATCH')
        .map((c) => (c.body as { content: { messages: Record<string, unknown>[] } }).content.messages);
      last = p.at(-1) ?? [];
      expect(ok(last)).toBe(true);
    },
    { timeout: 8000 },
  );
  return last;
}

describe('composer: the message types', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => setLocale('en'));

  it('offers every message type in the Add message menu and names each added message by its type', async () => {
    open([]);
    fireEvent.click(await screen.findByRole('button', { name: '+ Add Message' }));
    const items = await screen.findAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Text', 'Image', 'Video', 'Sticker', 'Card message (Flex)', 'Imagemap']);
    fireEvent.click(items[3]!);
    expect(await screen.findByText('1. Sticker')).toBeInTheDocument();
    expect(screen.getByText('No sticker chosen yet')).toBeInTheDocument();
  });

  it('image: a picture picked from the media library fills the image and preview URLs, and they are saved', async () => {
    const calls = open([{ type: 'image', originalContentUrl: '', previewImageUrl: '' }]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose from media library' }));
    const dialog = await screen.findByRole('dialog');
    // only pictures are offered for an image: the MP4 is not in the grid
    const tiles = await within(dialog).findAllByTestId('media-tile');
    expect(tiles).toHaveLength(1);
    expect(tiles[0]).toHaveAccessibleName('Use PNG file 1040 × 650 px (46.9 kB)');
    fireEvent.click(tiles[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByLabelText('Message 1 image URL')).toHaveValue(PICTURE.urls.original);
    expect(screen.getByLabelText('Message 1 preview image URL')).toHaveValue(PICTURE.urls.preview);
    const [m] = await saved(calls, (ms) => ms[0]?.originalContentUrl === PICTURE.urls.original);
    expect(m).toEqual({ type: 'image', originalContentUrl: PICTURE.urls.original, previewImageUrl: PICTURE.urls.preview });
  });

  it('image: a typed URL that is not HTTPS is flagged on its own field at once, by the shared rules', async () => {
    open([{ type: 'image', originalContentUrl: `${PUB}/a.png`, previewImageUrl: `${PUB}/a-small.png` }]);
    const url = await screen.findByLabelText('Message 1 preview image URL');
    expect(url).not.toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(url, { target: { value: 'http://cdn.example.com/a-small.png' } });
    await waitFor(() => expect(screen.getByLabelText('Message 1 preview image URL')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('Message 1 image URL')).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('video: the MP4 and its preview picture come from the library; a tracking ID is checked and left out when cleared', async () => {
    const calls = open([{ type: 'video', originalContentUrl: '', previewImageUrl: '' }]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose video (MP4)' }));
    const tiles = await within(await screen.findByRole('dialog')).findAllByTestId('media-tile');
    expect(tiles.map((t) => t.getAttribute('data-kind'))).toEqual(['video']);
    fireEvent.click(tiles[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Choose preview image' }));
    fireEvent.click((await within(await screen.findByRole('dialog')).findAllByTestId('media-tile'))[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByLabelText('Message 1 video URL')).toHaveValue(CLIP.urls.original);
    expect(screen.getByLabelText('Message 1 video preview image URL')).toHaveValue(PICTURE.urls.preview);

    const tracking = screen.getByLabelText('Message 1 tracking ID (optional)');
    fireEvent.change(tracking, { target: { value: 'spot #1' } });
    await waitFor(() => expect(screen.getByLabelText('Message 1 tracking ID (optional)')).toHaveAttribute('aria-invalid', 'true'));
    fireEvent.change(tracking, { target: { value: 'spot-1' } });
    await waitFor(() => expect(screen.getByLabelText('Message 1 tracking ID (optional)')).not.toHaveAttribute('aria-invalid', 'true'));
    await saved(calls, (ms) => ms[0]?.trackingId === 'spot-1');
    fireEvent.change(tracking, { target: { value: '' } });
    const [m] = await saved(calls, (ms) => ms[0] !== undefined && !('trackingId' in ms[0]));
    expect(m).toEqual({ type: 'video', originalContentUrl: CLIP.urls.original, previewImageUrl: PICTURE.urls.preview });
  });

  it('video: a video the library has a still for brings it as the preview picture', async () => {
    const withStill = { ...CLIP, urls: { ...CLIP.urls, preview: `${PUB}/m/${hash('b')}/preview` } };
    open([{ type: 'video', originalContentUrl: '', previewImageUrl: '' }], undefined, [PICTURE, withStill]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose video (MP4)' }));
    fireEvent.click((await within(await screen.findByRole('dialog')).findAllByTestId('media-tile'))[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByLabelText('Message 1 video preview image URL')).toHaveValue(withStill.urls.preview);
  });

  it('sticker: the picker lists the stickers a bot may send by package, and the pick is saved', async () => {
    const calls = open([{ type: 'sticker', packageId: '', stickerId: '' }]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose sticker' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findAllByTestId('sticker-option')).toHaveLength(2); // the first package's two
    expect(within(dialog).getByRole('button', { name: 'Sticker 1988 (Moon: Special Edition)' }).querySelector('img')).toHaveAttribute(
      'src',
      STICKERS[0]!.previewUrl,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sticker 1989 (Moon: Special Edition)' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('sticker-chosen')).toHaveTextContent('Package 446, sticker 1989');
    const [m] = await saved(calls, (ms) => ms[0]?.stickerId === '1989');
    expect(m).toEqual({ type: 'sticker', packageId: '446', stickerId: '1989' });
  });

  it('sticker: one a bot may not send is flagged inline with the rule’s reason, once though the server says it too', async () => {
    const rule = coded('sticker_id', { packageId: '446' });
    open([{ type: 'sticker', packageId: '446', stickerId: '1' }], (ms) =>
      ms[0]?.stickerId === '1' ? [{ tab: 'content', path: 'content.messages[0].stickerId', ...rule }] : [],
    );
    await screen.findByTestId('tab-errors-content'); // the server's answer is in
    const shown = await screen.findByText(/package 446/i, { selector: '[role="alert"]' });
    expect(shown.textContent).toBe(rule.message);
  });

  it('a problem the server found on a message goes as soon as that message is edited, and stays gone once it is fixed', async () => {
    // a check only the server makes (the rendered message), so the shared rules in the browser never report it
    const rendered = {
      tab: 'content' as const,
      path: 'content.messages[0].previewImageUrl',
      message: 'For the blank profile: after rendering, the preview image is not reachable',
      code: 'invalid_rendered_message',
      params: { profile: 'blank' },
    };
    const old = `${PUB}/m/old/preview`;
    open([{ type: 'image', originalContentUrl: `${PUB}/m/old/original`, previewImageUrl: old }], (ms) =>
      ms[0]?.previewImageUrl === old ? [rendered] : [],
    );
    const field = await screen.findByLabelText('Message 1 preview image URL');
    await waitFor(() => expect(screen.getByLabelText('Message 1 preview image URL')).toHaveAttribute('aria-invalid', 'true'));
    fireEvent.change(field, { target: { value: PICTURE.urls.preview } });
    // at once, before the edit is saved and checked again
    expect(screen.getByLabelText('Message 1 preview image URL')).not.toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(screen.queryByTestId('tab-errors-content')).toBeNull(), { timeout: 8000 });
    expect(screen.getByLabelText('Message 1 preview image URL')).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('a fixed problem does not come back while the server checks the saved fix (its last answer is about the old content)', async () => {
    const rendered = {
      tab: 'content' as const,
      path: 'content.messages[0].previewImageUrl',
      message: 'For the blank profile: after rendering, the preview image is not reachable',
      code: 'invalid_rendered_message',
      params: { profile: 'blank' },
    };
    const old = `${PUB}/m/old/preview`;
    const calls = open([{ type: 'image', originalContentUrl: `${PUB}/m/old/original`, previewImageUrl: old }], (ms) =>
      ms[0]?.previewImageUrl === old ? [rendered] : [],
    );
    await waitFor(() => expect(screen.getByLabelText('Message 1 preview image URL')).toHaveAttribute('aria-invalid', 'true'));
    // hold every /validate from now on, as a slow server would
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const stub = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/validate')) await held;
      return stub(input, init);
    }) as typeof fetch;
    fireEvent.change(screen.getByLabelText('Message 1 preview image URL'), { target: { value: PICTURE.urls.preview } });
    await saved(calls, (ms) => ms[0]?.previewImageUrl === PICTURE.urls.preview);
    await new Promise((r) => setTimeout(r, 300)); // the saved campaign is in the page's cache; the old answer still is too
    expect(screen.getByLabelText('Message 1 preview image URL')).not.toHaveAttribute('aria-invalid', 'true');
    release();
    await waitFor(() => expect(screen.queryByTestId('tab-errors-content')).toBeNull(), { timeout: 8000 });
    expect(screen.getByLabelText('Message 1 preview image URL')).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('imagemap: a library picture fills the base URL and the height from its proportions, keeping tap areas inside', async () => {
    const calls = open([
      {
        type: 'imagemap',
        baseUrl: '',
        altText: 'Sale',
        baseSize: { width: 1040, height: 1040 },
        actions: [{ type: 'uri', linkUri: 'https://shop.example.com', area: { x: 0, y: 600, width: 1040, height: 440 } }],
      },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose image from media library' }));
    fireEvent.click((await within(await screen.findByRole('dialog')).findAllByTestId('media-tile'))[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByLabelText('Message 1 image base URL')).toHaveValue(PICTURE.urls.imagemapBase);
    const [m] = await saved(calls, (ms) => ms[0]?.baseUrl === PICTURE.urls.imagemapBase);
    expect(m!.baseSize).toEqual({ width: 1040, height: 650 });
    // the area ran to y = 1040; in a 650-high picture it is moved and cut to fit
    expect((m!.actions as { area: object }[])[0]!.area).toEqual({ x: 0, y: 210, width: 1040, height: 440 });
  });
});

/** XMLHttpRequest as the upload uses it, answering every send with `status` and `body` after one progress event. */
function fakeXhr(status: number, body: unknown) {
  const sent: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  class Fake {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onprogress: (() => void) | null = null;
    private url = '';
    private headers: Record<string, string> = {};
    open(_m: string, url: string) {
      this.url = url;
    }
    setRequestHeader(k: string, v: string) {
      this.headers[k] = v;
    }
    send(b: unknown) {
      sent.push({ url: this.url, headers: this.headers, body: b });
      setTimeout(() => {
        this.upload.onprogress?.({ loaded: 5, total: 10, lengthComputable: true });
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      }, 10);
    }
  }
  globalThis.XMLHttpRequest = Fake as unknown as typeof XMLHttpRequest;
  return sent;
}

describe('composer: uploads', () => {
  const realXhr = globalThis.XMLHttpRequest;
  afterEach(() => {
    globalThis.XMLHttpRequest = realXhr;
    setLocale('en');
  });

  it('sends the file as the raw body with its type and picks the upload', async () => {
    const uploaded = media('image', 'c', 800, 400);
    const sent = fakeXhr(201, uploaded);
    open([{ type: 'image', originalContentUrl: '', previewImageUrl: '' }]);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose from media library' }));
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'sale.png', { type: 'image/png' });
    fireEvent.change(await screen.findByTestId('media-file-image'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByLabelText('Message 1 image URL')).toHaveValue(uploaded.urls.original));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(`${base}/media`);
    expect(sent[0]!.headers['content-type']).toBe('image/png');
    expect(sent[0]!.body).toBe(file);
  });

  it('says why the server refused a file, from its issue code, in the user’s language', async () => {
    setLocale('ja');
    fakeXhr(415, {
      error: {
        code: 'unsupported_media_type',
        message: 'The file is not image/png (it is image/jpeg)',
        details: [
          {
            path: 'body',
            message: 'The file is not image/png (it is image/jpeg)',
            code: 'media_type_mismatch',
            params: { declared: 'image/png', actual: 'image/jpeg' },
          },
        ],
      },
    });
    open([{ type: 'image', originalContentUrl: '', previewImageUrl: '' }]);
    fireEvent.click(await screen.findByRole('button', { name: 'メディアライブラリから選ぶ' }));
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'photo.png', { type: 'image/png' });
    fireEvent.change(await screen.findByTestId('media-file-image'), { target: { files: [file] } });
    const alert = await screen.findByTestId('media-upload-error');
    expect(alert).toHaveTextContent('photo.pngはアップロードされませんでした');
    expect(alert).toHaveTextContent('ファイルの形式がimage/pngではありません（実際の形式はimage/jpegです）');
    expect(alert).not.toHaveTextContent('The file is not');
    // the dialog stays open for another try
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});

/** What an editor with an `onPickImage` callback (the Flex card editor) does with the picker. */
function AsksForPicture() {
  const library = useImagePicker(WS, 'Card image');
  const [got, setGot] = useState('nothing yet');
  return (
    <>
      <button onClick={() => void library.pick().then((url) => setGot(url ?? 'none'))}>pick</button>
      <output>{got}</output>
      {library.modal}
    </>
  );
}

describe('composer: the media library as a promise (onPickImage)', () => {
  it('resolves with the picked picture’s URL, and with null when closed without a pick', async () => {
    stubFetch({ [`GET ${base}/media`]: { items: [PICTURE, CLIP], nextCursor: null } });
    renderUi(<AsksForPicture />);
    fireEvent.click(screen.getByRole('button', { name: 'pick' }));
    const tiles = await within(await screen.findByRole('dialog', { name: 'Card image' })).findAllByTestId('media-tile');
    expect(tiles).toHaveLength(1); // pictures only
    fireEvent.click(tiles[0]!);
    expect(await screen.findByText(PICTURE.urls.original)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'pick' }));
    const dialog = await screen.findByRole('dialog', { name: 'Card image' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(await screen.findByText('none')).toBeInTheDocument();
  });
});

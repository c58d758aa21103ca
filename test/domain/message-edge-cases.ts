/**
 * At-limit and one-past-limit messages for every LINE rule we enforce, and the cases LINE's documentation is
 * silent on, which are valid (LINE does not refuse them) but carry a Linecast warning (`warn`, its code).
 * Every case here must be judged the same whether Liquid is allowed or not (no templates here).
 */
import type { IssueCode, WarningCode } from '../../src/domain/index.ts';

const https = (len: number) => 'https://example.com/' + 'a'.repeat(len - 'https://example.com/'.length);
const link = (len: number) => 'https://example.com/?q=' + 'a'.repeat(len - 'https://example.com/?q='.length);
const area = (x = 0, y = 0, width = 520, height = 520) => ({ x, y, width, height });
const uri = (linkUri = 'https://example.com/sale', a = area()) => ({ type: 'uri', linkUri, area: a });
const msgAction = (text = 'Hello', a = area()) => ({ type: 'message', text, area: a });
const text = (t = 'Hello', extra: object = {}) => ({ type: 'text', text: t, ...extra });
const imagemap = (extra: object = {}) => ({
  type: 'imagemap',
  baseUrl: 'https://example.com/imagemap/spring',
  altText: 'Spring sale',
  baseSize: { width: 1040, height: 1040 },
  actions: [uri()],
  ...extra,
});
const video = (extra: object = {}) => ({
  originalContentUrl: 'https://example.com/video.mp4',
  previewImageUrl: 'https://example.com/preview.jpg',
  area: area(0, 0, 1040, 585),
  ...extra,
});
const image = (extra: object = {}) => ({
  type: 'image',
  originalContentUrl: 'https://example.com/a.jpg',
  previewImageUrl: 'https://example.com/a-preview.jpg',
  ...extra,
});
const videoMessage = (extra: object = {}) => ({
  type: 'video',
  originalContentUrl: 'https://example.com/v.mp4',
  previewImageUrl: 'https://example.com/v.jpg',
  ...extra,
});
const sticker = (packageId: unknown = '446', stickerId: unknown = '1988') => ({ type: 'sticker', packageId, stickerId });
const flex = (contents: unknown, extra: object = {}) => ({ type: 'flex', altText: 'Spring sale', contents, ...extra });
const bubble = (...contents: unknown[]) => ({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents } });
const ftext = (t = 'Hello', extra: object = {}) => ({ type: 'text', text: t, ...extra });
const fimage = (extra: object = {}) => ({ type: 'image', url: 'https://example.com/i.png', ...extra });
const fbutton = (action: object, extra: object = {}) => ({ type: 'button', action, ...extra });
const fvideo = (extra: object = {}) => ({
  type: 'video',
  url: 'https://example.com/v.mp4',
  previewUrl: 'https://example.com/v.jpg',
  altContent: fimage(),
  aspectRatio: '16:9',
  ...extra,
});
/** A bubble whose JSON is exactly `bytes` UTF-8 bytes. */
const bubbleOf = (bytes: number) => bubble(ftext('a'.repeat(bytes - JSON.stringify(bubble(ftext(''))).length)));
const emojis = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i, productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }));
const qrItems = (n: number, label = 'Yes') =>
  Array.from({ length: n }, () => ({ type: 'action', action: { type: 'message', label, text: label } }));
const apple = '\u{1F34E}'; // two UTF-16 code units
const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // one grapheme, eight UTF-16 units
const qrMessage = (t: string) => ({ type: 'action', action: { type: 'message', label: 'Say', text: t } });
const qrPostback = (displayText: string) => ({ type: 'action', action: { type: 'postback', label: 'Go', data: 'x=1', displayText } });

type Case = { name: string; messages: unknown[]; valid: boolean; warn?: WarningCode; code?: IssueCode };
const ok = (name: string, ...messages: unknown[]): Case => ({ name, messages, valid: true });
const bad = (name: string, ...messages: unknown[]): Case => ({ name, messages, valid: false });
/** Invalid, with (among its errors) one of this issue code. */
const badAs = (code: IssueCode, name: string, ...messages: unknown[]): Case => ({ name, messages, valid: false, code });
/** Valid by LINE's rules, with one Linecast warning of this code. */
const warn = (code: WarningCode, name: string, ...messages: unknown[]): Case => ({ name, messages, valid: true, warn: code });

export const messageEdgeCases: Case[] = [
  // Request level
  ok('1 message', text()),
  ok('5 messages', text(), text(), text(), imagemap(), text()),
  bad('0 messages'),
  bad('6 messages', text(), text(), text(), text(), text(), text()),
  bad('unknown message type', { type: 'carousel', text: 'x' }),
  bad('message without type', { text: 'x' }),
  bad('message that is not an object', 'hello'),
  // Text
  ok('text of 5,000 characters', text('a'.repeat(5000))),
  bad('text of 5,001 characters', text('a'.repeat(5001))),
  ok('text of 5,000 UTF-16 units (2,500 emoji)', text(apple.repeat(2500))),
  bad('text of 5,001 UTF-16 units', text(apple.repeat(2500) + 'a')),
  bad('empty text', text('')),
  bad('text missing', { type: 'text' }),
  bad('text not a string', text(42 as unknown as string)),
  ok('20 LINE emojis', text('$'.repeat(20), { emojis: emojis(20) })),
  bad('21 LINE emojis', text('$'.repeat(21), { emojis: emojis(21) })),
  bad('emoji index not on a "$"', text('a$', { emojis: [{ index: 0, productId: 'p', emojiId: '001' }] })),
  bad('emoji index past the end of text', text('$', { emojis: [{ index: 1, productId: 'p', emojiId: '001' }] })),
  warn('emoji_id_missing', 'emoji without productId', text('$', { emojis: [{ index: 0, emojiId: '001' }] })),
  warn('quote_token_empty', 'empty quoteToken', text('Hi', { quoteToken: '' })),
  warn('text_blank', 'whitespace-only text', text('  \n ')),
  ok('quoteToken', text('Hi', { quoteToken: 'yHAz4Ua2wx7s6jvEXAMPLE' })),
  bad('quoteToken not a string', text('Hi', { quoteToken: 7 })),
  // Common properties
  ok('sender name of 20', text('Hi', { sender: { name: 'n'.repeat(20) } })),
  bad('sender name of 21', text('Hi', { sender: { name: 'n'.repeat(21) } })),
  bad('sender name of 11 emoji (22 UTF-16 units)', text('Hi', { sender: { name: apple.repeat(11) } })),
  bad('sender name "LINE"', text('Hi', { sender: { name: 'LINE' } })),
  bad('sender name with the word LINE', text('Hi', { sender: { name: 'LINE公式 Shop' } })),
  ok('sender name with LINE inside a word', text('Hi', { sender: { name: 'ONLINE store' } })),
  warn('sender_name_line_word', 'sender name "Line"', text('Hi', { sender: { name: 'Line shop' } })),
  ok('sender icon HTTPS of 2,000', text('Hi', { sender: { iconUrl: https(2000) } })),
  bad('sender icon of 2,001', text('Hi', { sender: { iconUrl: https(2001) } })),
  bad('sender icon over HTTP', text('Hi', { sender: { iconUrl: 'http://example.com/icon' } })),
  ok('13 quick reply items', text('Hi', { quickReply: { items: qrItems(13) } })),
  bad('14 quick reply items', text('Hi', { quickReply: { items: qrItems(14) } })),
  ok('quick reply label of 20', text('Hi', { quickReply: { items: qrItems(1, 'l'.repeat(20)) } })),
  bad('quick reply label of 21', text('Hi', { quickReply: { items: qrItems(1, 'l'.repeat(21)) } })),
  bad('quick reply without label', text('Hi', { quickReply: { items: [{ type: 'action', action: { type: 'camera' } }] } })),
  warn('quick_reply_empty', 'quick reply without items', text('Hi', { quickReply: { items: [] } })),
  ok(
    'quick reply message text of 300 emoji (300 graphemes, 600 UTF-16 units)',
    text('Hi', { quickReply: { items: [qrMessage(apple.repeat(300))] } }),
  ),
  bad('quick reply message text of 301 graphemes', text('Hi', { quickReply: { items: [qrMessage('a'.repeat(301))] } })),
  ok('postback displayText of 300 emoji', text('Hi', { quickReply: { items: [qrPostback(apple.repeat(300))] } })),
  bad('postback displayText of 301 graphemes', text('Hi', { quickReply: { items: [qrPostback(family.repeat(301))] } })),
  bad(
    'postback data of 301 UTF-16 units',
    text('Hi', { quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'Go', data: apple.repeat(150) + 'a' } }] } }),
  ),
  bad(
    'quick reply uri action with a javascript: scheme',
    text('Hi', { quickReply: { items: [{ type: 'action', action: { type: 'uri', label: 'Go', uri: 'javascript:alert(1)' } }] } }),
  ),
  // Imagemap: base
  ok('imagemap minimal', imagemap()),
  ok('baseUrl of 2,000', imagemap({ baseUrl: https(2000) })),
  bad('baseUrl of 2,001', imagemap({ baseUrl: https(2001) })),
  bad('baseUrl over HTTP', imagemap({ baseUrl: 'http://example.com/imagemap/spring' })),
  warn('imagemap_base_url_extension', 'baseUrl with a file extension', imagemap({ baseUrl: 'https://example.com/imagemap/spring.png' })),
  warn('url_not_percent_encoded', 'baseUrl with a raw space', imagemap({ baseUrl: 'https://example.com/image map/spring' })),
  bad('baseUrl not a URL', imagemap({ baseUrl: 'imagemap/spring' })),
  ok('altText of 1,500', imagemap({ altText: 'a'.repeat(1500) })),
  bad('altText of 1,501', imagemap({ altText: 'a'.repeat(1501) })),
  warn('imagemap_alt_text_empty', 'altText empty', imagemap({ altText: '' })),
  bad('altText missing', imagemap({ altText: undefined })),
  bad('baseSize.width 1039', imagemap({ baseSize: { width: 1039, height: 1040 } })),
  bad('baseSize.width 1041', imagemap({ baseSize: { width: 1041, height: 1040 } })),
  ok('baseSize.height 1', imagemap({ baseSize: { width: 1040, height: 1 }, actions: [uri(undefined, area(0, 0, 1040, 1))] })),
  warn('imagemap_zero_size', 'baseSize.height 0', imagemap({ baseSize: { width: 1040, height: 0 } })),
  bad('baseSize.height not an integer', imagemap({ baseSize: { width: 1040, height: 700.5 } })),
  // Imagemap: actions and areas
  ok('50 actions', imagemap({ actions: Array.from({ length: 50 }, (_, i) => uri(undefined, area(0, i * 20, 1040, 20))) })),
  bad('51 actions', imagemap({ actions: Array.from({ length: 51 }, (_, i) => uri(undefined, area(0, i * 20, 1040, 20))) })),
  warn('imagemap_no_actions', '0 actions', imagemap({ actions: [] })),
  bad('actions missing', imagemap({ actions: undefined })),
  bad('unknown action type', imagemap({ actions: [{ type: 'postback', data: 'x', area: area() }] })),
  ok('area x 0, y 0', imagemap({ actions: [uri(undefined, area(0, 0))] })),
  bad('area x -1', imagemap({ actions: [uri(undefined, area(-1, 0))] })),
  bad('area y -1', imagemap({ actions: [uri(undefined, area(0, -1))] })),
  ok('area width 1', imagemap({ actions: [uri(undefined, area(0, 0, 1, 1))] })),
  warn('imagemap_zero_size', 'area width 0', imagemap({ actions: [uri(undefined, area(0, 0, 0, 1))] })),
  warn('imagemap_zero_size', 'area height 0', imagemap({ actions: [uri(undefined, area(0, 0, 1, 0))] })),
  ok('area x + width = 1040', imagemap({ actions: [uri(undefined, area(520, 0, 520, 10))] })),
  warn('imagemap_area_outside_image', 'area x + width = 1041', imagemap({ actions: [uri(undefined, area(521, 0, 520, 10))] })),
  warn('imagemap_area_outside_image', 'area x = baseSize.width', imagemap({ actions: [uri(undefined, area(1040, 0, 10, 10))] })),
  ok('area y + height = baseSize.height', imagemap({ actions: [uri(undefined, area(0, 1000, 10, 40))] })),
  warn(
    'imagemap_area_outside_image',
    'area y + height = baseSize.height + 1',
    imagemap({ actions: [uri(undefined, area(0, 1001, 10, 40))] }),
  ),
  bad('area not integers', imagemap({ actions: [uri(undefined, area(0.5, 0))] })),
  bad('area missing', imagemap({ actions: [{ type: 'uri', linkUri: 'https://example.com' }] })),
  ok('linkUri of 1,000', imagemap({ actions: [uri(link(1000))] })),
  bad('linkUri of 1,001', imagemap({ actions: [uri(link(1001))] })),
  ok('linkUri http', imagemap({ actions: [uri('http://example.com/a')] })),
  ok('linkUri line', imagemap({ actions: [uri('line://ti/p/@linecorp')] })),
  ok('linkUri tel', imagemap({ actions: [uri('tel:+81312345678')] })),
  bad('linkUri ftp', imagemap({ actions: [uri('ftp://example.com/a')] })),
  bad('linkUri mailto', imagemap({ actions: [uri('mailto:a@example.com')] })),
  bad('linkUri empty', imagemap({ actions: [uri('')] })),
  ok('message action text of 400', imagemap({ actions: [msgAction('m'.repeat(400))] })),
  bad('message action text of 401', imagemap({ actions: [msgAction('m'.repeat(401))] })),
  warn(
    'imagemap_text_utf16_over',
    'message action text of 400 emoji (800 UTF-16 units)',
    imagemap({ actions: [msgAction(apple.repeat(400))] }),
  ),
  bad('message action text empty', imagemap({ actions: [msgAction('')] })),
  ok('action label of 100', imagemap({ actions: [{ ...uri(), label: 'l'.repeat(100) }] })),
  bad('action label of 101', imagemap({ actions: [{ ...uri(), label: 'l'.repeat(101) }] })),
  // Imagemap: video
  ok('video', imagemap({ video: video() })),
  bad('video preview over HTTP', imagemap({ video: video({ previewImageUrl: 'http://example.com/preview.jpg' }) })),
  ok('video URL of 2,000', imagemap({ video: video({ originalContentUrl: https(2000) }) })),
  bad('video URL of 2,001', imagemap({ video: video({ originalContentUrl: https(2001) }) })),
  bad('video without previewImageUrl', imagemap({ video: { originalContentUrl: 'https://example.com/v.mp4', area: area() } })),
  warn('imagemap_area_outside_image', 'video area outside baseSize', imagemap({ video: video({ area: area(0, 0, 1040, 1041) }) })),
  ok(
    'video external link label of 30',
    imagemap({ video: video({ externalLink: { linkUri: 'https://example.com', label: 'l'.repeat(30) } }) }),
  ),
  bad(
    'video external link label of 31',
    imagemap({ video: video({ externalLink: { linkUri: 'https://example.com', label: 'l'.repeat(31) } }) }),
  ),
  bad('video external link without label', imagemap({ video: video({ externalLink: { linkUri: 'https://example.com' } }) })),
  bad(
    'video external link with a javascript: URI',
    imagemap({ video: video({ externalLink: { linkUri: 'javascript:x', label: 'More' } }) }),
  ),
  // Image (#image-message)
  ok('image', image()),
  ok('image URL of 2,000', image({ originalContentUrl: https(2000) })),
  badAs('length', 'image URL of 2,001', image({ originalContentUrl: https(2001) })),
  badAs('https', 'image over HTTP', image({ originalContentUrl: 'http://example.com/a.jpg' })),
  badAs('required', 'image without preview', image({ previewImageUrl: undefined })),
  badAs('empty', 'image preview empty', image({ previewImageUrl: '' })),
  // Video (#video-message)
  ok('video message with trackingId', videoMessage({ trackingId: 'spring-2026.A' })),
  badAs('video_tracking_id', 'video trackingId with a character outside the set', videoMessage({ trackingId: 'spring_2026' })),
  badAs('length', 'video trackingId of 101', videoMessage({ trackingId: 'x'.repeat(101) })),
  badAs('empty', 'video trackingId empty', videoMessage({ trackingId: '' })),
  badAs('https', 'video preview over HTTP', videoMessage({ previewImageUrl: 'http://example.com/v.jpg' })),
  // Sticker (#sticker-message, the sticker list)
  ok('sticker', sticker()),
  badAs('sticker_package', 'sticker of a package bots may not send', sticker('1', '1')),
  badAs('sticker_id', 'sticker not in its package', sticker('446', '2028')),
  badAs('empty', 'sticker packageId empty', sticker('', '1988')),
  badAs('type', 'sticker IDs as numbers', sticker(446, 1988)),
  badAs('required', 'sticker without stickerId', { type: 'sticker', packageId: '446' }),
  // Flex (#flex-message and its components)
  ok('flex bubble', flex(bubble(ftext()))),
  ok('flex carousel of 12', flex({ type: 'carousel', contents: Array.from({ length: 12 }, () => bubble(ftext())) })),
  badAs('size', 'flex carousel of 13', flex({ type: 'carousel', contents: Array.from({ length: 13 }, () => bubble(ftext())) })),
  badAs('equals', 'flex carousel holding a text', flex({ type: 'carousel', contents: [bubble(ftext()), ftext()] })),
  badAs('equals', 'flex body that is not a box', flex({ type: 'bubble', body: ftext() })),
  badAs('one_of', 'flex container that is a box', flex({ type: 'box', layout: 'vertical', contents: [] })),
  badAs('one_of', 'flex hero that is a text', flex({ type: 'bubble', hero: ftext() })),
  badAs('one_of', 'flex component of unknown type', flex(bubble({ type: 'table' }))),
  badAs('equals', 'flex span of another type', flex(bubble({ type: 'text', contents: [{ type: 'word', text: 'a' }] }))),
  badAs('empty', 'flex span text empty', flex(bubble({ type: 'text', contents: [{ type: 'span', text: '' }] }))),
  badAs('length', 'flex altText of 1,501', flex(bubble(ftext()), { altText: 'a'.repeat(1501) })),
  badAs('required', 'flex without altText', { type: 'flex', contents: bubble(ftext()) }),
  badAs('flex_text_required', 'flex text without text or contents', flex(bubble({ type: 'text' }))),
  badAs('flex_color', 'flex colour by name', flex(bubble(ftext('a', { color: 'red' })))),
  badAs('flex_px_keyword', 'flex text size in em', flex(bubble(ftext('a', { size: '1em' })))),
  badAs('flex_px', 'flex lineSpacing as a keyword', flex(bubble(ftext('a', { lineSpacing: 'md' })))),
  badAs('flex_px_pct', 'flex box width as a keyword', flex(bubble({ type: 'box', layout: 'vertical', contents: [], width: 'md' }))),
  badAs('flex_px_pct_keyword', 'flex image size unknown', flex(bubble(fimage({ size: 'huge' })))),
  badAs(
    'flex_pct',
    'flex gradient centre in pixels',
    flex(
      bubble({
        type: 'box',
        layout: 'vertical',
        contents: [],
        background: { type: 'linearGradient', angle: '90deg', startColor: '#000000', endColor: '#ffffff', centerPosition: '10px' },
      }),
    ),
  ),
  badAs(
    'flex_angle',
    'flex gradient angle without unit',
    flex(
      bubble({
        type: 'box',
        layout: 'vertical',
        contents: [],
        background: { type: 'linearGradient', angle: '90', startColor: '#000000', endColor: '#ffffff' },
      }),
    ),
  ),
  badAs(
    'equals',
    'flex background of another type',
    flex(
      bubble({
        type: 'box',
        layout: 'vertical',
        contents: [],
        background: { type: 'radialGradient', angle: '90deg', startColor: '#000000', endColor: '#ffffff' },
      }),
    ),
  ),
  badAs('flex_aspect_ratio', 'flex image taller than three times its width', flex(bubble(fimage({ aspectRatio: '1:4' })))),
  badAs('one_of', 'flex text weight unknown', flex(bubble(ftext('a', { weight: 'heavy' })))),
  badAs('min', 'flex maxLines negative', flex(bubble(ftext('a', { maxLines: -1 })))),
  badAs('integer', 'flex grow not an integer', flex(bubble(ftext('a', { flex: 1.5 })))),
  badAs('required', 'flex box without contents', flex(bubble({ type: 'box', layout: 'vertical' }))),
  badAs('one_of', 'flex action only quick replies have', flex(bubble(fbutton({ type: 'camera', label: 'a' })))),
  badAs('flex_button_label', 'flex button without label', flex(bubble(fbutton({ type: 'uri', uri: 'https://example.com' })))),
  ok('flex button label of 40', flex(bubble(fbutton({ type: 'uri', label: 'l'.repeat(40), uri: 'https://example.com' })))),
  badAs('graphemes', 'flex button label of 41', flex(bubble(fbutton({ type: 'uri', label: 'l'.repeat(41), uri: 'https://example.com' })))),
  badAs('link_uri', 'flex uri action with mailto', flex(bubble(fbutton({ type: 'uri', label: 'a', uri: 'mailto:a@example.com' })))),
  badAs('flex_box_contents', 'flex icon in a vertical box', flex(bubble({ type: 'icon', url: 'https://example.com/i.png' }))),
  badAs('flex_box_contents', 'flex video in a box', flex(bubble(fvideo()))),
  badAs('flex_alt_content', 'flex video altContent that is a text', flex({ type: 'bubble', hero: fvideo({ altContent: ftext() }) })),
  badAs('flex_video_bubble_size', 'flex video in a micro bubble', flex({ type: 'bubble', size: 'micro', hero: fvideo() })),
  badAs('flex_video_in_carousel', 'flex video in a carousel', flex({ type: 'carousel', contents: [{ type: 'bubble', hero: fvideo() }] })),
  ok('flex 10 animated images', flex(bubble(...Array.from({ length: 10 }, () => fimage({ animated: true }))))),
  badAs('flex_animated_max', 'flex 11 animated images', flex(bubble(...Array.from({ length: 11 }, () => fimage({ animated: true }))))),
  ok('flex bubble of 30 KB', flex(bubbleOf(30 * 1024))),
  badAs('flex_bubble_too_large', 'flex bubble of 30 KB + 1', flex(bubbleOf(30 * 1024 + 1))),
  badAs(
    'flex_carousel_too_large',
    'flex carousel over 50 KB',
    flex({ type: 'carousel', contents: [bubbleOf(25 * 1024), bubbleOf(25 * 1024)] }),
  ),
  warn('flex_alt_text_empty', 'flex altText empty', flex(bubble(ftext()), { altText: '' })),
  warn('flex_carousel_empty', 'flex carousel without bubbles', flex({ type: 'carousel', contents: [] })),
  warn('flex_spacer_deprecated', 'flex spacer', flex(bubble(ftext(), { type: 'spacer' }))),
  warn('flex_filler_deprecated', 'flex filler', flex(bubble(ftext(), { type: 'filler' }))),
  // quick reply item type: the one value a literal allows is worded as its code says
  badAs(
    'equals',
    'quick reply item of another type',
    text('Hi', { quickReply: { items: [{ type: 'button', action: { type: 'message', label: 'Yes', text: 'yes' } }] } }),
  ),
];

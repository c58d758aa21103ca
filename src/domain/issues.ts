/**
 * Every validation problem Linecast reports, by a stable code with parameters. The API keeps its English
 * `message` (rendered from the template here); the UI shows `code` + `params` in the user's language from its
 * catalogues (web/src/i18n/locales/*.json, section `issues`). A test fails when a code here has no translation
 * in some language, or when a translation uses a placeholder the English template does not.
 *
 * Adding a problem: add the code and its English template below, then the same key under `issues` in each
 * catalogue. Templates use i18next's `{{name}}` placeholders; params are strings or numbers.
 */

export const ISSUE_TEXT = {
  // Generic shapes (zod and LINE's own wording, which the emulator answers verbatim).
  required: 'must be specified',
  invalid: 'is invalid',
  empty: 'May not be empty',
  length: 'Length must be between {{min}} and {{max}}',
  graphemes: 'Length must be between {{min}} and {{max}} characters',
  size: 'Size must be between {{min}} and {{max}}',
  one_of: 'Must be one of the following values: [{{values}}]',
  equals: 'Must be {{value}}',
  integer: 'Must be an integer',
  min: 'Must be {{min}} or more',
  max: 'Must be at most {{max}}',
  too_short: 'Must be at least {{min}} characters',
  too_long: 'Must be at most {{max}} characters',
  too_few: 'Must have at least {{min}} items',
  too_many: 'Must have at most {{max}} items',
  type: 'Must be a {{expected}}',
  type_object: 'Must be an object',
  type_array: 'Must be an array',
  message_object: 'Must be a message object',
  invalid_format: 'Has the wrong format',
  email: 'Must be an email address',
  uuid: 'Must be an ID (UUID)',
  url: 'Must be a URL',
  unknown_keys: 'Unknown fields: {{keys}}',
  line_user_id: 'A LINE user ID is U followed by 32 lowercase hex characters',
  reserved_word: 'Certain words such as LINE may not be used',

  // LINE message rules (src/domain/messages).
  https: 'Must be an HTTPS URL',
  link_uri: 'Must be a URL with the http, https, line or tel scheme',
  url_extension: 'Must not end with a file extension: LINE appends /1040, /700, /460, /300 or /240 to it',
  emoji_index: 'Must point to a "$" in text (text[{{index}}] is not "$")',
  emoji_index_twice: 'Two emojis may not use the same "$"',
  area_start: 'Must be less than baseSize.{{base}} ({{limit}})',
  area_overflow: '{{pos}} + {{size}} ({{sum}}) must not exceed baseSize.{{base}} ({{limit}})',
  body_too_large: 'The request body is {{bytes}} bytes; LINE accepts at most {{max}} bytes (2 MB)',
  video_tracking_id: 'May contain only a-z, A-Z, 0-9 and -.=,+*()%$&;:@{}!?<>[]',
  sticker_package: 'Must be a sticker package a bot may send (LINE sticker list)',
  sticker_id: 'Must be a sticker of package {{packageId}} that a bot may send (LINE sticker list)',
  flex_text_required: 'Either text or contents must be specified',
  flex_color: 'Must be a hexadecimal color code like #RRGGBB or #RRGGBBAA',
  flex_px: 'Must be pixels like 10px',
  flex_pct: 'Must be a percentage like 50%',
  flex_px_pct: 'Must be pixels like 10px or a percentage like 50%',
  flex_px_keyword: 'Must be pixels like 10px or one of {{keywords}}',
  flex_px_pct_keyword: 'Must be pixels like 10px, a percentage like 50% or one of {{keywords}}',
  flex_angle: 'Must be an angle like 90deg',
  flex_aspect_ratio: 'Must be {width}:{height} with each from 1 to {{max}} and the height at most three times the width',
  flex_alt_content: 'The altContent of a video must be a box or an image',
  flex_box_contents: 'A {{layout}} box may hold only {{allowed}}',
  flex_video_bubble_size: 'A bubble with a video must be kilo, mega or giga',
  flex_video_in_carousel: 'A bubble with a video may not be in a carousel',
  flex_button_label: 'A button action must have a label',
  flex_animated_max: 'At most {{max}} animated images per message',
  flex_bubble_too_large: 'The bubble is {{bytes}} bytes of JSON; LINE accepts at most {{max}} (30 KB)',
  flex_carousel_too_large: 'The carousel is {{bytes}} bytes of JSON; LINE accepts at most {{max}} (50 KB)',

  // Linecast's advice where LINE's docs are silent (src/domain/messages/policy.ts): warnings, never blocking.
  url_not_percent_encoded: 'LINE asks for URLs to be percent-encoded; this one holds spaces or non-ASCII characters',
  sender_name_line_word: 'LINE refuses the word "LINE" in a sender name and may refuse other spellings of it',
  quick_reply_empty: 'The quick reply has no buttons; remove it or add at least one',
  text_blank: 'The text holds only spaces or line breaks',
  quote_token_empty: 'The quote token is empty; remove it or give the token of the message to quote',
  emoji_id_missing: 'The LINE emoji has no {{field}}; it cannot be shown',
  imagemap_zero_size: '{{field}} is {{value}}, so nothing can be shown or tapped there',
  imagemap_area_outside_image: 'The area reaches {{end}} but the image is {{limit}} (baseSize.{{field}})',
  imagemap_text_utf16_over:
    '{{units}} UTF-16 units (over {{max}}); LINE documents grapheme counting for message actions but not for imagemap actions, so LINE may count it as too long',
  imagemap_base_url_extension:
    'The base URL ends with a file extension (.{{extension}}): LINE loads baseUrl/1040, /700, /460, /300 and /240, so the image will not show',
  imagemap_alt_text_empty: 'The alternative text is empty: notifications and the chat list will show nothing',
  imagemap_no_actions: 'The imagemap has no tappable area',
  flex_alt_text_empty: 'The alternative text is empty: notifications and the chat list will show nothing',
  flex_carousel_empty: 'The carousel has no bubbles',
  flex_spacer_deprecated: 'LINE deprecated the spacer component; use margin or spacing instead',
  flex_filler_deprecated: 'LINE deprecated the filler component; use margin, spacing or justifyContent instead',

  // What is sent: rendered payloads (src/domain/messages/rendered.ts, src/delivery/render/check.ts). `rule` is the code
  // of the LINE rule broken and `ruleMessage` its English text; a UI says the rule in its own language from `rule`.
  invalid_rendered_message: 'For {{who}}: after rendering (personalisation, UTM tags, tracked links), {{ruleMessage}} ({{length}})',
  personalization_may_exceed_limit:
    'Personalisation could break a LINE rule here: for {{who}}, {{ruleMessage}} ({{length}}). Recipients whose message breaks it fail with {{failsWith}} and are not sent to.',
  personalization_unsampled:
    'The segment has no recipient to sample, so personalised messages were checked for the blank profile only ({{attributes}})',
  template_invalid: 'For {{who}}: {{reason}}',
  render_failed: 'For {{who}}: {{reason}}',
  render_budget_exceeded: 'For {{who}}: {{reason}}',

  // Liquid in messages and UTM values.
  liquid_profile_attribute: 'Use a profile attribute, e.g. profile.first_name, not "{{name}}"',
  liquid_campaign_variable: 'Unknown variable "{{name}}": campaigns offer campaign.id and campaign.name',
  liquid_unknown_variable: 'Unknown variable "{{name}}": use profile.<attribute>, campaign.id or campaign.name',
  liquid_output_not_closed: 'Liquid: output "{{snippet}}" not closed, line:{{line}}, col:{{col}}',
  liquid_tag_not_closed: 'Liquid: tag {{tag}} not closed, line:{{line}}, col:{{col}}',
  liquid_unknown_tag: 'Liquid: tag "{{tag}}" not found, line:{{line}}, col:{{col}}',
  liquid_unknown_filter: 'Liquid: undefined filter: {{filter}}, line:{{line}}, col:{{col}}',
  liquid_tag_unavailable: 'Liquid: the "{{tag}}" tag is not available in messages, line:{{line}}, col:{{col}}',
  liquid_syntax: 'Liquid: {{detail}}',
  utm_value_max: 'Must be at most {{max}} characters',
  utm_param_empty: 'A parameter name may not be empty',
  utm_param_max: 'A parameter name must be at most {{max}} characters',
  utm_param_chars: 'A parameter name may not contain spaces or & = # ?',
  utm_param_reserved: 'Use the source, medium and campaign fields for utm_source, utm_medium and utm_campaign',
  utm_profile_variable: 'UTM values are the same for every recipient: use campaign.id or campaign.name',

  // Campaign launch validation (src/campaigns/validate.ts), tab by tab.
  audience_parent_required: 'Select a parent segment',
  audience_parent_not_allowed: 'This parent segment is not allowed in this workspace',
  audience_segment_required: 'Select a segment',
  audience_segment_missing: 'This segment does not exist in this workspace',
  audience_segment_other_parent: 'This segment belongs to a different parent segment',
  audience_rule_unusable: "The segment's rule cannot be used: {{detail}}",
  audience_no_recipients: 'No profile in this segment can receive LINE messages (no LINE user ID or not following)',
  content_account_required: 'Select a LINE account to send from',
  content_account_not_assigned: 'This LINE account is not assigned to this workspace',
  content_account_missing: 'The LINE account no longer exists',
  content_account_no_token: 'The LINE account has no channel access token; set one or choose stateless tokens',
  content_account_host_refused:
    "This LINE account cannot send: its apiBaseUrl is not one of LINE's API hosts over HTTPS (or LINECAST_LINE_ALLOWED_HOSTS), and it is not marked as an emulator",
  content_messages_required: 'Add at least one message',
  content_messages_max: 'A campaign sends at most {{max}} messages; this one has {{count}}',
  recipient_cap_positive: 'The recipient cap must be a positive number',
  quota_unreported: 'LINE did not report the monthly quota ({{kind}}, HTTP {{status}}); recipients: {{recipients}}',
  quota_unreachable: 'Could not reach LINE to read the monthly quota ({{detail}}); recipients: {{recipients}}',
  quota_cap_exceeds: "The recipient cap ({{cap}}) is more than the {{remaining}} messages left in this month's LINE quota",
  quota_exceeded:
    'This campaign would send to {{recipients}} recipients but the LINE account has {{remaining}} messages left this month; set a recipient cap of at most {{remaining}} or use another account',
  schedule_recurring: 'Recurring delivery is not available for one-off campaigns; use an Always-On campaign to send on a regular basis',
  schedule_needs_time: 'Choose "Schedule for later" with a date and time to schedule this campaign',
  schedule_at_required: 'Pick the date and time to send',
  schedule_past: '{{at}} ({{timeZone}}) is in the past; pick a time in the future',
  schedule_bad_zone: '"{{timeZone}}" is not an IANA time zone (like Asia/Tokyo)',
  schedule_bad_zone_name: 'Must be an IANA time zone (like Asia/Tokyo)',
  schedule_bad_time: '"{{at}}" is not a valid date-time',
  schedule_skipped_time: '{{at}} does not exist in {{timeZone}} (the clocks skip it for daylight saving time); pick another time',
  schedule_repeated_time:
    '{{at}} happens twice in {{timeZone}} (daylight saving time ends); the campaign starts at the first one ({{first}})',
  activation_backoff_cap: 'The backoff cap must be at least the backoff base',
  segment_attribute_name: 'attribute names use letters, digits, spaces and _ . -',

  // Profile imports (src/audience/import): rows that are skipped, and files that cannot be read.
  import_no_key: 'no customer key (column "{{column}}" is empty or missing)',
  import_key_too_long: 'the customer key is longer than {{max}} characters',
  import_bad_line_user_id: '{{column}} "{{value}}" is not a LINE user ID (U followed by 32 lowercase hex characters)',
  import_bad_follow_status: '{{column}} "{{value}}" is not one of following, unfollowed, unknown',
  import_field_count: 'expected {{expected}} fields as in the header, found {{found}}',
  import_bad_json: 'not valid JSON',
  import_bad_json_at: 'not valid JSON (at character {{at}})',
  import_not_object: 'each line must be one JSON object',
  import_header_empty_column: 'the header row has an empty column name',
  import_header_duplicate: 'the header row names column "{{column}}" twice',
  import_no_key_column: 'the header has no "{{column}}" column (the customer key; choose another with ?keyColumn=)',
  import_empty_file: 'the file is empty: a CSV import needs a header row naming the columns',
  import_csv_quote_inside:
    'a quote (") inside field {{field}}, which does not start with one; quote the whole field and double the inner quote ("")',
  import_csv_after_closing_quote: 'field {{field}} goes on after its closing quote; double a quote inside a quoted field ("")',
  import_csv_quote_not_closed: 'a quoted field (field {{field}}) is never closed',
  import_csv_unreadable: 'the record cannot be read as CSV (field {{field}})',
  import_row_too_long: 'a line or record is longer than {{max}} bytes (the row size limit, LINECAST_IMPORT_MAX_ROW_BYTES)',
  import_field_too_long: 'the value of "{{column}}" is longer than {{max}} bytes (the field size limit, LINECAST_IMPORT_MAX_FIELD_BYTES)',
  import_nul_byte: 'the file holds a NUL byte: it is binary, or not UTF-8 or Shift_JIS text (UTF-16?)',
  import_value_unstorable: 'the value of "{{column}}" holds a NUL character or a broken surrogate, which cannot be stored',
  import_column_name_unstorable: 'a column name holds a NUL character or a broken surrogate, which cannot be stored',
  import_value_too_deep: 'the value of "{{column}}" nests more than {{max}} levels deep',
  import_gzip_cut: 'the gzip data is cut short',
  import_gzip_corrupt: 'the gzip data is corrupt (is it gzip at all?)',
  import_upload_ended: 'the upload ended before the end of the file',
  import_not_utf8: 'the file is not UTF-8 text; if it was saved by Excel in Japan, import it as Shift_JIS (encoding=shift_jis)',
  import_not_shift_jis: 'the file is not Shift_JIS text; try UTF-8 (encoding=utf-8)',

  // Media library uploads (src/media): files LINE would not fetch or show.
  media_content_type: 'Upload a PNG or JPEG image or an MP4 video (Content-Type {{types}})',
  media_empty: 'The body is empty: send the file as the request body',
  media_image_too_large: 'LINE accepts images of at most {{max}} MB',
  media_video_too_large: 'LINE accepts videos of at most {{max}} MB',
  media_type_mismatch: 'The file is not {{declared}} (it is {{actual}})',
  media_type_unknown: 'The file is not {{declared}}',
  media_image_unreadable: 'The file is not a readable {{format}} image: {{reason}}',
  media_video_unreadable: 'The file is not a playable MP4 video: {{reason}}',
  media_video_preview_required:
    'Linecast cannot make a preview from a video on this server (no ffmpeg): upload a still picture first and give its id as previewId',
  media_preview_not_found: "previewId must name a picture of this workspace's media library",
  media_in_use_by_drafts: 'Draft campaigns use this file ({{campaigns}}): remove it from them first',
} as const;

export type IssueCode = keyof typeof ISSUE_TEXT;
export type IssueParams = Record<string, string | number>;

/** Every code the server can emit: the list the translation check walks. */
export const ISSUE_CODES = Object.keys(ISSUE_TEXT) as IssueCode[];

/** One problem: the code and parameters for the UI, the English message for the API. */
export interface CodedIssue {
  code: IssueCode;
  params: IssueParams;
  message: string;
}

/** `{{name}}` and `{{name, format}}` placeholders of a template, by name. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1]!))];
}

/** Fills a template's placeholders from params (a missing one stays as written, so the gap is visible). */
export function interpolate(template: string, params: IssueParams): string {
  return template.replace(/\{\{\s*([^,}\s]+)[^}]*\}\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

export function issueMessage(code: IssueCode, params: IssueParams = {}): string {
  return interpolate(ISSUE_TEXT[code], params);
}

export function coded(code: IssueCode, params: IssueParams = {}): CodedIssue {
  return { code, params, message: issueMessage(code, params) };
}

export function isIssueCode(code: unknown): code is IssueCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ISSUE_TEXT, code);
}

/**
 * Parameters for a zod check that should report a code of ours: `.refine(fn, check('https'))`. The code rides in
 * the issue's `params` (zod keeps them on custom issues), the English text in its message.
 */
export function check(code: IssueCode, params: IssueParams = {}): { message: string; params: { code: IssueCode } & IssueParams } {
  return { message: issueMessage(code, params), params: { ...params, code } };
}

/** What zod reports about one issue, as far as the mapping below reads it. */
export interface ZodIssueLike {
  code?: string;
  message?: string;
  input?: unknown;
  expected?: unknown;
  origin?: string;
  format?: string;
  minimum?: unknown;
  maximum?: unknown;
  values?: readonly unknown[];
  options?: readonly unknown[];
  keys?: readonly string[];
  params?: Record<string, unknown>;
  /** A record key's own problems (zod's `invalid_key`). */
  issues?: readonly ZodIssueLike[];
}

/** zod reports a bad record key as `invalid_key` wrapping the key's own issue: that inner one says what is wrong. */
export function innermostZodIssue<T extends ZodIssueLike>(i: T): T {
  return i.code === 'invalid_key' && i.issues?.[0] ? innermostZodIssue(i.issues[0] as T) : i;
}

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v));

/**
 * The code of one zod issue. A check of ours carries its code in `params`; zod's built-in checks are mapped by
 * kind (too short, not a number, not one of …), so API 400 details and client-side forms are translatable too.
 */
export function codeOfZodIssue(outer: ZodIssueLike): { code: IssueCode; params: IssueParams } {
  const i = innermostZodIssue(outer);
  const own = i.params?.code;
  if (isIssueCode(own)) {
    const { code: _c, ...rest } = i.params as Record<string, unknown>;
    const params: IssueParams = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    return { code: own, params };
  }
  switch (i.code) {
    case 'invalid_type': {
      // zod keeps `input` only when asked (reportInput); without it, its default message says what was received.
      const missing = 'input' in i ? i.input === undefined || i.input === null : /received (undefined|null)$/.test(i.message ?? '');
      if (missing) return { code: 'required', params: {} };
      const expected = String(i.expected);
      if (expected === 'int') return { code: 'integer', params: {} };
      if (expected === 'object') return { code: 'type_object', params: {} };
      if (expected === 'array') return { code: 'type_array', params: {} };
      return { code: 'type', params: { expected } };
    }
    case 'too_small': {
      const min = num(i.minimum);
      if (i.origin === 'string') return min <= 1 ? { code: 'empty', params: {} } : { code: 'too_short', params: { min } };
      if (i.origin === 'array' || i.origin === 'set') return { code: 'too_few', params: { min } };
      return { code: 'min', params: { min } };
    }
    case 'too_big': {
      const max = num(i.maximum);
      if (i.origin === 'string') return { code: 'too_long', params: { max } };
      if (i.origin === 'array' || i.origin === 'set') return { code: 'too_many', params: { max } };
      return { code: 'max', params: { max } };
    }
    case 'invalid_format':
      if (i.format === 'email') return { code: 'email', params: {} };
      if (i.format === 'uuid' || i.format === 'guid') return { code: 'uuid', params: {} };
      if (i.format === 'url') return { code: 'url', params: {} };
      return { code: 'invalid_format', params: {} };
    case 'invalid_value':
    case 'invalid_union': {
      const values = (i.values ?? i.options ?? []).map(String);
      if (values.length === 1) return { code: 'equals', params: { value: values[0]! } };
      return values.length ? { code: 'one_of', params: { values: values.join(', ') } } : { code: 'invalid', params: {} };
    }
    case 'not_multiple_of':
      return { code: 'integer', params: {} };
    case 'unrecognized_keys':
      return { code: 'unknown_keys', params: { keys: (i.keys ?? []).join(', ') } };
    default:
      return { code: 'invalid', params: {} };
  }
}

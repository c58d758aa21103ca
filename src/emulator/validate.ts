/**
 * The emulator's message check. The full LINE rules live in src/domain/messages (shared with the API and the
 * UI); until that module lands this is a deliberately minimal stand-in covering the count, the type and the
 * text length, so the emulator never becomes a second full validator.
 */
export interface MessageIssue {
  path: string;
  message: string;
}

const TYPES = ['text', 'textV2', 'image', 'video', 'audio', 'location', 'sticker', 'template', 'imagemap', 'flex'];

export function validateMessages(messages: unknown, opts: { basePath?: string } = {}): MessageIssue[] {
  const base = opts.basePath ?? 'messages';
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
    return [{ path: base, message: 'Size must be between 1 and 5' }];
  }
  const out: MessageIssue[] = [];
  messages.forEach((m, i) => {
    const p = `${base}[${i}]`;
    if (!m || typeof m !== 'object') {
      out.push({ path: p, message: 'Must be an object' });
      return;
    }
    const type = (m as { type?: unknown }).type;
    if (typeof type !== 'string' || !TYPES.includes(type)) {
      out.push({ path: `${p}.type`, message: `Must be one of the following values: [${TYPES.join(', ')}]` });
      return;
    }
    if (type === 'text' || type === 'textV2') {
      const text = (m as { text?: unknown }).text;
      if (typeof text !== 'string' || text.length === 0) out.push({ path: `${p}.text`, message: 'May not be empty' });
      else if (text.length > 5000) out.push({ path: `${p}.text`, message: 'Length must be between 0 and 5000' });
    }
  });
  return out;
}

/**
 * Reads a Server-Sent Events stream with fetch (the session cookie goes along), so a non-2xx answer is seen as such.
 * Calls onEvent with each `data:` payload parsed as JSON; resolves when the stream ends; throws on a non-2xx answer.
 */
export async function readEventStream(url: string, onEvent: (data: unknown, event: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal, credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let cut: number;
    while ((cut = buf.search(/\r?\n\r?\n/)) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut).replace(/^\r?\n\r?\n/, '');
      parseBlock(block, onEvent);
    }
  }
}

export function parseBlock(block: string, onEvent: (data: unknown, event: string) => void): void {
  // eslint-disable-next-line i18next/no-literal-string -- SSE event name, not words
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') event = val;
    else if (field === 'data') data.push(val);
  }
  if (!data.length) return;
  try {
    onEvent(JSON.parse(data.join('\n')), event);
  } catch {
    /* a non-JSON keep-alive: ignore */
  }
}

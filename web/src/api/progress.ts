/** A campaign's live delivery progress: one answer, or the server's event stream of them. */
import { get } from './client.ts';
import { apiPath } from './paths.ts';
import { readEventStream } from './sse.ts';
import type { Progress } from './types.ts';

const progressPath = (ws: string, id: string, ...rest: string[]) => apiPath('workspaces', ws, 'campaigns', id, 'progress', ...rest);

export const progressApi = {
  get: (ws: string, id: string, signal?: AbortSignal) => get<Progress>(progressPath(ws, id), signal),
  /** Calls onProgress with each event until the stream ends (resolves) or answers non-2xx (throws). */
  stream: (ws: string, id: string, onProgress: (p: Progress) => void, signal: AbortSignal) =>
    readEventStream(progressPath(ws, id, 'stream'), (data) => onProgress(data as Progress), signal),
};

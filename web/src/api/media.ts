/** The workspace's media library: its files (newest first) and uploads with progress. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getAll, upload } from './client.ts';
import { qk } from './keys.ts';
import { apiPath } from './paths.ts';
import type { MediaItem } from './types.ts';

export const mediaApi = {
  /** Every file of the workspace, newest first (the API pages by ID, which says nothing about age). */
  list: async (ws: string) =>
    (await getAll<MediaItem>(apiPath('workspaces', ws, 'media'))).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  /**
   * Sends the file as the raw body with its own type; a file the browser cannot type goes as octet-stream so the
   * server's coded 415 says what it takes.
   */
  upload: (ws: string, file: File, onProgress: (sent: number, total: number) => void) =>
    upload<MediaItem>(apiPath('workspaces', ws, 'media'), file, file.type || 'application/octet-stream', onProgress),
};

export function useMedia(ws: string, enabled = true) {
  return useQuery({ queryKey: qk.media(ws), queryFn: () => mediaApi.list(ws), enabled });
}

/** Uploads one file; the library's list is read again afterwards, so the new file shows in the grid. */
export function useUploadMedia(ws: string, onProgress: (sent: number, total: number) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => mediaApi.upload(ws, file, onProgress),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.media(ws) }),
  });
}

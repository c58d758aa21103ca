/** The stickers a bot may send, for the sticker picker (the list is fixed by LINE, so it is read once). */
import { useQuery } from '@tanstack/react-query';
import { get } from './client.ts';
import { qk } from './keys.ts';
import { apiPath } from './paths.ts';
import type { BotSticker } from './types.ts';

export const stickersApi = {
  list: async (ws: string) => (await get<{ items: BotSticker[] }>(apiPath('workspaces', ws, 'stickers'))).items,
};

export function useStickers(ws: string, enabled = true) {
  return useQuery({ queryKey: qk.stickers(ws), queryFn: () => stickersApi.list(ws), staleTime: Infinity, enabled });
}

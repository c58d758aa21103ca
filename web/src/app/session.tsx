import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ApiError, get, getApiKey, setApiKey } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { MeResponse, WorkspaceWithRole } from '../api/types.ts';
import { setLocale } from '../i18n/index.ts';
import { isLocale } from '../../../src/domain/locales.ts';

interface Session {
  apiKey: string | null;
  me: MeResponse | undefined;
  loading: boolean;
  error: unknown;
  signIn(key: string, me: MeResponse): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);
const LAST_WS = 'linecast.workspace';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [apiKey, setKey] = useState<string | null>(() => getApiKey());
  const qc = useQueryClient();
  const me = useQuery({
    queryKey: [...qk.me, apiKey],
    queryFn: () => get<MeResponse>('/api/v1/me'),
    enabled: !!apiKey,
    retry: (n, e) => !(e instanceof ApiError && e.status === 401) && n < 2,
  });
  const signOut = useCallback(() => {
    setApiKey(null);
    setKey(null);
    qc.clear();
  }, [qc]);
  const signIn = useCallback(
    (key: string, data: MeResponse) => {
      setApiKey(key);
      qc.setQueryData([...qk.me, key], data);
      setKey(key);
    },
    [qc],
  );
  // The language the user chose is kept on the server, so it follows them to every browser.
  const stored = me.data?.user.locale;
  useEffect(() => {
    if (isLocale(stored)) setLocale(stored);
  }, [stored]);
  // A revoked key signs the user out instead of leaving every page failing.
  if (me.error instanceof ApiError && me.error.status === 401 && apiKey) queueMicrotask(signOut);
  const value = useMemo<Session>(
    () => ({ apiKey, me: me.data, loading: !!apiKey && me.isPending, error: me.error, signIn, signOut }),
    [apiKey, me.data, me.isPending, me.error, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function rememberWorkspace(ws: string): void {
  try {
    localStorage.setItem(LAST_WS, ws);
  } catch {
    /* private mode: fine */
  }
}

export function preferredWorkspace(me: MeResponse | undefined): string | null {
  if (!me || me.workspaces.length === 0) return null;
  const last = typeof localStorage !== 'undefined' ? localStorage.getItem(LAST_WS) : null;
  return me.workspaces.find((w) => w.id === last)?.id ?? me.workspaces[0]!.id;
}

/** The workspace in the URL, with the caller's role in it. */
export function useWorkspace(): { ws: string; workspace: WorkspaceWithRole | undefined; canEdit: boolean; isAdmin: boolean } {
  const { ws = '' } = useParams();
  const { me } = useSession();
  const workspace = me?.workspaces.find((w) => w.id === ws);
  const isAdmin = !!me?.user.isAdmin;
  const canEdit = isAdmin || workspace?.role === 'admin' || workspace?.role === 'marketer';
  return { ws, workspace, canEdit, isAdmin };
}

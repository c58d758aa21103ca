import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ApiError, setCsrfToken } from '../api/client.ts';
import { sessionApi } from '../api/session.ts';
import { usersApi } from '../api/users.ts';
import { qk } from '../api/keys.ts';
import type { MeResponse, SessionResponse, WorkspaceWithRole } from '../api/types.ts';
import { setLocale } from '../i18n/index.ts';
import { isLocale } from '../../../src/domain/locales.ts';

/**
 * Who is signed in, from the session endpoint. The session itself is an HttpOnly cookie the browser keeps; this
 * only remembers the answer (user, workspaces, the CSRF token for writes) in memory.
 */
interface Session {
  me: SessionResponse | undefined;
  signedIn: boolean;
  loading: boolean;
  error: unknown;
  signIn(email: string, password: string): Promise<SessionResponse>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
const LAST_WS = 'linecast.workspace';

/** The session, or null when nobody is signed in (401 is an answer here, not an error). */
async function readSession(): Promise<SessionResponse | null> {
  try {
    const s = await sessionApi.get();
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const session = useQuery({ queryKey: qk.me, queryFn: readSession, retry: (n) => n < 2, staleTime: 60_000 });

  // A session that ended on the server (expired, signed out elsewhere, password reset) shows the sign-in page
  // instead of leaving every page failing.
  useEffect(() => {
    const ended = (e: unknown) => e instanceof ApiError && e.status === 401;
    const q = qc.getQueryCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error' && ended(ev.action.error)) qc.setQueryData(qk.me, null);
    });
    const m = qc.getMutationCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error' && ended(ev.action.error)) qc.setQueryData(qk.me, null);
    });
    return () => {
      q();
      m();
    };
  }, [qc]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const s = await sessionApi.signIn({ email, password });
      setCsrfToken(s.csrfToken);
      qc.setQueryData(qk.me, s);
      return s;
    },
    [qc],
  );
  const signOut = useCallback(async () => {
    try {
      await sessionApi.signOut();
    } finally {
      setCsrfToken(null);
      qc.setQueryData(qk.me, null);
      // Nothing of this user's stays in memory for whoever signs in next in this tab.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== qk.me[0] });
    }
  }, [qc]);
  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const me = qc.getQueryData<SessionResponse | null>(qk.me);
      if (!me) throw new Error('Not signed in');
      await usersApi.setPassword(me.user.id, { currentPassword, newPassword });
      await qc.invalidateQueries({ queryKey: qk.me });
    },
    [qc],
  );

  const me = session.data ?? undefined;
  // The language the user chose is kept on the server, so it follows them to every browser.
  const stored = me?.user.locale;
  useEffect(() => {
    if (isLocale(stored)) setLocale(stored);
  }, [stored]);
  const value = useMemo<Session>(
    () => ({ me, signedIn: !!me, loading: session.isPending, error: session.error, signIn, signOut, changePassword }),
    [me, session.isPending, session.error, signIn, signOut, changePassword],
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

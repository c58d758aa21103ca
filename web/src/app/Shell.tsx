import { AppShell, Burger, Group, NavLink, Select, Stack, Text, Button, Divider, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workspacesApi } from '../api/workspaces.ts';
import { qk } from '../api/keys.ts';
import { rememberWorkspace, useSession } from './session.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { ChangePasswordDialog } from './ChangePassword.tsx';

/**
 * A workspace without a time zone gets the first admin's browser zone the first time an admin opens it: schedules,
 * reports and exports then speak the zone the team works in.
 */
function useDefaultTimeZone(workspaceId: string | null) {
  const { me } = useSession();
  const qc = useQueryClient();
  const tried = useRef(new Set<string>());
  const ws = me?.workspaces.find((w) => w.id === workspaceId);
  useEffect(() => {
    if (!ws || ws.timeZone || !me?.user.isAdmin || tried.current.has(ws.id)) return;
    tried.current.add(ws.id);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone)
      void workspacesApi.update(ws.id, { timeZone: zone }).then(
        () => qc.invalidateQueries({ queryKey: qk.me }),
        () => undefined,
      );
  }, [ws, me?.user.isAdmin, qc]);
}

/** The frame around every signed-in page: workspace switcher, navigation, sign out. */
export function Shell() {
  const { me, signOut } = useSession();
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const [passwordOpen, password] = useDisclosure();
  const { ws } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const current = ws ?? (me ? localStorage.getItem('linecast.workspace') : null) ?? me?.workspaces[0]?.id ?? null;
  useDefaultTimeZone(current);

  function switchWorkspace(id: string | null) {
    if (!id) return;
    rememberWorkspace(id);
    // Stay on the same kind of page in the other workspace; a campaign id means nothing there.
    // eslint-disable-next-line i18next/no-literal-string -- route name, not words
    const section = location.pathname.split('/')[3] ?? 'campaigns';
    navigate(`/w/${id}/${section === 'segments' || section === 'overview' ? section : 'campaigns'}`);
    close();
  }

  const link = (to: string, label: string) => (
    <NavLink key={to} component={Link} to={to} label={label} active={location.pathname.startsWith(to)} onClick={close} />
  );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Text fw={700} c="green.8" component={Link} to={current ? `/w/${current}/campaigns` : '/'} style={{ textDecoration: 'none' }}>
              Linecast
            </Text>
          </Group>
          <Group gap="xs">
            <LanguageSwitcher me={me} />
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me?.user.email}
            </Text>
            <Button variant="subtle" size="xs" onClick={password.open}>
              {t('nav.changePassword')}
            </Button>
            <Button variant="subtle" size="xs" onClick={() => void signOut().then(() => navigate('/', { replace: true }))}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <ScrollArea>
          <Stack gap="xs">
            <Select
              label={t('nav.workspace')}
              aria-label={t('nav.workspace')}
              data={(me?.workspaces ?? []).map((w) => ({ value: w.id, label: w.name }))}
              value={current}
              onChange={switchWorkspace}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="workspace-switcher"
            />
            {current && link(`/w/${current}/campaigns`, t('nav.campaigns'))}
            {current && link(`/w/${current}/segments`, t('nav.segments'))}
            {current && link(`/w/${current}/overview`, t('nav.overview'))}
            {me?.user.isAdmin && (
              <>
                <Divider label={t('nav.configurations')} labelPosition="left" mt="sm" />
                {link('/settings/line-accounts', t('nav.lineAccounts'))}
                {link('/settings/workspaces', t('nav.workspaces'))}
                {link('/settings/users', t('nav.users'))}
                {link('/settings/parent-segments', t('nav.parentSegments'))}
              </>
            )}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <ChangePasswordDialog opened={passwordOpen} onClose={password.close} />
      <AppShell.Main>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

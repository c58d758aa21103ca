import { AppShell, Burger, Group, NavLink, Select, Stack, Text, Button, Divider, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { rememberWorkspace, useSession } from './session.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ChangePasswordDialog } from './ChangePassword.tsx';

/** The frame around every signed-in page: workspace switcher, navigation, sign out. */
export function Shell() {
  const { me, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const [passwordOpen, password] = useDisclosure();
  const { ws } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const current = ws ?? (me ? localStorage.getItem('linecast.workspace') : null) ?? me?.workspaces[0]?.id ?? null;

  function switchWorkspace(id: string | null) {
    if (!id) return;
    rememberWorkspace(id);
    // Stay on the same kind of page in the other workspace; a campaign id means nothing there.
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
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} c="green.8" component={Link} to={current ? `/w/${current}/campaigns` : '/'} style={{ textDecoration: 'none' }}>
              Linecast
            </Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me?.user.email}
            </Text>
            <Button variant="subtle" size="xs" onClick={password.open}>
              Change password
            </Button>
            <Button variant="subtle" size="xs" onClick={() => void signOut().then(() => navigate('/', { replace: true }))}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <ScrollArea>
          <Stack gap="xs">
            <Select
              label="Workspace"
              aria-label="Workspace"
              data={(me?.workspaces ?? []).map((w) => ({ value: w.id, label: w.name }))}
              value={current}
              onChange={switchWorkspace}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="workspace-switcher"
            />
            {current && link(`/w/${current}/campaigns`, 'Campaigns')}
            {current && link(`/w/${current}/segments`, 'Segments')}
            {current && link(`/w/${current}/overview`, 'Overview')}
            {me?.user.isAdmin && (
              <>
                <Divider label="Configurations" labelPosition="left" mt="sm" />
                {link('/settings/line-accounts', 'LINE accounts')}
                {link('/settings/workspaces', 'Workspaces')}
                {link('/settings/users', 'Users & API keys')}
                {link('/settings/parent-segments', 'Parent segments')}
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

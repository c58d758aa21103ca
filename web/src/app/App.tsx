import { Center, Loader, MantineProvider, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { SessionProvider, preferredWorkspace, useSession } from './session.tsx';
import { SignIn } from './SignIn.tsx';
import { ChooseNewPassword } from './ChangePassword.tsx';
import { Shell } from './Shell.tsx';
import { theme } from './theme.ts';
import { CampaignList } from '../campaigns/CampaignList.tsx';
import { CampaignPage } from '../campaigns/CampaignPage.tsx';
import { ReportPage } from '../report/ReportPage.tsx';
import { OverviewPage } from '../report/OverviewPage.tsx';
import { SegmentsPage } from '../config/SegmentsPage.tsx';
import { LineAccountsPage } from '../config/LineAccountsPage.tsx';
import { WorkspacesPage } from '../config/WorkspacesPage.tsx';
import { UsersPage } from '../config/UsersPage.tsx';
import { ParentSegmentsPage } from '../config/ParentSegmentsPage.tsx';

export function makeQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false } } });
}

function Home() {
  const { me } = useSession();
  const ws = preferredWorkspace(me);
  if (ws) return <Navigate to={`/w/${ws}/campaigns`} replace />;
  if (me?.user.isAdmin) return <Navigate to="/settings/workspaces" replace />;
  return <Text p="xl">You are not a member of any workspace yet. Ask an admin to add you to one.</Text>;
}

function Gate() {
  const { loading, me, error } = useSession();
  if (loading) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!me) {
    if (error) return <Text p="xl">Linecast's server does not answer: {errorMessage(error)}. Reload the page to try again.</Text>;
    return <SignIn />;
  }
  if (me.passwordMustChange) return <ChooseNewPassword />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Home />} />
        <Route path="w/:ws/campaigns" element={<CampaignList />} />
        <Route path="w/:ws/campaigns/:id/report" element={<ReportPage />} />
        <Route path="w/:ws/campaigns/:id/:tab?" element={<CampaignPage />} />
        <Route path="w/:ws/segments" element={<SegmentsPage />} />
        <Route path="w/:ws/overview" element={<OverviewPage />} />
        <Route path="settings/line-accounts" element={<LineAccountsPage />} />
        <Route path="settings/workspaces" element={<WorkspacesPage />} />
        <Route path="settings/users" element={<UsersPage />} />
        <Route path="settings/parent-segments" element={<ParentSegmentsPage />} />
        <Route path="*" element={<Text p="xl">Nothing here. Pick a page on the left.</Text>} />
      </Route>
    </Routes>
  );
}

export function App({ client = makeQueryClient() }: { client?: QueryClient }) {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={client}>
        <BrowserRouter>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

import { Center, Loader, MantineProvider, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { DatesProvider } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import '../i18n/index.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
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
  const { t } = useTranslation();
  const ws = preferredWorkspace(me);
  if (ws) return <Navigate to={`/w/${ws}/campaigns`} replace />;
  if (me?.user.isAdmin) return <Navigate to="/settings/workspaces" replace />;
  return <Text p="xl">{t('app.noWorkspace')}</Text>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Text p="xl">{t('app.notFound')}</Text>;
}

function Gate() {
  const { loading, me, error } = useSession();
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (loading) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (!me) {
    if (error) return <Text p="xl">{t('app.serverDown', { error: errorText(error) })}</Text>;
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
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

const DAYJS_LOCALE: Record<string, string> = { en: 'en', ja: 'ja', th: 'th', 'zh-TW': 'zh-tw' };

export function App({ client = makeQueryClient() }: { client?: QueryClient }) {
  const { i18n } = useTranslation();
  return (
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: DAYJS_LOCALE[i18n.language] ?? 'en' }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <BrowserRouter>
            <SessionProvider>
              <Gate />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}

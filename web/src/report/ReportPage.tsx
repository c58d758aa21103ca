import { Alert, Anchor, Breadcrumbs, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { reportsApi, type CampaignCsv } from '../api/reports.ts';
import { qk } from '../api/keys.ts';
import { useWorkspace } from '../app/session.tsx';
import { ChartLegend } from './ChartLegend.tsx';
import { ReportLinks } from './ReportLinks.tsx';
import { StateBadge } from '../campaigns/StateBadge.tsx';
import { useFormat } from '../i18n/format.ts';
import { useErrorText } from '../i18n/useErrorText.ts';

function Stat({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`report-${id}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

async function download(ws: string, id: string, file: CampaignCsv, name: string) {
  const text = await reportsApi.csv(ws, id, file);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

function Reasons({ title, counts, number }: { title: string; counts: Record<string, number>; number(n: number): string }) {
  const { t } = useTranslation();
  const rows = Object.entries(counts).filter(([, n]) => n > 0);
  if (!rows.length) return null;
  return (
    <Paper withBorder p="sm">
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
      {rows.map(([k, n]) => (
        <Group key={k} justify="space-between">
          <Text size="sm">{t(`reasons.${k}`, { defaultValue: k })}</Text>
          <Text size="sm">{number(n)}</Text>
        </Group>
      ))}
    </Paper>
  );
}

/**
 * The campaign's results: what the reporting API answers, shown as it is (fields it does not have yet are skipped).
 * Numbers and times in the user's language; times in the workspace's zone, which the page states.
 */
export function ReportPage() {
  const { id = '' } = useParams();
  const { ws } = useWorkspace();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const report = useQuery({
    queryKey: qk.report(ws, id),
    queryFn: ({ signal }) => reportsApi.campaign(ws, id, signal),
    refetchInterval: (q) => (q.state.data?.state === 'Active' ? 3000 : false),
  });
  const r = report.data;
  const f = useFormat(r?.timeZone);
  if (report.isPending) return <Loader />;
  if (!r) return <Alert color="red">{errorText(report.error)}</Alert>;
  const series = r.series ?? { bucket: 'minute' as const, points: [] };
  const accepted = t('report.chartAccepted');
  const clicks = t('report.chartClicks');
  const chart = series.points.map((p) => ({ at: f.axis(p.start, series.bucket), [accepted]: p.accepted, [clicks]: p.clicks }));

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to={`/w/${ws}/campaigns`}>
          {t('nav.campaigns')}
        </Anchor>
        <Anchor component={Link} to={`/w/${ws}/campaigns/${id}`}>
          {r.name}
        </Anchor>
        <Text>{t('report.title')}</Text>
      </Breadcrumbs>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{t('report.heading', { name: r.name })}</Title>
          <StateBadge state={r.state} />
        </Group>
        <Group>
          <Button variant="default" onClick={() => void download(ws, id, 'report.csv', `campaign-${id}-report.csv`)}>
            {t('report.reportCsv')}
          </Button>
          <Button variant="default" onClick={() => void download(ws, id, 'clicks.csv', `campaign-${id}-clicks.csv`)}>
            {t('report.clicksCsv')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" data-testid="report-times">
        {t('report.times', {
          launched: f.dateTime(r.launchedAt),
          finished: f.dateTime(r.finishedAt),
          asOf: f.time(r.generatedAt),
          zone: f.zoneName(),
        })}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4, xl: 7 }}>
        <Stat id="audience" label={t('report.audience')} value={f.number(r.audience)} />
        <Stat id="accepted" label={t('report.accepted')} value={f.number(r.accepted)} hint={t('report.acceptedHint')} />
        <Stat id="failed" label={t('report.failed')} value={f.number(r.failed.total)} />
        <Stat id="excluded" label={t('report.excluded')} value={f.number(r.excluded.total)} />
        <Stat id="pending" label={t('report.pending')} value={f.number(r.pending)} />
        <Stat
          id="clicks"
          label={t('report.clicks')}
          value={f.number(r.clicks.total)}
          hint={
            r.clicks.unique != null
              ? t('report.clickPeople', { people: f.number(r.clicks.unique), rate: f.percent(r.clicks.clickRate) })
              : t('report.perCampaign')
          }
        />
        <Stat
          id="blocks"
          label={t('report.blocks')}
          value={f.number(r.blocks.count)}
          hint={t('report.blocksHint', { hours: f.number(r.blocks.windowHours), rate: f.percent(r.blocks.rate) })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Reasons title={t('report.failedByReason')} counts={r.failed.byReason} number={f.number} />
        <Reasons title={t('report.excludedByReason')} counts={r.excluded.byReason} number={f.number} />
      </SimpleGrid>
      {chart.length > 0 && (
        <Paper withBorder p="sm" data-testid="report-chart">
          <Text fw={600} size="sm" mb="xs">
            {t(`report.chartTitle.${series.bucket}`)}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('report.chartZone', { zone: f.zoneName() })}
          </Text>
          <div style={{ width: '100%', height: 240 }}>
            <ResponsiveContainer>
              <AreaChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" />
                <YAxis tickFormatter={(v: number) => f.number(v)} />
                <Tooltip formatter={(v) => f.number(Number(v))} />
                <Legend content={(props) => <ChartLegend payload={props.payload} />} />
                <Area dataKey={accepted} stroke="#06c755" fill="#b2f2bb" />
                <Area dataKey={clicks} stroke="#1c7ed6" fill="#a5d8ff" />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </Paper>
      )}
      <ReportLinks report={r} number={f.number} />
      {r.line && (
        <Paper withBorder p="sm">
          <Text fw={600} size="sm">
            {t('report.lineStats', { unit: r.line.unit })}
          </Text>
          <Text size="sm">
            {t('report.lineNumbers', {
              impressions: lineFigure(r.line.uniqueImpressions, r.line.display.uniqueImpressions, f.number),
              clicks: lineFigure(r.line.uniqueClicks, r.line.display.uniqueClicks, f.number),
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('report.lineFloor')} {r.line.lastError ? t('report.lineError', { error: r.line.lastError }) : ''}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

/** LINE's figure: the number when LINE gave one, else what the API shows for it ("< 20", or "–" when not read). */
function lineFigure(value: number | null, display: string, number: (n: number) => string): string {
  return value != null ? number(value) : display;
}

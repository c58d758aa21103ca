import { useMemo, useState } from 'react';
import { Alert, Group, NumberInput, Radio, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput, TimeInput } from '@mantine/dates';
import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import { useTranslation } from 'react-i18next';
import type { DeliverySpeedTab, ScheduleTab as Schedule } from '../../api/types.ts';
import { errorAt, type TabProps } from './tab.ts';
import { useAutosave } from '../useAutosave.ts';
import { instantOf } from '../localTime.ts';
import { useWorkspace } from '../../app/session.tsx';
import { makeFormat } from '../../i18n/format.ts';

// "LL" writes the date as the language does (2027年1月15日); Thai dates count years in the Buddhist era, as Intl
// writes every other date of the Thai UI (15 มกราคม 2570).
dayjs.extend(localizedFormat);
dayjs.extend(buddhistEra);
const DATE_FORMAT: Record<string, string> = { th: 'D MMMM BBBB' };

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Tokyo', 'Asia/Bangkok', 'Asia/Taipei', 'Europe/London', 'America/New_York'];
  }
}

export function ScheduleTab({ campaign, editable, issues, save }: TabProps) {
  const { t, i18n } = useTranslation();
  const { workspace } = useWorkspace();
  // New schedules start in the workspace's zone (the server sets it on new campaigns; older drafts may say UTC).
  const defaultZone = workspace?.timeZone || browserZone;
  const [schedule, setSchedule] = useState<Schedule>(campaign.schedule);
  const [speed, setSpeed] = useState<DeliverySpeedTab>(campaign.deliverySpeed);
  useAutosave({ schedule, speed }, (v) => save({ schedule: v.schedule, deliverySpeed: v.speed }), 300, editable);
  const f = useMemo(() => makeFormat(i18n.language, schedule.timeZone || defaultZone), [i18n.language, schedule.timeZone, defaultZone]);
  // Each zone with its name in the user's language, so "Asia/Bangkok" also reads as Indochina Time in Thai.
  const zoneList = useMemo(() => zones().map((z) => ({ value: z, label: f.zoneName(z) })), [f]);
  const [date, time] = schedule.at ? schedule.at.split('T') : [null, null];
  const setAt = (d: string | null, tm: string | null) => setSchedule({ ...schedule, at: d ? `${d}T${(tm || '09:00').slice(0, 5)}` : null });
  const instant = instantOf(schedule.at, schedule.timeZone);

  return (
    <Stack maw={760}>
      <Radio.Group
        label={t('schedule.when')}
        value={schedule.mode}
        onChange={(v) =>
          setSchedule({
            ...schedule,
            mode: v as Schedule['mode'],
            timeZone: schedule.timeZone && schedule.timeZone !== 'UTC' ? schedule.timeZone : defaultZone,
          })
        }
        error={errorAt(issues, 'schedule.mode')}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="immediate" label={t('schedule.immediate')} description={t('schedule.immediateHelp')} disabled={!editable} />
          <Radio value="scheduled" label={t('schedule.later')} description={t('schedule.laterHelp')} disabled={!editable} />
          <Radio value="recurring" label={t('schedule.recurring')} description={t('schedule.recurringHelp')} disabled />
        </Stack>
      </Radio.Group>
      {schedule.mode === 'scheduled' && (
        <Stack gap="xs">
          <Group grow align="flex-start">
            <DatePickerInput
              label={t('schedule.date')}
              placeholder={t('schedule.pickDate')}
              valueFormat={DATE_FORMAT[i18n.language] ?? 'LL'}
              nextLabel={t('schedule.nextMonth')}
              previousLabel={t('schedule.previousMonth')}
              value={date ?? null}
              onChange={(d) => setAt(d ? dayjs(d).format('YYYY-MM-DD') : null, time ?? null)}
              minDate={dayjs().format('YYYY-MM-DD')}
              disabled={!editable}
              error={errorAt(issues, 'schedule.at')}
            />
            <TimeInput
              label={t('schedule.time')}
              value={time?.slice(0, 5) ?? ''}
              onChange={(e) => setAt(date ?? dayjs().format('YYYY-MM-DD'), e.currentTarget.value)}
              disabled={!editable}
            />
            <Select
              label={t('schedule.timeZone')}
              data={zoneList}
              value={schedule.timeZone}
              onChange={(z) => z && setSchedule({ ...schedule, timeZone: z })}
              searchable
              allowDeselect={false}
              disabled={!editable}
              error={errorAt(issues, 'schedule.timeZone')}
            />
          </Group>
          {instant && (
            <Text size="sm" c="dimmed" data-testid="schedule-converted">
              {t('schedule.converted', {
                there: f.dateTimeIn(instant, schedule.timeZone),
                here: f.dateTimeIn(instant, browserZone),
                browserZone,
                utc: f.dateTimeIn(instant, 'UTC'),
              })}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('schedule.dstNote')}
          </Text>
        </Stack>
      )}
      <Stack gap={4}>
        <Text fw={500} size="sm">
          {t('schedule.speed')}
        </Text>
        <SegmentedControl
          data={[
            { value: 'fastest', label: t('schedule.fastest') },
            { value: 'staged', label: t('schedule.staged') },
          ]}
          value={speed.mode}
          onChange={(m) =>
            setSpeed(m === 'staged' ? { mode: 'staged', durationMinutes: speed.durationMinutes ?? 60 } : { mode: 'fastest' })
          }
          disabled={!editable}
          w={240}
          aria-label={t('schedule.speed')}
        />
        <Text size="xs" c="dimmed">
          {speed.mode === 'fastest' ? t('schedule.fastestHelp') : t('schedule.stagedHelp')}
        </Text>
        {speed.mode === 'staged' && (
          <Group grow>
            <NumberInput
              label={t('schedule.spreadOver')}
              min={1}
              max={7 * 24 * 60}
              value={speed.durationMinutes ?? ''}
              onChange={(v) => setSpeed({ mode: 'staged', durationMinutes: typeof v === 'number' ? v : undefined, perMinute: undefined })}
              disabled={!editable}
            />
            <NumberInput
              label={t('schedule.perMinute')}
              min={1}
              value={speed.perMinute ?? ''}
              onChange={(v) => setSpeed({ mode: 'staged', perMinute: typeof v === 'number' ? v : undefined, durationMinutes: undefined })}
              disabled={!editable}
            />
          </Group>
        )}
      </Stack>
      {issues.length > 0 && (
        <Alert color="red" title={t('campaign.fixBeforeLaunch')}>
          {issues.map((i) => (
            <div key={i.path + i.message}>{i.message}</div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

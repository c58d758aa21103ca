import { useMemo, useState } from 'react';
import { Alert, Group, NumberInput, Radio, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput, TimeInput } from '@mantine/dates';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { DeliverySpeedTab, ScheduleTab as Schedule } from '../../api/types.ts';
import type { TabProps } from '../CampaignPage.tsx';
import { errorAt, useAutosave } from '../useCampaign.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Tokyo', 'Asia/Bangkok', 'Asia/Taipei', 'Europe/London', 'America/New_York'];
  }
}

/** "2026-12-24T18:00" in zone → what that is in the browser's zone, to catch a wrong zone at a glance. */
function inBrowserZone(at: string | null, zone: string): string | null {
  if (!at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at)) return null;
  try {
    const t = dayjs.tz(at, zone);
    return t.isValid() ? `${t.tz(browserZone).format('YYYY-MM-DD HH:mm')} your time (${browserZone}) · ${t.utc().format('YYYY-MM-DD HH:mm')} UTC` : null;
  } catch {
    return null;
  }
}

export function ScheduleTab({ campaign, editable, issues, save }: TabProps) {
  const [schedule, setSchedule] = useState<Schedule>(campaign.schedule);
  const [speed, setSpeed] = useState<DeliverySpeedTab>(campaign.deliverySpeed);
  useAutosave({ schedule, speed }, (v) => save({ schedule: v.schedule, deliverySpeed: v.speed }), 300, editable);
  const zoneList = useMemo(() => zones(), []);
  const [date, time] = schedule.at ? schedule.at.split('T') : [null, null];
  const setAt = (d: string | null, t: string | null) => setSchedule({ ...schedule, at: d ? `${d}T${(t || '09:00').slice(0, 5)}` : null });
  const converted = inBrowserZone(schedule.at, schedule.timeZone);

  return (
    <Stack maw={760}>
      <Radio.Group
        label="When to send"
        value={schedule.mode}
        onChange={(v) => setSchedule({ ...schedule, mode: v as Schedule['mode'], timeZone: schedule.timeZone || browserZone })}
        error={errorAt(issues, 'schedule.mode')}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="immediate" label="Send immediately" description="Delivery begins as soon as you click Launch." disabled={!editable} />
          <Radio value="scheduled" label="Schedule for later" description="Delivery begins at the date and time you choose, in the time zone you choose." disabled={!editable} />
          <Radio
            value="recurring"
            label="Recurring (to be supported)"
            description="Sending on a regular basis is what Always-On campaigns do; a one-off campaign sends once."
            disabled
          />
        </Stack>
      </Radio.Group>
      {schedule.mode === 'scheduled' && (
        <Stack gap="xs">
          <Group grow align="flex-start">
            <DatePickerInput
              label="Date"
              placeholder="Pick a date"
              value={date ?? null}
              onChange={(d) => setAt(d ? dayjs(d).format('YYYY-MM-DD') : null, time ?? null)}
              minDate={dayjs().format('YYYY-MM-DD')}
              disabled={!editable}
              error={errorAt(issues, 'schedule.at')}
            />
            <TimeInput label="Time" value={time?.slice(0, 5) ?? ''} onChange={(e) => setAt(date ?? dayjs().format('YYYY-MM-DD'), e.currentTarget.value)} disabled={!editable} />
            <Select
              label="Time zone"
              data={zoneList}
              value={schedule.timeZone}
              onChange={(z) => z && setSchedule({ ...schedule, timeZone: z })}
              searchable
              allowDeselect={false}
              disabled={!editable}
              error={errorAt(issues, 'schedule.timeZone')}
            />
          </Group>
          {converted && (
            <Text size="sm" c="dimmed" data-testid="schedule-converted">
              = {converted}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            A time skipped by a daylight-saving change is refused rather than moved; a time that happens twice uses the earlier one. You can unschedule
            and edit until the campaign starts.
          </Text>
        </Stack>
      )}
      <Stack gap={4}>
        <Text fw={500} size="sm">
          Delivery speed
        </Text>
        <SegmentedControl
          data={[
            { value: 'fastest', label: 'Fastest' },
            { value: 'staged', label: 'Staged' },
          ]}
          value={speed.mode}
          onChange={(m) => setSpeed(m === 'staged' ? { mode: 'staged', durationMinutes: speed.durationMinutes ?? 60 } : { mode: 'fastest' })}
          disabled={!editable}
          w={240}
          aria-label="Delivery speed"
        />
        <Text size="xs" c="dimmed">
          {speed.mode === 'fastest'
            ? 'As fast as the LINE account’s rate limit allows.'
            : 'Spread the sends so your landing pages and support team are not hit all at once (and to avoid LINE’s round-hour congestion).'}
        </Text>
        {speed.mode === 'staged' && (
          <Group grow>
            <NumberInput
              label="Spread over (minutes)"
              min={1}
              max={7 * 24 * 60}
              value={speed.durationMinutes ?? ''}
              onChange={(v) => setSpeed({ mode: 'staged', durationMinutes: typeof v === 'number' ? v : undefined, perMinute: undefined })}
              disabled={!editable}
            />
            <NumberInput
              label="…or at most recipients a minute"
              min={1}
              value={speed.perMinute ?? ''}
              onChange={(v) => setSpeed({ mode: 'staged', perMinute: typeof v === 'number' ? v : undefined, durationMinutes: undefined })}
              disabled={!editable}
            />
          </Group>
        )}
      </Stack>
      {issues.length > 0 && (
        <Alert color="red" title="Fix before launch">
          {issues.map((i) => (
            <div key={i.path + i.message}>{i.message}</div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

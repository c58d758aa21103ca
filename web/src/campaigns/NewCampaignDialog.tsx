import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CampaignCreate } from '../../../src/schemas/campaign.ts';
import { useTranslation } from 'react-i18next';
import { campaignsApi } from '../api/campaigns.ts';
import { codeOfZodIssue } from '../../../src/domain/issues.ts';
import { issueText } from '../i18n/issues.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { qk } from '../api/keys.ts';
import type { CampaignCreateBody } from '../api/types.ts';

export function NewCampaignDialog({ ws, opened, onClose }: { ws: string; opened: boolean; onClose(): void }) {
  const [name, setName] = useState('');
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [touched, setTouched] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const parsed = CampaignCreate.safeParse({ name, type: 'line' });
  const create = useMutation({
    mutationFn: (body: CampaignCreateBody) => campaignsApi.create(ws, body),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: qk.campaigns(ws) });
      qc.setQueryData(qk.campaign(ws, c.id), c);
      onClose();
      setName('');
      setTouched(false);
      navigate(`/w/${ws}/campaigns/${c.id}/audience`);
    },
  });
  const first = !parsed.success ? parsed.error.issues[0] : undefined;
  const nameError = touched && first ? issueText(t, { message: first.message, ...codeOfZodIssue(first) }) : undefined;
  return (
    <Modal opened={opened} onClose={onClose} title={t('newCampaign.title')}>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (parsed.success) create.mutate(parsed.data);
        }}
      >
        <TextInput
          label={t('campaign.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onBlur={() => setTouched(true)}
          error={nameError}
          data-autofocus
          required
        />
        <Select
          label={t('newCampaign.type')}
          data={[{ value: 'line', label: t('newCampaign.lineOa') }]}
          value="line"
          allowDeselect={false}
          description={t('newCampaign.typeHelp')}
        />
        {create.error && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-7)' }}>
            {errorText(create.error)}
          </div>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

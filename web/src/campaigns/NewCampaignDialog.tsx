import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CampaignCreate } from '../../../src/schemas/campaign.ts';
import { errorMessage, post } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { Campaign } from '../api/types.ts';

export function NewCampaignDialog({ ws, opened, onClose }: { ws: string; opened: boolean; onClose(): void }) {
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const parsed = CampaignCreate.safeParse({ name, type: 'line' });
  const create = useMutation({
    mutationFn: () => post<Campaign>(`/api/v1/workspaces/${ws}/campaigns`, parsed.data),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: qk.campaigns(ws) });
      qc.setQueryData(qk.campaign(ws, c.id), c);
      onClose();
      setName('');
      setTouched(false);
      navigate(`/w/${ws}/campaigns/${c.id}/audience`);
    },
  });
  const nameError = touched && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  return (
    <Modal opened={opened} onClose={onClose} title="New campaign">
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (parsed.success) create.mutate();
        }}
      >
        <TextInput label="Campaign name" value={name} onChange={(e) => setName(e.currentTarget.value)} onBlur={() => setTouched(true)} error={nameError} data-autofocus required />
        <Select
          label="Campaign type"
          data={[{ value: 'line', label: 'LINE Official Account' }]}
          value="line"
          allowDeselect={false}
          description="Email and mobile push are not part of Linecast."
        />
        {create.error && <div role="alert" style={{ color: 'var(--mantine-color-red-7)' }}>{errorMessage(create.error)}</div>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

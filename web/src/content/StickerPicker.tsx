import { useMemo, useState } from 'react';
import { Alert, Loader, Modal, Select, SimpleGrid, Stack, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useStickers } from '../api/stickers.ts';
import type { BotSticker } from '../api/types.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { StickerImage } from '../preview/StickerImage.tsx';

/** Packages in LINE's order, each with its stickers. */
function byPackage(items: BotSticker[]): { packageId: string; name: string; stickers: BotSticker[] }[] {
  const out = new Map<string, { packageId: string; name: string; stickers: BotSticker[] }>();
  for (const s of items) {
    const p = out.get(s.packageId) ?? { packageId: s.packageId, name: s.name, stickers: [] };
    p.stickers.push(s);
    out.set(s.packageId, p);
  }
  return [...out.values()];
}

/** The stickers a bot may send (LINE's list), one package at a time; picking one closes the picker. */
export function StickerPicker({
  ws,
  opened,
  onClose,
  onPick,
  current,
}: {
  ws: string;
  opened: boolean;
  onClose(): void;
  onPick(s: BotSticker): void;
  current: { packageId: string; stickerId: string };
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const stickers = useStickers(ws, opened);
  const packages = useMemo(() => byPackage(stickers.data ?? []), [stickers.data]);
  const [chosen, setChosen] = useState<string | null>(null);
  const pkgId = chosen ?? (packages.some((p) => p.packageId === current.packageId) ? current.packageId : packages[0]?.packageId) ?? null;
  const pkg = packages.find((p) => p.packageId === pkgId);
  return (
    <Modal opened={opened} onClose={onClose} title={t('sticker.title')} size="lg">
      <Stack>
        {stickers.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {stickers.isError && (
          <Alert color="red" role="alert">
            {errorText(stickers.error)}
          </Alert>
        )}
        <Select
          label={t('sticker.package')}
          description={t('sticker.packageHelp')}
          data={packages.map((p) => ({ value: p.packageId, label: t('sticker.packageName', { name: p.name, id: p.packageId }) }))}
          value={pkgId}
          onChange={setChosen}
          allowDeselect={false}
          searchable
        />
        <SimpleGrid cols={{ base: 4, sm: 6 }} spacing="xs">
          {pkg?.stickers.map((s) => (
            <UnstyledButton
              key={s.stickerId}
              onClick={() => {
                onPick(s);
                onClose();
              }}
              aria-label={t('sticker.pick', { id: s.stickerId, name: s.name })}
              aria-pressed={s.packageId === current.packageId && s.stickerId === current.stickerId}
              data-testid="sticker-option"
              style={{
                padding: 4,
                borderRadius: 8,
                display: 'grid',
                placeItems: 'center',
                border:
                  s.packageId === current.packageId && s.stickerId === current.stickerId
                    ? '2px solid var(--mantine-color-green-6)'
                    : '1px solid var(--mantine-color-gray-3)',
              }}
            >
              <StickerImage sticker={s} size={64} />
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Stack>
    </Modal>
  );
}

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { MediaPickerModal } from './MediaPicker.tsx';

/**
 * The media library as a promise, for editors that ask for a picture URL from a callback (the Flex card editor's
 * `onPickImage`): `pick()` opens the picker and resolves with the chosen (or uploaded) picture's URL, or null when it
 * is closed without one. Render `modal` once where the hook is used.
 */
export function useImagePicker(ws: string, title: string): { pick(): Promise<string | null>; modal: ReactNode } {
  const [opened, setOpened] = useState(false);
  const waiting = useRef<((url: string | null) => void) | null>(null);
  const finish = useCallback((url: string | null) => {
    waiting.current?.(url);
    waiting.current = null;
    setOpened(false);
  }, []);
  const pick = useCallback(
    () =>
      new Promise<string | null>((resolve) => {
        waiting.current?.(null); // a pick still open is answered "none" rather than left hanging
        waiting.current = resolve;
        setOpened(true);
      }),
    [],
  );
  const modal = (
    <MediaPickerModal
      ws={ws}
      type="image"
      opened={opened}
      onClose={() => finish(null)}
      onPick={(m) => finish(m.urls.original)}
      title={title}
    />
  );
  return { pick, modal };
}

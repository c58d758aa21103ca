import { Text } from '@mantine/core';

/**
 * The problems of one message that no field of its editor shows (the message as a whole, a field the editor has no
 * input for such as quickReply): nothing the validator says about a message is left unshown.
 */
export function MessageErrors({ issues, base, shown }: { issues: { path: string; message: string }[]; base: string; shown: string[] }) {
  const mine = issues.filter(
    (i) =>
      (i.path === base || i.path.startsWith(`${base}.`) || i.path.startsWith(`${base}[`)) &&
      !shown.some((f) => i.path === `${base}.${f}` || i.path.startsWith(`${base}.${f}.`)),
  );
  return (
    <>
      {mine.map((e) => (
        <Text key={e.path + e.message} size="xs" c="red" role="alert">
          {e.message}
        </Text>
      ))}
    </>
  );
}

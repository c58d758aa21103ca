import { createTheme } from '@mantine/core';

/** LINE's green as the primary colour, so the product reads as a LINE tool at a glance. */
export const theme = createTheme({
  primaryColor: 'green',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans JP", sans-serif',
});

import { Component, type ReactNode } from 'react';
import { Alert, Button, Code, Stack } from '@mantine/core';
import i18n from '../i18n/index.ts';

/** A page that crashes shows what happened and a way out instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey?: string }, state: { error: Error | null; key?: string }) {
    // Navigating elsewhere clears the error.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={i18n.t('app.pageFailed')}>
        <Stack gap="xs">
          <Code block>{this.state.error.message}</Code>
          <Button size="xs" w="fit-content" onClick={() => window.location.reload()}>
            {i18n.t('app.reload')}
          </Button>
        </Stack>
      </Alert>
    );
  }
}

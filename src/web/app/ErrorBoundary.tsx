import { Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconRefresh } from '../components/icons';

interface Props {
  children: ReactNode;
  /** Shown inside the layout (a failed page) rather than instead of it (a failed app). */
  inline?: boolean;
}

interface State {
  error: Error | null;
}

/** Catches render errors (and failed lazy chunks) and shows a calm Vietnamese message. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <ErrorFallback error={this.state.error} inline={this.props.inline ?? false} />;
    }
    return this.props.children;
  }
}

function ErrorFallback({ error, inline }: { error: Error; inline: boolean }) {
  const { t } = useTranslation();
  return (
    <Container size="sm" py={inline ? 'lg' : 80}>
      <Stack gap="md" role="alert">
        <Group gap="sm" wrap="nowrap" c="red.8">
          <IconAlert size={28} />
          <Title order={1}>{t('errors.title')}</Title>
        </Group>
        <Text>{t('errors.description')}</Text>
        <Group>
          <Button leftSection={<IconRefresh />} onClick={() => window.location.reload()}>
            {t('common.reload')}
          </Button>
          <Button component="a" href="/" variant="default">
            {t('common.backHome')}
          </Button>
        </Group>
        <details>
          <summary>{t('errors.details')}</summary>
          <Code block mt="xs">
            {error.message}
          </Code>
        </details>
      </Stack>
    </Container>
  );
}

import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { loginPath, paths } from '../../app/paths';
import { IconAlert, IconHome, IconRefresh } from '../../components/icons';
import { PageLoader } from '../../components/PageLoader';
import { useSession } from './session';
import type { Me } from './types';

interface RequireAuthProps {
  /** Who may see the page; everyone signed in when absent. */
  allow?: (me: Me) => boolean;
  children: ReactNode;
}

/** A page for signed-in users: others are sent to the login page, and come back after it. */
export function RequireAuth({ allow, children }: RequireAuthProps) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <PageLoader />;
  if (session.isError) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlert />}
        title={t('auth.sessionError')}
        role="alert"
        maw={640}
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{session.error.message}</Text>
          <Button
            variant="default"
            leftSection={<IconRefresh size={18} />}
            onClick={() => void session.refetch()}
            loading={session.isFetching}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!session.data) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  if (allow && !allow(session.data)) return <Forbidden />;
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={640} py="xl" align="flex-start">
      <Text fw={700} c="red.9" size="lg">
        {t('auth.forbiddenCode')}
      </Text>
      <Title order={1}>{t('auth.forbiddenTitle')}</Title>
      <Text>{t('auth.forbiddenDescription')}</Text>
      <Button component={Link} to={paths.home} leftSection={<IconHome size={18} />}>
        {t('common.backHome')}
      </Button>
    </Stack>
  );
}

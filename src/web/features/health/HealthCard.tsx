import { Alert, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconRefresh } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { currentLanguage } from '../../i18n';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import classes from './HealthCard.module.css';
import type { HealthReport } from './types';
import { useHealth } from './useHealth';

/** The system status card of the home page, fed by GET /api/health. */
export function HealthCard() {
  const { t } = useTranslation();
  const health = useHealth();

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="health-title">
      <Group justify="space-between" align="center" mb="md" gap="xs">
        <Title order={2} id="health-title">
          {t('health.title')}
        </Title>
        {health.data && <HealthStatus report={health.data} />}
      </Group>

      {health.isPending && (
        <Stack gap="xs" role="status" aria-live="polite">
          <Text c="dimmed">{t('health.checking')}</Text>
          <Skeleton height={14} width="70%" />
          <Skeleton height={14} width="55%" />
          <Skeleton height={14} width="60%" />
        </Stack>
      )}

      {health.isError && (
        <Alert
          color="red"
          variant="light"
          title={t('health.unavailable')}
          icon={<IconAlert />}
          role="alert"
        >
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{health.error.message}</Text>
            <Button
              variant="default"
              leftSection={<IconRefresh size={18} />}
              onClick={() => void health.refetch()}
              loading={health.isFetching}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      )}

      {health.data && <HealthDetails report={health.data} updatedAt={health.dataUpdatedAt} />}
    </Card>
  );
}

function HealthStatus({ report }: { report: HealthReport }) {
  const { t } = useTranslation();
  const ok = report.status === 'ok';
  return (
    <StatusBadge
      tone={ok ? 'success' : 'danger'}
      icon={ok ? <IconCheck size={16} /> : <IconAlert size={16} />}
      data-testid="health-status"
    >
      {ok ? t('health.ok') : t('health.error')}
    </StatusBadge>
  );
}

function HealthDetails({ report, updatedAt }: { report: HealthReport; updatedAt: number }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const rows: [string, string][] = [];

  rows.push([t('health.version'), report.version]);
  rows.push([
    t('health.engine'),
    report.engine === 'pglite' ? t('health.enginePglite') : t('health.enginePostgres'),
  ]);
  rows.push([
    t('health.database'),
    report.database.reachable
      ? t('health.reachable', { latency: formatNumber(report.database.latencyMs ?? 0, 1) })
      : t('health.unreachable'),
  ]);
  if (report.migrations) {
    const { applied, latest, pending } = report.migrations;
    const parts = [
      applied > 0 && latest
        ? t('health.migrationsApplied', { applied: formatNumber(applied), latest })
        : t('health.migrationsNone'),
    ];
    if (pending > 0) parts.push(t('health.migrationsPending', { pending: formatNumber(pending) }));
    rows.push([t('health.migrations'), parts.join('; ')]);
  }
  rows.push([t('health.uptime'), formatDuration(report.uptimeSeconds, language)]);

  return (
    <Stack gap="sm">
      {report.status !== 'ok' && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {t('health.errorHint')}
        </Alert>
      )}
      <dl className={classes.list}>
        {rows.map(([term, value]) => (
          <div key={term} className={classes.row}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Text size="sm" c="dimmed">
        {t('health.checkedAt', { time: formatTime(new Date(updatedAt)) })}
      </Text>
    </Stack>
  );
}

import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import {
  DossierStatusBadge,
  DueLine,
  FlagBadges,
  NotVerifiedBadge,
} from '../features/recognition/Badges';
import {
  ActionLog,
  ConditionsSection,
  PostingSection,
  SnapshotSection,
} from '../features/recognition/DossierSections';
import { StepPanel } from '../features/recognition/StepPanel';
import { StepTimeline } from '../features/recognition/StepTimeline';
import { textOf } from '../features/recognition/labels';
import type { DossierDetail } from '../features/recognition/types';
import { useDossier } from '../features/recognition/useRecognition';
import { ApiError } from '../lib/api';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './DossierPage.module.css';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function LastReturn({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const last = dossier.lastReturn;
  if (!last || !dossier.flags.includes('returned')) return null;
  const criteria = Array.isArray(last.criteria)
    ? (last.criteria as { criterion?: unknown; reason?: unknown }[])
    : [];
  const names = new Map(dossier.criteria.map((criterion) => [criterion.code, criterion.name]));
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlert />}
      title={t('recognition.dossier.lastReturn')}
      data-testid="last-return"
    >
      <Stack gap={4}>
        {typeof last.reason === 'string' && <Text size="sm">{last.reason}</Text>}
        {criteria.map((item, index) => (
          <Text size="sm" key={index}>
            {t('recognition.dossier.lastReturnCriterion', {
              criterion: names.get(textOf(item.criterion)) ?? textOf(item.criterion),
              reason: textOf(item.reason),
            })}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function Header({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const unit =
    dossier.unit.provinceName && dossier.unit.level !== 'province'
      ? `${dossier.unit.name}, ${dossier.unit.provinceName}`
      : dossier.unit.name;
  return (
    <Stack gap="sm" data-testid="dossier-header">
      <Anchor component={Link} to={paths.dossiers} size="sm">
        ← {t('recognition.dossier.back')}
      </Anchor>
      <Group gap="sm" wrap="wrap" align="center">
        <Title order={1} data-testid="dossier-reference">
          {t('recognition.dossier.title', { reference: dossier.reference })}
        </Title>
        <DossierStatusBadge status={dossier.status} />
      </Group>
      <Text fw={600} size="lg" data-testid="dossier-unit">
        {unit}
      </Text>
      <Group gap="xl" wrap="wrap" align="flex-start">
        <Fact label={t('recognition.common.kind')}>
          {t(`recognition.kind.${dossier.kind}`)}
          {dossier.purpose === 'revocation' && ` (${t('recognition.purpose.revocation')})`}
        </Fact>
        <Fact label={t('recognition.common.yearLabel')}>{dossier.year}</Fact>
        <Fact label={t('recognition.dossier.set')}>{dossier.setCode}</Fact>
        <Fact label={t('recognition.dossier.currentStep')}>
          <strong data-testid="dossier-step">{dossier.stepName}</strong>
        </Fact>
        {dossier.status === 'in_progress' && (
          <Fact label={t('recognition.dossier.dueOn')}>
            <DueLine dueOn={dossier.dueOn} overdue={dossier.overdue} />
          </Fact>
        )}
        <Fact label={t('recognition.dossier.openedAt')}>{formatDate(dossier.openedAt)}</Fact>
        <Fact label={t('recognition.dossier.template')}>
          <Group gap={6}>
            {dossier.template.name}
            {!dossier.template.verified && <NotVerifiedBadge />}
          </Group>
        </Fact>
      </Group>
      <FlagBadges flags={dossier.flags} />
      <LastReturn dossier={dossier} />
    </Stack>
  );
}

function Dossier({ id }: { id: string }) {
  const { t } = useTranslation();
  const dossier = useDossier(id);
  useDocumentTitle(
    dossier.data
      ? t('recognition.dossier.title', { reference: dossier.data.reference })
      : t('recognition.list.title'),
  );
  if (dossier.isPending) return <PageLoader />;
  if (dossier.isError) {
    const notFound =
      dossier.error instanceof ApiError &&
      (dossier.error.status === 404 || dossier.error.status === 403);
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlert />}
        role="alert"
        data-testid="dossier-error"
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            {notFound ? t('recognition.dossier.notFound') : dossier.error.message}
          </Text>
          {!notFound && (
            <Button
              size="sm"
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void dossier.refetch()}
            >
              {t('common.retry')}
            </Button>
          )}
        </Stack>
      </Alert>
    );
  }
  const data = dossier.data;
  return (
    <Stack gap="lg" data-testid="dossier-page" data-version={data.version}>
      <Header dossier={data} />
      <div className={classes.columns}>
        <div className={classes.side}>
          <Card
            withBorder
            radius="md"
            padding="md"
            component="section"
            aria-labelledby="steps-title"
          >
            <Stack gap="sm">
              <Title order={2} size="h3" id="steps-title">
                {t('recognition.dossier.steps')}
              </Title>
              <StepTimeline dossier={data} />
            </Stack>
          </Card>
        </div>
        <div className={classes.main}>
          <Stack gap="lg">
            <StepPanel dossier={data} />
            <SnapshotSection dossier={data} />
            <ConditionsSection dossier={data} />
            <PostingSection dossier={data} />
            <ActionLog dossier={data} />
          </Stack>
        </div>
      </div>
    </Stack>
  );
}

/** One dossier: /ho-so/<id>. */
export default function DossierPage() {
  const { id = '' } = useParams();
  return (
    <RequireAuth>
      <Dossier key={id} id={id} />
    </RequireAuth>
  );
}

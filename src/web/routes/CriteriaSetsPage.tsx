import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { criteriaSetPath, criteriaDraftPath, newCriteriaSetPath } from '../app/paths';
import { IconAlert, IconInfo, IconPlus, IconRefresh } from '../components/icons';
import { StatusBadge } from '../components/StatusBadge';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import {
  classificationText,
  issuerText,
  periodText,
  SetStatusBadge,
} from '../features/criteria/SetFacts';
import type { CriteriaSetListItem } from '../features/criteria/types';
import { useCriteriaSets } from '../features/criteria/useCriteria';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './CriteriaSetsPage.module.css';

function SetCard({ set, editor }: { set: CriteriaSetListItem; editor: boolean }) {
  const { t } = useTranslation();
  const to =
    editor && set.status === 'draft' ? criteriaDraftPath(set.code) : criteriaSetPath(set.code);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="li"
      className={classes.card}
      data-testid="criteria-set"
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <SetStatusBadge status={set.status} />
          <Text size="sm" c="dimmed">
            {t(`criteria.level.${set.level}`)} · {t(`criteria.kind.${set.kind}`)}
          </Text>
        </Group>
        <Anchor component={Link} to={to} fw={700} size="lg" className={classes.name}>
          {set.name}
        </Anchor>
        <Text size="sm">
          <span className={classes.term}>{t('criteria.basis')}:</span> {set.basis}
        </Text>
        <Text size="sm">
          <span className={classes.term}>{t('criteria.issuer')}:</span> {issuerText(set, t)} ·{' '}
          <span className={classes.term}>{t('criteria.periodLabel')}:</span> {periodText(set)}
        </Text>
        <Text size="sm">
          {classificationText(set, t)} ·{' '}
          {t('criteria.counts', { criteria: set.criteriaCount, indicators: set.indicatorCount })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed" ff="monospace">
            {set.code}
          </Text>
          {set.extends && (
            <Text size="xs" c="dimmed">
              {t('criteria.extendsShort', { code: set.extends })}
            </Text>
          )}
        </Group>
        {set.unverifiedCount > 0 && (
          <div>
            <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
              {t('criteria.unverifiedCount', { count: set.unverifiedCount })}
            </StatusBadge>
          </div>
        )}
      </Stack>
    </Card>
  );
}

/** Every published criteria set (and the drafts, for administrators). */
export default function CriteriaSetsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('criteria.title'));
  const session = useSession();
  const editor = hasRole(session.data, 'admin');
  const sets = useCriteriaSets();

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap="xs" maw={720}>
          <Title order={1}>{t('criteria.title')}</Title>
          <Text c="dimmed">{t('criteria.description')}</Text>
        </Stack>
        {editor && (
          <Button component={Link} to={newCriteriaSetPath()} leftSection={<IconPlus size={18} />}>
            {t('criteria.newSet')}
          </Button>
        )}
      </Group>

      {sets.isPending && (
        <Stack gap="sm" aria-busy="true">
          <Skeleton height={150} radius="md" />
          <Skeleton height={150} radius="md" />
        </Stack>
      )}
      {sets.isError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlert />}
          role="alert"
          title={t('criteria.loadError')}
        >
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{sets.error.message}</Text>
            <Button
              size="sm"
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void sets.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      )}
      {sets.isSuccess &&
        (sets.data.items.length === 0 ? (
          <Text c="dimmed">{t('criteria.empty')}</Text>
        ) : (
          <ul className={classes.list} aria-label={t('criteria.listLabel')}>
            {sets.data.items.map((set) => (
              <SetCard key={set.code} set={set} editor={editor} />
            ))}
          </ul>
        ))}
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  List,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { criteriaDiffPath, criteriaDraftPath, newCriteriaSetPath, paths } from '../app/paths';
import {
  IconAlert,
  IconCheck,
  IconEdit,
  IconInfo,
  IconPlus,
  IconRefresh,
} from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { StatusBadge } from '../components/StatusBadge';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import { AmendSetModal } from '../features/criteria/AmendSetModal';
import { CriteriaAccordion, UnverifiedBadge } from '../features/criteria/CriteriaAccordion';
import { SetFacts } from '../features/criteria/SetFacts';
import type { CriteriaSet } from '../features/criteria/types';
import { useCriteriaSet } from '../features/criteria/useCriteria';
import { ApiError } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './CriteriaSetPage.module.css';

function Revocation({ set }: { set: CriteriaSet }) {
  const { t } = useTranslation();
  const { revocation } = set;
  const name = (code: string) => set.criteria.find((criterion) => criterion.code === code)?.name;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="revocation">
      <Stack gap="xs">
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Title order={2} id="revocation" className={classes.sectionTitle}>
            {t('criteria.revocation.title')}
          </Title>
          {revocation && !revocation.verified && <UnverifiedBadge />}
        </Group>
        {revocation ? (
          <>
            <Text size="sm">
              {t('criteria.revocation.rule', {
                share: formatNumber(revocation.notMetShare),
                critical: formatNumber(revocation.criticalNotMetShare),
              })}
            </Text>
            {revocation.revokedSubunitsShare !== null && (
              <Text size="sm">
                {t('criteria.revocation.subunits', {
                  share: formatNumber(revocation.revokedSubunitsShare),
                })}
              </Text>
            )}
            {revocation.critical.length > 0 && (
              <div>
                <Text size="sm" fw={500}>
                  {t('criteria.revocation.critical')}
                </Text>
                <List size="sm" withPadding>
                  {revocation.critical.map((code) => (
                    <List.Item key={code}>
                      {code}. {name(code) ?? ''}
                    </List.Item>
                  ))}
                </List>
              </div>
            )}
            {revocation.basis && (
              <Text size="sm" c="dimmed">
                {t('criteria.revocation.basis', { basis: revocation.basis })}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('criteria.revocation.none')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function SetView({ set }: { set: CriteriaSet }) {
  const { t } = useTranslation();
  const session = useSession();
  const editor = hasRole(session.data, 'admin');
  const [amending, setAmending] = useState(false);
  const previous = set.amendment?.amends ?? set.basedOn;
  return (
    <Stack gap="lg" maw={1040}>
      <nav aria-label={t('criteria.breadcrumb')}>
        <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
          <Anchor component={Link} to={paths.criteria} className={classes.crumb}>
            {t('criteria.title')}
          </Anchor>
          <Text span aria-current="page" className={classes.crumb}>
            {set.code}
          </Text>
        </Breadcrumbs>
      </nav>

      <Stack gap="sm">
        <Title order={1}>{set.name}</Title>
        <Text c="dimmed">{set.basis}</Text>
        <Group gap="sm" wrap="wrap" data-testid="set-summary">
          <Text fw={600}>
            {t('criteria.counts', { criteria: set.criteriaCount, indicators: set.indicatorCount })}
          </Text>
          {set.unverifiedCount > 0 ? (
            <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
              {t('criteria.unverifiedCount', { count: set.unverifiedCount })}
            </StatusBadge>
          ) : (
            <StatusBadge tone="success" icon={<IconCheck size={16} />}>
              {t('criteria.allVerified')}
            </StatusBadge>
          )}
        </Group>
        {previous && (
          <Group gap="sm">
            <Anchor component={Link} to={criteriaDiffPath(set.code)}>
              {t('criteria.diff.link', { code: previous })}
            </Anchor>
          </Group>
        )}
        {editor && (
          <Group gap="sm">
            {set.status === 'published' ? (
              <>
                <Button
                  component={Link}
                  to={newCriteriaSetPath(set.code)}
                  variant="default"
                  leftSection={<IconPlus size={18} />}
                >
                  {t('criteria.newVersion')}
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconEdit size={18} />}
                  onClick={() => setAmending(true)}
                >
                  {t('criteria.amendment.enter')}
                </Button>
              </>
            ) : (
              <Button
                component={Link}
                to={criteriaDraftPath(set.code)}
                leftSection={<IconEdit size={18} />}
              >
                {t('criteria.editDraft')}
              </Button>
            )}
          </Group>
        )}
      </Stack>

      <SetFacts set={set} />

      {set.notes.length > 0 && (
        <Alert
          color="blue"
          variant="light"
          icon={<IconInfo />}
          title={t('criteria.notes')}
          component="section"
        >
          <List size="sm" spacing={6} className={classes.notes}>
            {set.notes.map((note) => (
              <List.Item key={note}>{note}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <section aria-labelledby="criteria-title">
        <Stack gap={4} mb="sm">
          <Title order={2} id="criteria-title" className={classes.sectionTitle}>
            {t('criteria.criteriaTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('criteria.criteriaHint')}
          </Text>
        </Stack>
        <CriteriaAccordion set={set} />
      </section>

      <Revocation set={set} />
      {amending && <AmendSetModal set={set} onClose={() => setAmending(false)} />}
    </Stack>
  );
}

/** A criteria set as officials know it: criteria 1…19, indicators, thresholds per region. */
export default function CriteriaSetPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const set = useCriteriaSet(code);
  useDocumentTitle(set.data?.name ?? t('criteria.title'));
  if (set.isPending) return <PageLoader />;
  if (set.isError) {
    const notFound = set.error instanceof ApiError && set.error.isNotFound;
    return (
      <Stack gap="md" maw={720}>
        <Title order={1}>{notFound ? t('criteria.notFoundTitle') : t('criteria.title')}</Title>
        <Alert
          color={notFound ? 'orange' : 'red'}
          variant="light"
          icon={<IconAlert />}
          role="alert"
        >
          {set.error.message}
        </Alert>
        <Group gap="sm">
          {!notFound && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void set.refetch()}
            >
              {t('common.retry')}
            </Button>
          )}
          <Button component={Link} to={paths.criteria} variant="default">
            {t('criteria.backToList')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return <SetView set={set.data} />;
}

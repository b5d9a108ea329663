import { Anchor, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { targetsPath } from '../dashboard/params';
import { TargetList } from './TargetList';
import { useTargets } from './useTargets';

/** The targets of the country or a province, on its dashboard, with a link to the targets page. */
export function TargetsSection({ unit, year }: { unit?: string; year: number }) {
  const { t } = useTranslation();
  const targets = useTargets(unit, year);
  return (
    <section aria-labelledby="targets-title" data-testid="dashboard-targets">
      <Group justify="space-between" align="baseline" mb="xs" gap="xs">
        <Title order={2} id="targets-title">
          {t('targets.sectionTitle')}
        </Title>
        <Anchor component={Link} to={targetsPath(unit, year)} fw={600}>
          {t('targets.openPage')}
        </Anchor>
      </Group>
      {targets.isPending ? (
        <PageLoader />
      ) : targets.isError ? (
        <Text c="red" role="alert">
          {targets.error.message}
        </Text>
      ) : (
        <TargetList items={targets.data.items} headingOrder={3} />
      )}
    </section>
  );
}

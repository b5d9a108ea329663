import { Anchor, EmptyState, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { IconHierarchy } from '../components/icons';
import { AsOfPicker } from '../features/units/AsOfPicker';
import { mapOf } from '../features/units/display';
import { UnitSearch } from '../features/units/UnitSearch';
import { UnitTree } from '../features/units/UnitTree';
import { useAsOfParam } from '../features/units/useAsOfParam';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function UnitsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('units.title'));
  const { asOf, setAsOf } = useAsOfParam();

  return (
    <Stack gap="md" maw={960}>
      <Stack gap="xs">
        <Title order={1}>{t('units.title')}</Title>
        <Text c="dimmed">{t('units.description')}</Text>
      </Stack>

      <AsOfPicker value={asOf} onChange={setAsOf} />

      <Text size="sm" fw={500} aria-live="polite" data-testid="units-showing">
        {t('units.showing', { date: formatDate(asOf) })}{' '}
        {t(mapOf(asOf) === 'before' ? 'units.mapBefore' : 'units.mapAfter')}
      </Text>

      <UnitSearch asOf={asOf} />

      <Text size="sm">
        <Anchor component={Link} to={paths.unlinkedUnits}>
          {t('unlinked.link')}
        </Anchor>
      </Text>

      <UnitTree
        key={asOf}
        asOf={asOf}
        empty={
          <EmptyState
            icon={<IconHierarchy size={32} />}
            withIndicatorBackground
            title={t('units.empty', { date: formatDate(asOf) })}
            description={t('units.emptyHint')}
            py="xl"
            bg="white"
            bd="1px solid #dbe3e0"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
            data-testid="units-empty"
          />
        }
      />
    </Stack>
  );
}

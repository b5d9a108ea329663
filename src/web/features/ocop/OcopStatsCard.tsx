import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../app/paths';
import { formatNumber, todayIso } from '../../lib/format';
import { currentVersion, setName } from './SetPicker';
import { useRules } from './useOcop';
import { useOcopStats } from './useOcopAdmin';

/** How many rows of provinces and sets the card lists (the rest are summed as "others"). */
const TOP = 5;

function Figure({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="xs"
      data-testid={testId}
      data-value={value}
      style={{ minWidth: 0 }}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
        {label}
      </Text>
      <Text fw={700}>{formatNumber(value)}</Text>
    </Group>
  );
}

/**
 * OCOP figures for an office (its province, or the country for national accounts): certified
 * products by stars, by province and by set, and certificates expiring within six months.
 */
export function OcopStatsCard({ withLink = false }: { withLink?: boolean }) {
  const { t } = useTranslation();
  const stats = useOcopStats();
  const rules = useRules();
  const version = currentVersion(rules.data?.items, todayIso());
  if (stats.isPending) return null;
  if (stats.isError) {
    return (
      <Text size="sm" c="dimmed" data-testid="ocop-stats-error">
        {t('ocop.stats.unavailable')}
      </Text>
    );
  }
  const data = stats.data;
  const byStars = [...data.byStars].sort((a, b) => b.stars - a.stars);
  const provinces = [...data.byProvince].sort((a, b) => b.products - a.products);
  const sets = [...data.bySet].sort((a, b) => b.products - a.products);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="ocop-stats">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3">
            {data.scope.provinceName
              ? t('ocop.stats.titleOf', { scope: data.scope.provinceName })
              : t('ocop.stats.title')}
          </Title>
          {withLink && (
            <Anchor component={Link} to={paths.ocop}>
              {t('ocop.stats.open')}
            </Anchor>
          )}
        </Group>
        <Text fw={700} data-testid="ocop-stats-certified" data-value={data.certified}>
          {t('ocop.stats.certified', { count: data.certified, n: formatNumber(data.certified) })}
        </Text>
        <Text
          size="sm"
          c={data.expiringWithin6Months > 0 ? 'orange.9' : 'dimmed'}
          data-testid="ocop-stats-expiring"
          data-value={data.expiringWithin6Months}
        >
          {t('ocop.stats.expiring', {
            count: data.expiringWithin6Months,
            n: formatNumber(data.expiringWithin6Months),
          })}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={700}>
              {t('ocop.stats.byStars')}
            </Text>
            {byStars.length === 0 && <Text size="sm">—</Text>}
            {byStars.map((row) => (
              <Figure
                key={row.stars}
                label={`${'★'.repeat(row.stars)} ${t('ocop.common.starsCount', { count: row.stars })}`}
                value={row.products}
                testId={`ocop-stats-stars-${row.stars}`}
              />
            ))}
          </Stack>
          {!data.scope.provinceCode && (
            <Stack gap={4}>
              <Text size="sm" fw={700}>
                {t('ocop.stats.byProvince')}
              </Text>
              {provinces.length === 0 && <Text size="sm">—</Text>}
              {provinces.slice(0, TOP).map((row) => (
                <Figure
                  key={row.provinceCode}
                  label={row.provinceName ?? row.provinceCode}
                  value={row.products}
                />
              ))}
              {provinces.length > TOP && (
                <Figure
                  label={t('ocop.stats.others', { count: provinces.length - TOP })}
                  value={provinces.slice(TOP).reduce((sum, row) => sum + row.products, 0)}
                />
              )}
            </Stack>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={700}>
              {t('ocop.stats.bySet')}
            </Text>
            {sets.length === 0 && <Text size="sm">—</Text>}
            {sets.slice(0, TOP).map((row) => (
              <Figure
                key={row.setCode}
                label={setName(version, row.setCode)}
                value={row.products}
              />
            ))}
            {sets.length > TOP && (
              <Figure
                label={t('ocop.stats.others', { count: sets.length - TOP })}
                value={sets.slice(TOP).reduce((sum, row) => sum + row.products, 0)}
              />
            )}
          </Stack>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

export default OcopStatsCard;

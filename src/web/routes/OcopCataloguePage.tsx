import {
  Alert,
  Anchor,
  Card,
  Group,
  Image,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ocopProductPath, paths } from '../app/paths';
import { IconAlert, IconDownloadFile, IconSearch } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { StarsText } from '../features/ocop/Badges';
import { currentVersion } from '../features/ocop/SetPicker';
import { exportCsvUrl, useCatalogue, useRules } from '../features/ocop/useOcop';
import { UnitPicker } from '../features/units/UnitPicker';
import type { PickedUnit } from '../features/units/UnitPicker';
import { formatDate, formatNumber, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** The public catalogue of certified OCOP products: /san-pham-ocop?q=…&tinh=…&bo=…&sao=… */
export default function OcopCataloguePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ocop.catalogue.title'));
  const [search, setSearch] = useSearchParams();
  const [q, setQ] = useState(search.get('q') ?? '');
  const [debounced] = useDebouncedValue(q, 300);
  const province = search.get('tinh') ?? undefined;
  const [provincePicked, setProvincePicked] = useState<PickedUnit | null>(
    province ? { code: province, name: province } : null,
  );
  const set = search.get('bo') ?? undefined;
  const starsText = Number(search.get('sao'));
  const stars =
    Number.isInteger(starsText) && starsText >= 1 && starsText <= 5 ? starsText : undefined;
  const page = Math.max(1, Number(search.get('trang')) || 1);
  const rules = useRules();
  const version = currentVersion(rules.data?.items, todayIso());
  const sets = (version?.catalogue ?? []).flatMap((sector) =>
    sector.groups.flatMap((group) =>
      group.sets.map((item) => ({ value: item.code, label: item.name })),
    ),
  );
  const catalogue = useCatalogue({
    q: debounced.trim() || undefined,
    province,
    set,
    stars,
    page,
  });
  const setFilter = (key: string, value: string | null | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'trang') next.delete('trang');
    setSearch(next, { replace: true });
  };

  return (
    <Stack gap="lg" data-testid="ocop-catalogue-page">
      <Stack gap={6}>
        <Title order={1}>{t('ocop.catalogue.title')}</Title>
        <Text c="dimmed">{t('ocop.catalogue.lead')}</Text>
        <Group gap="md" wrap="wrap">
          <Anchor href={exportCsvUrl} data-testid="catalogue-export">
            <Group gap={4} component="span" wrap="nowrap">
              <IconDownloadFile size={18} />
              {t('ocop.catalogue.export')}
            </Group>
          </Anchor>
          <Anchor component={Link} to={paths.recognitions}>
            {t('recognition.nav.register')}
          </Anchor>
        </Group>
      </Stack>
      <Group gap="md" align="flex-end" wrap="wrap">
        <TextInput
          label={t('ocop.catalogue.search')}
          placeholder={t('ocop.catalogue.searchHint')}
          leftSection={<IconSearch size={18} />}
          value={q}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setQ(value);
            setFilter('q', value.trim() || null);
          }}
          w={{ base: '100%', sm: 320 }}
          data-testid="catalogue-search"
        />
        <UnitPicker
          label={t('ocop.common.province')}
          level="province"
          value={provincePicked}
          onChange={(picked) => {
            setProvincePicked(picked);
            setFilter('tinh', picked?.code);
          }}
          data-testid="catalogue-province"
        />
        <Select
          label={t('ocop.product.set')}
          data={[{ value: '', label: t('ocop.common.all') }, ...sets]}
          value={set ?? ''}
          onChange={(value) => setFilter('bo', value)}
          searchable
          allowDeselect={false}
          w={{ base: '100%', sm: 260 }}
          data-testid="catalogue-set"
        />
        <Select
          label={t('ocop.catalogue.stars')}
          data={[
            { value: '', label: t('ocop.common.all') },
            ...[3, 4, 5].map((value) => ({ value: String(value), label: '★'.repeat(value) })),
          ]}
          value={stars ? String(stars) : ''}
          onChange={(value) => setFilter('sao', value)}
          allowDeselect={false}
          w={{ base: '100%', sm: 140 }}
          data-testid="catalogue-stars"
        />
      </Group>
      {catalogue.isPending ? (
        <PageLoader />
      ) : catalogue.isError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {catalogue.error.message}
        </Alert>
      ) : catalogue.data.items.length === 0 ? (
        <Text c="dimmed" data-testid="catalogue-empty">
          {t('ocop.catalogue.empty')}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('ocop.catalogue.total', { count: catalogue.data.total })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {catalogue.data.items.map((item) => (
              <Card
                key={item.code}
                withBorder
                radius="md"
                padding="md"
                component={Link}
                to={ocopProductPath(item.code)}
                data-testid="catalogue-card"
                data-code={item.code}
              >
                {item.photo && (
                  <Card.Section>
                    <Image src={item.photo} alt="" h={160} fit="cover" loading="lazy" />
                  </Card.Section>
                )}
                <Stack gap={4} mt={item.photo ? 'sm' : 0}>
                  <Text fw={700} data-testid="catalogue-name">
                    {item.name}
                  </Text>
                  <StarsText stars={item.stars} />
                  <Text size="sm">{item.producer.name}</Text>
                  <Text size="sm" c="dimmed">
                    {[item.set.name ?? item.set.code, item.producer.province?.name]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                  <Text size="sm" c="dimmed" data-testid="catalogue-validity">
                    {t('ocop.catalogue.validTo', { date: formatDate(item.certificate.validTo) })}
                  </Text>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
          {catalogue.data.total > catalogue.data.pageSize && (
            <Pagination
              total={Math.ceil(catalogue.data.total / catalogue.data.pageSize)}
              value={page}
              onChange={(value) => setFilter('trang', String(value))}
              aria-label={t('ocop.catalogue.pages', { count: formatNumber(catalogue.data.total) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}

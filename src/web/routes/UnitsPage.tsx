import { Button, EmptyState, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconHierarchy } from '../components/icons';
import { UnitTree } from '../features/units/UnitTree';
import { formatDate, parseDisplayDate, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export default function UnitsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('units.title'));
  const [asOf, setAsOf] = useState(todayIso);
  const [draft, setDraft] = useState(() => formatDate(todayIso()));
  const [invalid, setInvalid] = useState(false);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const iso = parseDisplayDate(draft);
    setInvalid(iso === null);
    if (iso) {
      setAsOf(iso);
      setDraft(formatDate(iso));
    }
  };

  return (
    <Stack gap="md" maw={960}>
      <Stack gap="xs">
        <Title order={1}>{t('units.title')}</Title>
        <Text c="dimmed">{t('units.description')}</Text>
      </Stack>

      <form onSubmit={apply} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('units.asOf')}
            description={t('units.asOfHint')}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            error={invalid ? t('units.asOfInvalid') : undefined}
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            maxLength={10}
            w={{ base: '100%', xs: 220 }}
          />
          <Button type="submit" mt={{ base: 0, xs: 52 }} variant="default">
            {t('units.apply')}
          </Button>
        </Group>
      </form>

      <Text size="sm" fw={500} aria-live="polite">
        {t('units.showing', { date: formatDate(asOf) })}
      </Text>

      <UnitTree
        key={asOf}
        asOf={asOf}
        empty={
          <EmptyState
            icon={<IconHierarchy size={32} />}
            withIndicatorBackground
            title={t('units.empty')}
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

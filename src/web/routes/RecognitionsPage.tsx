import { Alert, Anchor, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { IconAlert, IconCheck, IconCross, IconFile } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { StatusBadge } from '../components/StatusBadge';
import { DOSSIER_KINDS } from '../features/recognition/labels';
import type { DossierKind } from '../features/recognition/types';
import { useRecognitions } from '../features/recognition/useRecognition';
import { useUnitList } from '../features/units/useUnits';
import { formatDate, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './DossiersPage.module.css';

/** The public register of recognitions (and their revocations): /cong-nhan?tinh=15&nam=2025. */
export default function RecognitionsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('recognition.register.title'));
  const [search, setSearch] = useSearchParams();
  const provinceText = search.get('tinh') ?? '';
  const province = /^\d{2}$/.test(provinceText) ? provinceText : undefined;
  const yearNumber = Number(search.get('nam'));
  const year = Number.isInteger(yearNumber) && yearNumber >= 2000 ? yearNumber : undefined;
  const kindText = search.get('loai');
  const kind = DOSSIER_KINDS.includes(kindText as DossierKind)
    ? (kindText as DossierKind)
    : undefined;
  const recognitions = useRecognitions({ province, year, kind });
  const provinces = useUnitList({ asOf: todayIso(), level: 'province' });
  const provinceOptions = (provinces.data?.pages ?? [])
    .flatMap((page) => page.items)
    .map((item) => ({ value: item.code, label: item.name }));
  const thisYear = new Date().getFullYear();

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  return (
    <Stack gap="lg" data-testid="recognitions-page">
      <Stack gap={6}>
        <Title order={1}>{t('recognition.register.title')}</Title>
        <Text c="dimmed">{t('recognition.register.lead')}</Text>
      </Stack>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('recognition.register.province')}
          data={[{ value: '', label: t('recognition.register.allProvinces') }, ...provinceOptions]}
          value={province ?? ''}
          onChange={(value) => setFilter('tinh', value)}
          searchable
          allowDeselect={false}
          w={240}
          data-testid="register-province"
        />
        <Select
          label={t('recognition.register.year')}
          data={[
            { value: '', label: t('recognition.common.all') },
            ...Array.from({ length: 8 }, (_, i) => String(thisYear - i)),
          ]}
          value={year ? String(year) : ''}
          onChange={(value) => setFilter('nam', value)}
          allowDeselect={false}
          w={140}
          data-testid="register-year"
        />
        <Select
          label={t('recognition.register.kind')}
          data={[
            { value: '', label: t('recognition.common.all') },
            ...DOSSIER_KINDS.map((item) => ({ value: item, label: t(`recognition.kind.${item}`) })),
          ]}
          value={kind ?? ''}
          onChange={(value) => setFilter('loai', value)}
          allowDeselect={false}
          w={320}
          data-testid="register-kind"
        />
      </Group>
      {recognitions.isPending ? (
        <PageLoader />
      ) : recognitions.isError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {recognitions.error.message}
        </Alert>
      ) : recognitions.data.items.length === 0 ? (
        <Text c="dimmed">{t('recognition.register.empty')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('recognition.register.total', { count: recognitions.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={0}>
            <Table striped stickyHeader className={classes.table} data-testid="register-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recognition.common.unit')}</Table.Th>
                  <Table.Th>{t('recognition.register.kind')}</Table.Th>
                  <Table.Th>{t('recognition.register.year')}</Table.Th>
                  <Table.Th>{t('recognition.register.decision')}</Table.Th>
                  <Table.Th>{t('recognition.register.date')}</Table.Th>
                  <Table.Th>{t('recognition.register.signer')}</Table.Th>
                  <Table.Th>{t('recognition.register.status')}</Table.Th>
                  <Table.Th>{t('recognition.register.pdf')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {recognitions.data.items.map((item) => (
                  <Table.Tr
                    key={item.id}
                    data-testid="register-row"
                    data-revoked={item.revoked ? true : undefined}
                  >
                    <Table.Td>
                      <Text size="sm" fw={700} td={item.revoked ? 'line-through' : undefined}>
                        {item.unit.name}
                      </Text>
                      {item.unit.provinceName && item.unit.level !== 'province' && (
                        <Text size="xs" c="dimmed">
                          {item.unit.provinceName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.register.kind')}>
                      {t(`recognition.kind.${item.kind}`)}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.register.year')}>{item.year}</Table.Td>
                    <Table.Td data-label={t('recognition.register.decision')}>
                      {item.decision.number}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.register.date')}>
                      {formatDate(item.decision.date)}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.register.signer')}>
                      {item.decision.signer}
                    </Table.Td>
                    <Table.Td>
                      {item.revoked ? (
                        <Stack gap={2} align="flex-start">
                          <StatusBadge
                            tone="danger"
                            icon={<IconCross size={16} />}
                            data-testid="revoked"
                          >
                            {t('recognition.register.revoked')}
                          </StatusBadge>
                          <Text size="xs">
                            {t('recognition.register.revokedBy', {
                              number: item.revoked.number,
                              date: formatDate(item.revoked.date),
                            })}{' '}
                            <Anchor
                              href={item.revoked.pdfUrl}
                              target="_blank"
                              rel="noopener noreferrer"
                              size="xs"
                            >
                              {t('recognition.register.pdf')}
                            </Anchor>
                          </Text>
                        </Stack>
                      ) : (
                        <StatusBadge tone="success" icon={<IconCheck size={16} />}>
                          {t('recognition.register.inForce')}
                        </StatusBadge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={item.decision.pdfUrl}
                        target="_blank"
                        rel="noopener noreferrer"
                        size="sm"
                        aria-label={t('recognition.register.pdfLabel', {
                          number: item.decision.number,
                        })}
                      >
                        <Group gap={4} component="span" wrap="nowrap">
                          <IconFile size={16} />
                          PDF
                        </Group>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}

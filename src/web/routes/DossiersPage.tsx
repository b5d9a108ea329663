import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconPlus, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import {
  ActionError,
  DossierStatusBadge,
  DueLine,
  FlagBadges,
} from '../features/recognition/Badges';
import { DOSSIER_STATUSES, kindsForLevel, ownUnits } from '../features/recognition/labels';
import type { OwnUnit } from '../features/recognition/labels';
import type { DossierKind, DossierPurpose, DossierStatus } from '../features/recognition/types';
import { useDossiers, useOpenDossier } from '../features/recognition/useRecognition';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './DossiersPage.module.css';

function OpenDossierModal({ units, onClose }: { units: OwnUnit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useOpenDossier();
  const thisYear = new Date().getFullYear();
  const [unit, setUnit] = useState(units[0]?.code ?? '');
  const chosen = units.find((item) => item.code === unit) ?? units[0];
  const kinds = kindsForLevel(chosen?.level ?? 'commune');
  const [kind, setKind] = useState<DossierKind>(kinds[0] ?? 'commune_ntm');
  const [year, setYear] = useState(String(thisYear));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    open.mutate(
      { unit: chosen.code, kind, year: Number(year) },
      { onSuccess: (dossier) => void navigate(paths.dossier(dossier.id)) },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('recognition.list.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate data-testid="open-dossier-form">
        <Stack gap="md">
          {units.length > 1 ? (
            <Select
              label={t('recognition.common.unit')}
              data={units.map((item) => ({ value: item.code, label: item.name }))}
              value={unit}
              onChange={(value) => {
                const next = units.find((item) => item.code === value);
                setUnit(value ?? '');
                if (next) setKind(kindsForLevel(next.level)[0] ?? 'commune_ntm');
              }}
              allowDeselect={false}
              data-testid="open-unit"
            />
          ) : (
            <Text size="sm">
              {t('recognition.common.unit')}: <strong>{chosen?.name}</strong>
            </Text>
          )}
          <Select
            label={t('recognition.common.kind')}
            data={kinds.map((item) => ({ value: item, label: t(`recognition.kind.${item}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value)}
            allowDeselect={false}
            data-testid="open-kind"
          />
          <Select
            label={t('recognition.common.yearLabel')}
            data={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map(String)}
            value={year}
            onChange={(value) => value && setYear(value)}
            allowDeselect={false}
            data-testid="open-year"
          />
          <Text size="sm" c="dimmed">
            {t('recognition.list.createLead', { unit: chosen?.name ?? '' })}
          </Text>
          <ActionError error={open.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={open.isPending} data-testid="open-dossier-submit">
              {t('recognition.list.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const PURPOSES: readonly DossierPurpose[] = ['recognition', 'revocation'];

function Dossiers() {
  const { t } = useTranslation();
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const statusText = search.get('trang-thai');
  const status = DOSSIER_STATUSES.includes(statusText as DossierStatus)
    ? (statusText as DossierStatus)
    : undefined;
  const purposeText = search.get('muc-dich');
  const purpose = PURPOSES.includes(purposeText as DossierPurpose)
    ? (purposeText as DossierPurpose)
    : undefined;
  const yearNumber = Number(search.get('nam'));
  const year = Number.isInteger(yearNumber) && yearNumber >= 2000 ? yearNumber : undefined;
  const dossiers = useDossiers({ status, purpose, year });
  const units = ownUnits(session.data);
  const thisYear = new Date().getFullYear();

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('recognition.common.statusLabel')}
          data={[
            { value: '', label: t('recognition.common.all') },
            ...DOSSIER_STATUSES.map((item) => ({
              value: item,
              label: t(`recognition.status.${item}`),
            })),
          ]}
          value={status ?? ''}
          onChange={(value) => setFilter('trang-thai', value)}
          allowDeselect={false}
          w={200}
          data-testid="filter-status"
        />
        <Select
          label={t('recognition.common.purposeLabel')}
          data={[
            { value: '', label: t('recognition.common.all') },
            ...PURPOSES.map((item) => ({ value: item, label: t(`recognition.purpose.${item}`) })),
          ]}
          value={purpose ?? ''}
          onChange={(value) => setFilter('muc-dich', value)}
          allowDeselect={false}
          w={260}
          data-testid="filter-purpose"
        />
        <Select
          label={t('recognition.common.yearLabel')}
          data={[
            { value: '', label: t('recognition.common.all') },
            ...Array.from({ length: 7 }, (_, i) => String(thisYear + 1 - i)),
          ]}
          value={year ? String(year) : ''}
          onChange={(value) => setFilter('nam', value)}
          allowDeselect={false}
          w={160}
          data-testid="filter-year"
        />
        {units.length > 0 && (
          <Button
            leftSection={<IconPlus size={18} />}
            onClick={() => setCreating(true)}
            data-testid="open-dossier"
          >
            {t('recognition.list.create')}
          </Button>
        )}
      </Group>

      {dossiers.isPending ? (
        <PageLoader />
      ) : dossiers.isError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{dossiers.error.message}</Text>
            <Button
              size="sm"
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void dossiers.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : dossiers.data.items.length === 0 ? (
        <Text c="dimmed">{t('recognition.list.empty')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('recognition.list.total', { count: dossiers.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={0}>
            <Table
              striped
              highlightOnHover
              stickyHeader
              className={classes.table}
              data-testid="dossier-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recognition.common.reference')}</Table.Th>
                  <Table.Th>{t('recognition.common.unit')}</Table.Th>
                  <Table.Th>{t('recognition.common.kind')}</Table.Th>
                  <Table.Th>{t('recognition.common.yearLabel')}</Table.Th>
                  <Table.Th>{t('recognition.common.statusLabel')}</Table.Th>
                  <Table.Th>{t('recognition.common.step')}</Table.Th>
                  <Table.Th>{t('recognition.list.dueOn')}</Table.Th>
                  <Table.Th>{t('recognition.list.openedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {dossiers.data.items.map((dossier) => (
                  <Table.Tr key={dossier.id} data-testid="dossier-row">
                    <Table.Td>
                      <Anchor component={Link} to={paths.dossier(dossier.id)} fw={700}>
                        {dossier.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td data-label={t('recognition.common.unit')}>
                      {dossier.unit.name}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.common.kind')}>
                      {t(`recognition.kind.${dossier.kind}`)}
                      {dossier.purpose === 'revocation' &&
                        ` (${t('recognition.purpose.revocation')})`}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.common.yearLabel')}>
                      {dossier.year}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <DossierStatusBadge status={dossier.status} />
                        <FlagBadges flags={dossier.flags.filter((flag) => flag !== 'overdue')} />
                      </Stack>
                    </Table.Td>
                    <Table.Td data-label={t('recognition.common.step')}>
                      {dossier.stepName}
                    </Table.Td>
                    <Table.Td>
                      {dossier.status === 'in_progress' ? (
                        <DueLine dueOn={dossier.dueOn} overdue={dossier.overdue} />
                      ) : null}
                    </Table.Td>
                    <Table.Td data-label={t('recognition.list.openedAt')}>
                      {formatDate(dossier.openedAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      {creating && <OpenDossierModal units={units} onClose={() => setCreating(false)} />}
    </Stack>
  );
}

/** Recognition and revocation dossiers in the user's scope: /ho-so?trang-thai=…&nam=… */
export default function DossiersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('recognition.list.title'));
  return (
    <Stack gap="lg" data-testid="dossiers-page">
      <Stack gap={6}>
        <Title order={1}>{t('recognition.list.title')}</Title>
        <Text c="dimmed">{t('recognition.list.lead')}</Text>
      </Stack>
      <RequireAuth>
        <Dossiers />
      </RequireAuth>
    </Stack>
  );
}

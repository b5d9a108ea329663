import { Alert, Anchor, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { YEAR_PARAM } from '../app/paths';
import { IconAlert, IconPlus, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { useSession } from '../features/auth/session';
import {
  dashboardPath,
  dashboardYears,
  targetsPath,
  UNIT_PARAM,
} from '../features/dashboard/params';
import { canManageTargets } from '../features/targets/display';
import { TargetList } from '../features/targets/TargetList';
import { DeleteTargetModal, TargetFormModal } from '../features/targets/TargetFormModal';
import type { Target } from '../features/targets/types';
import { useTargets } from '../features/targets/useTargets';
import { useUnitList } from '../features/units/useUnits';
import { todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './TargetsPage.module.css';

type Dialog =
  { kind: 'create' } | { kind: 'edit'; target: Target } | { kind: 'delete'; target: Target };

/**
 * Programme targets (263/QĐ-TTg, 924/QĐ-TTg) for the country or a province, with their progress;
 * province offices add, edit and delete their own. Address: /muc-tieu?don-vi=15.
 */
export default function TargetsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const unitText = search.get(UNIT_PARAM) ?? '';
  const unit = /^\d{2}$/.test(unitText) ? unitText : undefined;
  const yearText = Number(search.get(YEAR_PARAM));
  const year = Number.isInteger(yearText) && yearText >= 2000 ? yearText : undefined;
  const targets = useTargets(unit, year);
  const provinces = useUnitList({ asOf: todayIso(), level: 'province' });
  const session = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  useDocumentTitle(t('targets.title'));

  const scope = targets.data?.scope ?? null;
  const manage = canManageTargets(session.data, scope?.code);
  const provinceOptions = (provinces.data?.pages ?? [])
    .flatMap((page) => page.items)
    .map((item) => ({ value: item.code, label: item.name }));
  const thisYear = new Date().getFullYear();

  return (
    <Stack gap="lg" className={classes.page} data-testid="targets-page">
      <Stack gap={6}>
        <Title order={1}>{t('targets.title')}</Title>
        <Text c="dimmed">{t('targets.lead')}</Text>
      </Stack>
      <Group gap="md" align="flex-end" wrap="wrap" className={classes.controls}>
        <Select
          label={t('targets.scope')}
          data={[{ value: '', label: t('dashboard.country') }, ...provinceOptions]}
          value={unit ?? ''}
          onChange={(value) => void navigate(targetsPath(value || undefined, year))}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('targets.noProvince')}
          className={classes.scopeSelect}
        />
        <Select
          label={t('targets.year')}
          data={[
            { value: '', label: t('targets.yearDefault') },
            ...dashboardYears(thisYear).map((item) => ({
              value: String(item),
              label: String(item),
            })),
          ]}
          value={year ? String(year) : ''}
          onChange={(value) => void navigate(targetsPath(unit, value ? Number(value) : undefined))}
          allowDeselect={false}
          className={classes.yearSelect}
        />
        <Anchor component={Link} to={dashboardPath({ unit, year })} className={classes.link}>
          {t('targets.openDashboard')}
        </Anchor>
      </Group>

      {targets.isPending ? (
        <PageLoader />
      ) : targets.isError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{targets.error.message}</Text>
            <Button
              size="sm"
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void targets.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <>
          <Group justify="space-between" align="center" gap="sm">
            <Text fw={600} data-testid="targets-scope">
              {scope ? scope.name : t('dashboard.country')}
            </Text>
            {manage && (
              <Button
                leftSection={<IconPlus size={18} />}
                onClick={() => setDialog({ kind: 'create' })}
              >
                {t('targets.add')}
              </Button>
            )}
          </Group>
          <TargetList
            items={targets.data.items}
            onEdit={manage ? (target) => setDialog({ kind: 'edit', target }) : undefined}
            onDelete={manage ? (target) => setDialog({ kind: 'delete', target }) : undefined}
          />
        </>
      )}

      {scope && (dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <TargetFormModal
          province={scope}
          target={dialog.kind === 'edit' ? dialog.target : undefined}
          year={year ?? thisYear}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteTargetModal target={dialog.target} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}

import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { unitPath, unitsPath, unitValuesPath } from '../app/paths';
import {
  IconAlert,
  IconCheck,
  IconClock,
  IconEdit,
  IconInfo,
  IconRefresh,
} from '../components/icons';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import { PageLoader } from '../components/PageLoader';
import { StatusBadge } from '../components/StatusBadge';
import { AsOfPicker } from '../features/units/AsOfPicker';
import { ancestorsText, isHistoric } from '../features/units/display';
import type { UnitAttribute, UnitDetail } from '../features/units/types';
import { ClassOverridesSection } from '../features/units/ClassOverrides';
import { SuccessorsEditor } from '../features/units/SuccessorsEditor';
import { UnitLineageView } from '../features/units/UnitLineageView';
import { UnitChildren } from '../features/units/UnitTree';
import { useAsOfParam } from '../features/units/useAsOfParam';
import { useUnit, useUnitLineage } from '../features/units/useUnits';
import { ApiError } from '../lib/api';
import { formatDate, todayIso } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './UnitPage.module.css';

export default function UnitPage() {
  const { code = '' } = useParams();
  const { asOf, explicit } = useAsOfParam();
  // Without a date in the address, show the latest unit that carried this code (an old code
  // would be unknown "today"): the lineage answer tells which one, and when it was valid.
  const latest = useUnitLineage(code, undefined, !explicit);
  if (!explicit) {
    if (latest.isPending) return <PageLoader />;
    if (latest.isError) return <UnitError code={code} asOf={asOf} error={latest.error} />;
    const { validFrom, validTo } = latest.data.unit;
    const today = todayIso();
    let date = today;
    if (validTo && validTo < today) date = validTo;
    else if (validFrom > today) date = validFrom;
    return <Navigate to={unitPath(code, date)} replace />;
  }
  return <UnitView code={code} asOf={asOf} />;
}

function UnitView({ code, asOf }: { code: string; asOf: string }) {
  const { t } = useTranslation();
  const unit = useUnit(code, asOf);
  const lineage = useUnitLineage(code, asOf, unit.isSuccess);
  const session = useSession();
  const isAdmin = hasRole(session.data, 'admin');
  const [editing, setEditing] = useState(false);
  useDocumentTitle(unit.data?.name ?? t('unit.title'));

  if (unit.isPending) return <PageLoader />;
  if (unit.isError) return <UnitError code={code} asOf={asOf} error={unit.error} />;
  const data = unit.data;

  return (
    <Stack gap="lg" maw={960}>
      <UnitBreadcrumbs unit={data} asOf={asOf} />
      <UnitHeader unit={data} asOf={asOf} />
      {data.level === 'commune' && session.data && <ValuesLink unit={data} />}
      <UnitFacts unit={data} />
      {session.data && (data.level === 'commune' || data.level === 'province') && (
        <ClassOverridesSection unit={data} asOf={asOf} />
      )}

      <section aria-labelledby="children-title">
        <Title order={2} id="children-title" mb="xs">
          {t('unit.children', { date: formatDate(asOf) })}
        </Title>
        {data.childCount === 0 ? (
          <Text size="sm" c="dimmed">
            {t('units.noChildren')}
          </Text>
        ) : (
          <UnitChildren
            parent={data.code}
            asOf={asOf}
            label={t('units.childrenOf', { name: data.name })}
          />
        )}
      </section>

      <section aria-labelledby="lineage-title">
        <Group justify="space-between" align="center" mb="xs" gap="sm">
          <Title order={2} id="lineage-title">
            {t('lineage.title')}
          </Title>
          {isAdmin && data.validTo && lineage.data && (
            <Button
              variant="default"
              leftSection={<IconEdit size={18} />}
              onClick={() => setEditing(true)}
            >
              {t('lineageEdit.open')}
            </Button>
          )}
        </Group>
        <LineageSection lineage={lineage} code={data.code} />
        {editing && lineage.data && (
          <SuccessorsEditor unit={data} lineage={lineage.data} onClose={() => setEditing(false)} />
        )}
      </section>
    </Stack>
  );
}

function UnitBreadcrumbs({ unit, asOf }: { unit: UnitDetail; asOf: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('unit.breadcrumb')}>
      <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
        <Anchor component={Link} to={unitsPath(asOf)} className={classes.crumb}>
          {t('units.title')}
        </Anchor>
        {unit.ancestors.map((ancestor) => (
          <Anchor
            key={ancestor.code}
            component={Link}
            to={unitPath(ancestor.code, asOf)}
            className={classes.crumb}
          >
            {ancestor.name}
          </Anchor>
        ))}
        <Text span aria-current="page" className={classes.crumb}>
          {unit.name}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}

function UnitHeader({ unit, asOf }: { unit: UnitDetail; asOf: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const historic = isHistoric(unit.validTo, todayIso());
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Title order={1}>
          {unit.name}
          {unit.validTo && (
            <Text span inherit c="dimmed" fw={500}>
              {' '}
              ({t('units.until', { date: formatDate(unit.validTo) })})
            </Text>
          )}
        </Title>
        {unit.ancestors.length > 0 && <Text c="dimmed">{ancestorsText(unit.ancestors)}</Text>}
      </Stack>
      <div>
        {historic ? (
          <StatusBadge tone="neutral" icon={<IconClock size={16} />}>
            {t('unit.historic', { date: formatDate(unit.validTo) })}
          </StatusBadge>
        ) : (
          <StatusBadge tone="success" icon={<IconCheck size={16} />}>
            {t('unit.current')}
          </StatusBadge>
        )}
      </div>
      <AsOfPicker value={asOf} onChange={(iso) => void navigate(unitPath(unit.code, iso))} />
    </Stack>
  );
}

/**
 * A commune's indicator values: this year's (the page finds the set, or falls back to the latest
 * year the unit can be judged in); for a unit that ended, the last full year it existed.
 */
function ValuesLink({ unit }: { unit: UnitDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const writer = hasRole(session.data, 'commune', 'district', 'province', 'sector', 'admin');
  let year: number | undefined;
  if (unit.validTo) {
    const end = Number(unit.validTo.slice(0, 4));
    year = unit.validTo.endsWith('-12-31') ? end : end - 1;
  }
  return (
    <div>
      <Button
        component={Link}
        to={unitValuesPath(unit.code, year)}
        leftSection={<IconEdit size={18} />}
        variant={writer ? 'filled' : 'default'}
        data-testid="unit-values-link"
      >
        {writer ? t('values.entry.enter') : t('values.entry.view')}
      </Button>
    </div>
  );
}

function UnitFacts({ unit }: { unit: UnitDetail }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t('unit.code'), unit.code],
    [t('unit.kind'), t(`unitKind.${unit.kind}`)],
    [t('unit.level'), t(`unitLevel.${unit.level}`)],
    [
      t('unit.validity'),
      unit.validTo
        ? t('units.validRange', { from: formatDate(unit.validFrom), to: formatDate(unit.validTo) })
        : t('units.validFrom', { date: formatDate(unit.validFrom) }),
    ],
  ];
  for (const attribute of unit.attributes) {
    rows.push([
      attributeLabel(attribute, t),
      <AttributeValue key={attribute.key} attribute={attribute} />,
    ]);
  }
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={t('unit.facts')}>
      <dl className={classes.facts}>
        {rows.map(([term, value]) => (
          <div key={term} className={classes.fact}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const KNOWN_ATTRIBUTES = ['region', 'commune_group', 'island', 'difficult'] as const;
type KnownAttribute = (typeof KNOWN_ATTRIBUTES)[number];

function attributeLabel(attribute: UnitAttribute, t: TFunction): string {
  return (KNOWN_ATTRIBUTES as readonly string[]).includes(attribute.key)
    ? t(`unitAttribute.${attribute.key as KnownAttribute}`)
    : attribute.key;
}

function AttributeValue({ attribute }: { attribute: UnitAttribute }) {
  const { t } = useTranslation();
  let value = attribute.value;
  if (value === 'true') value = t('common.yes');
  if (value === 'false') value = t('common.no');
  return (
    <Stack gap={4} align="flex-start">
      <span>
        {value}
        <Text span size="sm" c="dimmed">
          {' '}
          · {attribute.source}
        </Text>
      </span>
      {!attribute.verified && (
        <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
          {t('unit.unverified')}
        </StatusBadge>
      )}
    </Stack>
  );
}

function LineageSection({
  lineage,
  code,
}: {
  lineage: ReturnType<typeof useUnitLineage>;
  code: string;
}) {
  const { t } = useTranslation();
  if (lineage.isPending) return <PageLoader />;
  if (lineage.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{lineage.error.message}</Text>
          <Button
            size="sm"
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void lineage.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <UnitLineageView lineage={lineage.data} code={code} />;
}

/** The code is unknown on that date: say so, and offer the units that carried it at other dates. */
function UnitError({ code, asOf, error }: { code: string; asOf: string; error: Error }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.isNotFound;
  const versions = useUnitLineage(code, undefined, notFound);
  useDocumentTitle(t('unit.notFoundTitle'));
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{notFound ? t('unit.notFoundTitle') : t('unit.title')}</Title>
      <Alert color={notFound ? 'orange' : 'red'} variant="light" icon={<IconAlert />} role="alert">
        {notFound ? t('unit.notFound', { code, date: formatDate(asOf) }) : error.message}
      </Alert>
      {notFound && versions.data && versions.data.versions.length > 0 && (
        <Stack gap="xs">
          <Text fw={500}>{t('unit.otherDates', { code })}</Text>
          <ul className={classes.versions}>
            {versions.data.versions.map((version) => (
              <li key={version.validFrom}>
                <Anchor component={Link} to={unitPath(code, version.validFrom)}>
                  {version.name}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  (
                  {version.validTo
                    ? t('units.validRange', {
                        from: formatDate(version.validFrom),
                        to: formatDate(version.validTo),
                      })
                    : t('units.validFrom', { date: formatDate(version.validFrom) })}
                  )
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}
      <div>
        <Button component={Link} to={unitsPath(asOf)} variant="default">
          {t('unit.backToUnits')}
        </Button>
      </div>
    </Stack>
  );
}

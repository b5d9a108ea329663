import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import type { CompiledCriteriaSet } from '../../domain/criteria/evaluate';
import { classLabel, className } from '../../domain/criteria/format';
import { classReasonLabel } from '../features/units/classReason';
import { unitPath, unitsPath, valuesPath, YEAR_PARAM } from '../app/paths';
import { IconAlert, IconInfo, IconLock, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { unitAddress } from '../features/units/display';
import { browserStorage, createDraftStorage, draftKey } from '../features/values/draftStorage';
import { EntryAccordion } from '../features/values/EntryAccordion';
import { EntrySelectors } from '../features/values/EntrySelectors';
import { EntryStore } from '../features/values/entryStore';
import { EvidenceList } from '../features/values/EvidenceList';
import { ImportSection } from '../features/values/ImportSection';
import { liveEvaluate } from '../features/values/liveEvaluation';
import { ScoreBar } from '../features/values/ScoreBar';
import { findValuesTarget } from '../features/values/sets';
import { SubmissionBadge } from '../features/values/SubmissionBadge';
import { SubmissionPanel } from '../features/values/SubmissionPanel';
import type { UnitValuesResponse, ValueItem } from '../features/values/types';
import {
  fetchUnitValues,
  putValue,
  useCommuneSets,
  useSetDefinition,
  useUnitValues,
} from '../features/values/useValues';
import type { ValuesTarget } from '../features/values/useValues';
import { currentLanguage } from '../i18n';
import { ApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './ValuesEntryPage.module.css';

/** Something went wrong opening the values: say what, offer to try again or go back. */
function EntryError({
  error,
  code,
  onRetry,
}: {
  error: Error | string;
  code: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const message = typeof error === 'string' ? error : error.message;
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('values.error.title')}</Title>
      <Alert color={refused ? 'orange' : 'red'} variant="light" icon={<IconAlert />} role="alert">
        {message}
      </Alert>
      <Group gap="sm">
        {onRetry && !refused && (
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
        <Button component={Link} to={unitPath(code)} variant="default">
          {t('values.error.backToUnit')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The alerts above the form: why it is read-only, why it came back, what is kept unsaved. */
function StatusAlerts({
  data,
  lockMessage,
  keptDrafts,
}: {
  data: UnitValuesResponse;
  lockMessage: string | null;
  keptDrafts: number;
}) {
  const { t } = useTranslation();
  const { submission, permissions } = data;
  const alerts = [];
  if (lockMessage) {
    alerts.push(
      <Alert key="lock" color="gray" variant="light" icon={<IconLock />} role="alert">
        {t('values.readOnly.locked', { message: lockMessage })}
      </Alert>,
    );
  } else if (!permissions.edit) {
    const key =
      submission.status === 'submitted'
        ? 'values.readOnly.submitted'
        : submission.status === 'approved'
          ? 'values.readOnly.approved'
          : 'values.readOnly.noRight';
    alerts.push(
      <Alert key="ro" color="gray" variant="light" icon={<IconLock />} data-testid="read-only">
        {t(key)}
      </Alert>,
    );
  }
  if (submission.reason && (submission.status === 'returned' || submission.status === 'draft')) {
    alerts.push(
      <Alert key="reason" color="orange" variant="light" icon={<IconInfo />}>
        {t(submission.status === 'returned' ? 'values.returned' : 'values.reopened', {
          reason: submission.reason,
        })}
      </Alert>,
    );
  }
  if (data.evaluation.status === 'unclassified' || data.unitClass === null) {
    if (data.set.classification !== 'none') {
      alerts.push(
        <Alert key="class" color="orange" variant="light" icon={<IconInfo />}>
          {t('values.unclassifiedHelp', { year: data.year })}
        </Alert>,
      );
    }
  }
  if (keptDrafts > 0) {
    alerts.push(
      <Alert key="drafts" color="orange" variant="light" icon={<IconAlert />}>
        {t('values.keptDrafts', { count: keptDrafts })}
      </Alert>,
    );
  }
  return alerts.length > 0 ? <Stack gap="xs">{alerts}</Stack> : null;
}

function EntryView({
  data,
  compiled,
  target,
  userId,
  refetch,
}: {
  data: UnitValuesResponse;
  compiled: CompiledCriteriaSet;
  target: ValuesTarget;
  userId: string;
  refetch: () => void;
}) {
  const { t } = useTranslation();
  // A 423 answer (someone submitted meanwhile) locks the form, with the server's message, until
  // the data is open for editing again under a newer status (returned, reopened).
  const [lock, setLock] = useState<{ message: string; version?: number } | null>(null);
  if (lock && lock.version === undefined) setLock({ ...lock, version: data.submission.version });
  const reopened =
    lock !== null &&
    lock.version !== undefined &&
    lock.version !== data.submission.version &&
    data.permissions.edit;
  if (reopened) setLock(null);
  const lockMessage = lock && !reopened ? lock.message : null;
  const editable = data.permissions.edit && lockMessage === null;
  const [store] = useState(
    () =>
      new EntryStore(
        data.items,
        {
          save: (indicator, body) => putValue(target, indicator, body),
          drafts: createDraftStorage(
            browserStorage(),
            draftKey(userId, target.unitCode, target.setCode, target.year),
          ),
          onLocked: (message) => {
            setLock({ message });
            refetch();
          },
        },
        editable,
      ),
  );

  useEffect(() => {
    store.attach();
    return () => store.detach();
  }, [store]);
  useEffect(() => store.setEditable(editable), [store, editable]);
  useEffect(() => store.sync(data.items), [store, data.items]);
  useEffect(() => {
    const online = () => store.retryNow();
    const leave = () => store.flush();
    window.addEventListener('online', online);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('pagehide', leave);
    };
  }, [store]);

  const values = useSyncExternalStore(
    store.subscribe,
    () => store.values(),
    () => store.values(),
  );
  const summary = useSyncExternalStore(
    store.subscribe,
    () => store.summary(),
    () => store.summary(),
  );
  const evaluation = useMemo(
    () => liveEvaluate(compiled, data.unit.code, data.unitClass, data.year, values),
    [compiled, data.unit.code, data.unitClass, data.year, values],
  );

  const { unit, set } = data;
  const renderEvidence = useCallback(
    (item: ValueItem) => (
      <EvidenceList
        unitCode={unit.code}
        setCode={set.code}
        year={data.year}
        indicator={item.indicator}
        evidence={item.evidence}
        canEdit={editable}
        onChanged={refetch}
      />
    ),
    [unit.code, set.code, data.year, editable, refetch],
  );
  const address = unitAddress(unit.name, unit.ancestors);
  const province = unit.ancestors[0]?.code ?? (unit.level === 'province' ? unit.code : null);
  const language = currentLanguage();
  const scope =
    data.unitClass !== null && set.classification !== 'none'
      ? className(set.classification, classLabel(compiled.set, data.unitClass), language)
      : null;
  const asOf = `${data.year}-12-31`;
  const reason = classReasonLabel(data.classReason, t, (value) => classLabel(compiled.set, value));

  return (
    <Stack gap="md" className={classes.page}>
      <nav aria-label={t('values.breadcrumb')}>
        <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
          <Anchor component={Link} to={unitsPath()} className={classes.crumb}>
            {t('units.title')}
          </Anchor>
          <Anchor component={Link} to={unitPath(unit.code, asOf)} className={classes.crumb}>
            {unit.name}
          </Anchor>
          <Text span aria-current="page" className={classes.crumb}>
            {t('values.title')}
          </Text>
        </Breadcrumbs>
      </nav>

      <Stack gap={6}>
        <Title order={1}>{t('values.title')}</Title>
        <Text size="lg" fw={600} data-testid="entry-unit">
          {address}
        </Text>
        <Group gap="sm" wrap="wrap">
          <SubmissionBadge status={data.submission.status} />
          {scope && (
            <Text size="sm" c="dimmed">
              {t('values.classScope', { scope })}
            </Text>
          )}
          {reason && (
            <Text size="sm" data-testid="class-reason">
              {reason}
            </Text>
          )}
        </Group>
      </Stack>

      <EntrySelectors
        unitCode={unit.code}
        year={data.year}
        setCode={set.code}
        setName={set.name}
        province={province}
      />

      <StatusAlerts
        data={data}
        lockMessage={lockMessage}
        keptDrafts={editable ? 0 : summary.unsaved}
      />

      <ScoreBar evaluation={evaluation} store={store} editable={editable} />

      {editable && (
        <ImportSection
          unitCode={unit.code}
          setCode={set.code}
          year={data.year}
          onImported={refetch}
        />
      )}

      <div className={classes.layout}>
        <div className={classes.main}>
          <EntryAccordion
            compiled={compiled}
            store={store}
            evaluation={evaluation}
            unitClass={data.unitClass}
            year={data.year}
            items={data.items}
            readOnly={!editable}
            renderExtra={renderEvidence}
          />
        </div>
        <aside className={classes.side} aria-label={t('values.submission.title')}>
          <SubmissionPanel
            data={data}
            target={target}
            unitName={unit.name}
            evaluation={evaluation}
            store={store}
          />
        </aside>
      </div>
    </Stack>
  );
}

function EntryData({ target }: { target: ValuesTarget }) {
  const { t } = useTranslation();
  const session = useSession();
  const values = useUnitValues(target);
  const definition = useSetDefinition(target.setCode);
  const { refetch: refetchValues } = values;
  const refetch = useCallback(() => void refetchValues(), [refetchValues]);
  useDocumentTitle(
    values.data
      ? t('values.documentTitle', { year: target.year, unit: values.data.unit.name })
      : t('values.title'),
  );
  // A failed refresh (a lost connection) keeps the form and what is typed in it: only a first
  // load that failed shows the error.
  if (values.isError && values.data === undefined) {
    return (
      <EntryError
        error={values.error}
        code={target.unitCode}
        onRetry={() => void values.refetch()}
      />
    );
  }
  if (definition.isError && definition.data === undefined) {
    return (
      <EntryError
        error={definition.error}
        code={target.unitCode}
        onRetry={() => void definition.refetch()}
      />
    );
  }
  if (values.isPending || definition.isPending || !session.data) return <PageLoader />;
  return (
    <EntryView
      key={`${target.unitCode}/${target.setCode}/${target.year}`}
      data={values.data}
      compiled={definition.data}
      target={target}
      userId={session.data.id}
      refetch={refetch}
    />
  );
}

function EntryRoute({
  code,
  yearText,
  setCode,
}: {
  code: string;
  yearText: string;
  setCode: string;
}) {
  const { t } = useTranslation();
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  const target = useMemo(
    () => (year === null ? null : { unitCode: code, setCode, year }),
    [code, setCode, year],
  );
  if (!target)
    return <EntryError error={t('values.error.badYear', { year: yearText })} code={code} />;
  return <EntryData target={target} />;
}

/** /so-lieu/04381: finds the year and set to open (this year, else the latest that fits). */
function ValuesResolver({ code }: { code: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const asked = Number(params.get(YEAR_PARAM));
  const maxYear = Number.isInteger(asked) && asked >= 2000 ? asked : new Date().getFullYear();
  const sets = useCommuneSets();
  const found = useQuery({
    queryKey: ['values', 'resolve', code, maxYear],
    queryFn: () =>
      findValuesTarget(code, maxYear, sets.data?.items ?? [], (target) => fetchUnitValues(target)),
    enabled: sets.isSuccess,
    staleTime: 60_000,
  });
  useDocumentTitle(t('values.title'));
  if (sets.isError)
    return <EntryError error={sets.error} code={code} onRetry={() => void sets.refetch()} />;
  if (found.isError) {
    return <EntryError error={found.error} code={code} onRetry={() => void found.refetch()} />;
  }
  if (!found.isSuccess) return <PageLoader label={t('values.entry.resolving')} />;
  if (!found.data) return <EntryError error={t('values.entry.noSet', { code })} code={code} />;
  return <Navigate to={valuesPath(code, found.data.year, found.data.set)} replace />;
}

/**
 * "Số liệu chỉ tiêu": a unit's indicator values for a year and criteria set, entered on a phone
 * or reviewed in an office — live evaluation, per-field saving that survives a lost connection,
 * and the submission and approval workflow.
 */
export default function ValuesEntryPage() {
  const { code = '', year, set } = useParams();
  return (
    <RequireAuth>
      {year !== undefined && set !== undefined ? (
        <EntryRoute code={code} yearText={year} setCode={set} />
      ) : (
        <ValuesResolver code={code} />
      )}
    </RequireAuth>
  );
}

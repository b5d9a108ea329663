import {
  Alert,
  Button,
  Card,
  Group,
  Pagination,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconChevronRight, IconLock, IconSearch } from '../components/icons';
import { StatusBadge } from '../components/StatusBadge';
import { AuditChanges } from '../features/audit/AuditChanges';
import { useAuditLog } from '../features/audit/useAudit';
import type { AuditEntry, AuditFilters, AuditOutcome } from '../features/audit/useAudit';
import { RequireAuth } from '../features/auth/RequireAuth';
import { canReadAudit } from '../features/auth/types';
import { formatDateTime, formatNumber, parseDisplayDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './AuditPage.module.css';

const PAGE_SIZE = 25;
const OUTCOMES: AuditOutcome[] = ['ok', 'denied', 'failed'];

export default function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('audit.title'));
  return (
    <RequireAuth allow={canReadAudit}>
      <AuditView />
    </RequireAuth>
  );
}

interface Draft {
  action: string;
  entityType: string;
  entityId: string;
  actor: string;
  outcome: string | null;
  from: string;
  to: string;
}

const EMPTY: Draft = {
  action: '',
  entityType: '',
  entityId: '',
  actor: '',
  outcome: null,
  from: '',
  to: '',
};

function AuditView() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [dateErrors, setDateErrors] = useState<{ from?: boolean; to?: boolean }>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const log = useAuditLog(filters, page, PAGE_SIZE);

  const field = (key: keyof Draft) => ({
    value: draft[key] ?? '',
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [key]: value }));
    },
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const from = draft.from.trim() ? parseDisplayDate(draft.from) : undefined;
    const to = draft.to.trim() ? parseDisplayDate(draft.to) : undefined;
    setDateErrors({ from: from === null, to: to === null });
    if (from === null || to === null) return;
    const text = (value: string) => value.trim() || undefined;
    setFilters({
      action: text(draft.action),
      entityType: text(draft.entityType),
      entityId: text(draft.entityId),
      actor: text(draft.actor),
      outcome: (draft.outcome as AuditOutcome | null) ?? undefined,
      from,
      to,
    });
    setPage(1);
    setOpen(null);
  };

  const clear = () => {
    setDraft(EMPTY);
    setFilters({});
    setDateErrors({});
    setPage(1);
    setOpen(null);
  };

  const items = log.data?.items ?? [];
  const total = log.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1}>{t('audit.title')}</Title>
        <Text c="dimmed">{t('audit.description')}</Text>
      </Stack>

      <Card withBorder radius="md" padding="md" component="section" aria-label={t('audit.filters')}>
        <form onSubmit={apply} noValidate>
          <div className={classes.filters}>
            <TextInput label={t('audit.actor')} {...field('actor')} autoComplete="off" />
            <TextInput
              label={t('audit.action')}
              description={t('audit.actionHint')}
              {...field('action')}
              autoComplete="off"
            />
            <TextInput
              label={t('audit.entityType')}
              description={t('audit.entityTypeHint')}
              {...field('entityType')}
              autoComplete="off"
            />
            <TextInput label={t('audit.entityId')} {...field('entityId')} autoComplete="off" />
            <Select
              label={t('audit.outcome')}
              data={OUTCOMES.map((value) => ({ value, label: t(`audit.outcomes.${value}`) }))}
              value={draft.outcome}
              onChange={(value) => setDraft((current) => ({ ...current, outcome: value }))}
              placeholder={t('audit.allOutcomes')}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label={t('audit.from')}
              placeholder="dd/mm/yyyy"
              inputMode="numeric"
              maxLength={10}
              {...field('from')}
              error={dateErrors.from ? t('units.asOfInvalid') : undefined}
              autoComplete="off"
            />
            <TextInput
              label={t('audit.to')}
              placeholder="dd/mm/yyyy"
              inputMode="numeric"
              maxLength={10}
              {...field('to')}
              error={dateErrors.to ? t('units.asOfInvalid') : undefined}
              autoComplete="off"
            />
          </div>
          <Group gap="sm" mt="md">
            <Button type="submit" leftSection={<IconSearch size={18} />}>
              {t('audit.apply')}
            </Button>
            <Button variant="default" onClick={clear}>
              {t('audit.clear')}
            </Button>
          </Group>
        </form>
      </Card>

      {log.isError && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {log.error.message}
        </Alert>
      )}

      {log.isPending ? (
        <Stack gap="xs" role="status" aria-label={t('common.loading')}>
          <Skeleton height={44} />
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      ) : (
        log.data && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="audit-total">
              {t('audit.total', { total: formatNumber(total) })}
            </Text>
            {items.length === 0 ? (
              <Text>{t('audit.none')}</Text>
            ) : (
              <ul className={classes.entries} aria-label={t('audit.title')}>
                {items.map((entry) => (
                  <AuditRow
                    key={entry.id}
                    entry={entry}
                    open={open === entry.id}
                    onToggle={() => setOpen((id) => (id === entry.id ? null : entry.id))}
                  />
                ))}
              </ul>
            )}
            {pages > 1 && (
              <Pagination
                total={pages}
                value={page}
                onChange={(value) => {
                  setPage(value);
                  setOpen(null);
                }}
                getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
                getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })}
              />
            )}
          </>
        )
      )}
    </Stack>
  );
}

function OutcomeBadge({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  if (outcome === 'ok') {
    return (
      <StatusBadge tone="success" icon={<IconCheck size={16} />}>
        {t('audit.outcomes.ok')}
      </StatusBadge>
    );
  }
  if (outcome === 'denied') {
    return (
      <StatusBadge tone="danger" icon={<IconLock size={16} />}>
        {t('audit.outcomes.denied')}
      </StatusBadge>
    );
  }
  return (
    <StatusBadge tone="warning" icon={<IconAlert size={16} />}>
      {outcome === 'failed' ? t('audit.outcomes.failed') : outcome}
    </StatusBadge>
  );
}

/** One entry: who, when, what, how it ended; opens to the field-by-field changes. */
function AuditRow({
  entry,
  open,
  onToggle,
}: {
  entry: AuditEntry;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const panelId = `audit-${entry.id}`;
  return (
    <li className={classes.entry} data-testid="audit-entry">
      <UnstyledButton
        className={classes.summary}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={onToggle}
      >
        <IconChevronRight size={18} className={classes.chevron} data-open={open || undefined} />
        <span className={classes.when}>{formatDateTime(entry.at)}</span>
        <span className={classes.what}>
          <span className={classes.action}>{entry.action}</span>
          <span className={classes.target}>
            {entry.entityType}
            {entry.entityId ? ` · ${entry.entityId}` : ''}
          </span>
        </span>
        <span className={classes.who}>
          {entry.actorUsername ?? t('audit.system')}
          {entry.ip ? <span className={classes.ip}> · {entry.ip}</span> : null}
        </span>
        <span className={classes.outcome}>
          <OutcomeBadge outcome={entry.outcome} />
        </span>
      </UnstyledButton>
      {open && (
        <div id={panelId} className={classes.panel}>
          <AuditChanges entry={entry} />
        </div>
      )}
    </li>
  );
}

import { Alert, Group, List, Text, TextInput } from '@mantine/core';
import type { TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IconAlert,
  IconCheck,
  IconClock,
  IconCross,
  IconFlag,
  IconInfo,
  IconLock,
  IconMissing,
} from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, parseDisplayDate } from '../../lib/format';
import { isConflict, refusalsOf } from './errors';
import { conditionTone, flagTone, sortFlags, statusTone } from './labels';
import type { ConditionView, DossierFlag, DossierStatus } from './types';

/** The dossier's status in words, colour and icon. */
export function DossierStatusBadge({ status }: { status: DossierStatus }) {
  const { t } = useTranslation();
  const icon =
    status === 'published' ? (
      <IconCheck size={16} />
    ) : status === 'refused' ? (
      <IconCross size={16} />
    ) : status === 'withdrawn' ? (
      <IconLock size={16} />
    ) : (
      <IconClock size={16} />
    );
  return (
    <StatusBadge tone={statusTone(status)} icon={icon} data-testid="dossier-status">
      {t(`recognition.status.${status}`)}
    </StatusBadge>
  );
}

/** "Quá hạn" in red with its icon. */
export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="danger" icon={<IconAlert size={16} />} data-testid="overdue">
      {t('recognition.common.overdue')}
    </StatusBadge>
  );
}

/** Amber "chưa xác minh" beside a duration or a procedure the reference does not confirm. */
export function NotVerifiedBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="warning" icon={<IconInfo size={16} />} data-testid="not-verified">
      {t('recognition.common.notVerified')}
    </StatusBadge>
  );
}

export function FlagBadges({ flags }: { flags: readonly DossierFlag[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" data-testid="dossier-flags">
      {sortFlags(flags).map((flag) => (
        <StatusBadge
          key={flag}
          tone={flagTone(flag)}
          icon={flag === 'overdue' ? <IconAlert size={16} /> : <IconFlag size={16} />}
          data-testid={`flag-${flag}`}
        >
          {t(`recognition.flag.${flag}`)}
        </StatusBadge>
      ))}
    </Group>
  );
}

export function ConditionBadge({ status }: { status: ConditionView['status'] }) {
  const { t } = useTranslation();
  const icon =
    status === 'met' ? (
      <IconCheck size={16} />
    ) : status === 'not_met' ? (
      <IconCross size={16} />
    ) : (
      <IconMissing size={16} />
    );
  return (
    <StatusBadge tone={conditionTone(status)} icon={icon}>
      {t(`recognition.condition.${status}`)}
    </StatusBadge>
  );
}

export function CriterionBadge({ status }: { status: 'met' | 'not_met' | 'incomplete' }) {
  const { t } = useTranslation();
  const tone = status === 'met' ? 'success' : status === 'not_met' ? 'danger' : 'neutral';
  const icon =
    status === 'met' ? (
      <IconCheck size={16} />
    ) : status === 'not_met' ? (
      <IconCross size={16} />
    ) : (
      <IconMissing size={16} />
    );
  return (
    <StatusBadge tone={tone} icon={icon}>
      {t(`recognition.criterion.${status}`)}
    </StatusBadge>
  );
}

/** "Hạn: 05/12/2026" with "Quá hạn" when late. */
export function DueLine({ dueOn, overdue }: { dueOn: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      {overdue && <OverdueBadge />}
      <Text size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 700 : undefined}>
        {dueOn
          ? t('recognition.common.due', { date: formatDate(dueOn) })
          : t('recognition.common.noDue')}
      </Text>
    </Group>
  );
}

/**
 * What went wrong with an action: on a 409 that the dossier was changed by someone else (the page
 * already shows the new state); on a 422 the list of Vietnamese reasons; otherwise the message.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isConflict(error)) {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlert />}
        role="alert"
        data-testid="conflict"
      >
        {t('recognition.common.conflict')}
      </Alert>
    );
  }
  const refusals = refusalsOf(error);
  const message = error instanceof Error ? error.message : '';
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert" data-testid="action-error">
      {refusals.length > 0 ? (
        <>
          <Text size="sm" fw={700}>
            {t('recognition.common.refusalsTitle')}
          </Text>
          <List size="sm" data-testid="refusals">
            {refusals.map((refusal, index) => (
              <List.Item key={`${refusal.code}-${index}`}>{refusal.message}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">{message}</Text>
      )}
    </Alert>
  );
}

/** A date typed dd/mm/yyyy; reports the ISO date (or null while it is not a real date). */
export function DateField({
  value,
  onChange,
  showError,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string | null;
  onChange: (iso: string | null) => void;
  showError?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ? formatDate(value) : '');
  const invalid = text.trim() !== '' && parseDisplayDate(text) === null;
  return (
    <TextInput
      {...props}
      value={text}
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      description={t('recognition.common.dateHint')}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        onChange(parseDisplayDate(next));
      }}
      error={
        invalid || (showError && !value)
          ? invalid
            ? t('recognition.common.dateInvalid')
            : t('recognition.common.required')
          : null
      }
    />
  );
}

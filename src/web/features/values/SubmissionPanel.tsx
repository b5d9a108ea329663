import { Alert, Button, Card, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, useSyncExternalStore } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconRefresh } from '../../components/icons';
import { formatDate, formatTime } from '../../lib/format';
import type { EntryStore } from './entryStore';
import { IconSend, IconUndo } from './icons';
import type { LiveEvaluation } from './liveEvaluation';
import type { SubmissionAction, UnitValuesResponse } from './types';
import { useSubmissionAction } from './useValues';
import type { ValuesTarget } from './useValues';
import classes from './SubmissionPanel.module.css';

const ACTIONS: readonly SubmissionAction[] = ['submit', 'approve', 'return', 'reopen'];
const NEEDS_REASON: ReadonlySet<SubmissionAction> = new Set(['return', 'reopen']);

function moment(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${formatDate(date)} ${formatTime(date)}`;
}

function ActionDialog({
  action,
  data,
  unitName,
  evaluation,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  action: SubmissionAction;
  data: UnitValuesResponse;
  unitName: string;
  evaluation: LiveEvaluation;
  pending: boolean;
  error: string | null;
  onConfirm: (reason?: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const withReason = NEEDS_REASON.has(action);
  const params = { year: data.year, unit: unitName };
  const titles = {
    submit: t('values.dialog.submitTitle', params),
    approve: t('values.dialog.approveTitle', params),
    return: t('values.dialog.returnTitle', params),
    reopen: t('values.dialog.reopenTitle', params),
  };
  const bodies = {
    submit: t('values.dialog.submitBody', params),
    approve: t('values.dialog.approveBody', params),
    return: t('values.dialog.returnBody', params),
    reopen: t('values.dialog.reopenBody', params),
  };
  const missingReason = withReason && reason.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missingReason) return;
    onConfirm(withReason ? reason.trim() : undefined);
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={titles[action]}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{bodies[action]}</Text>
          {(action === 'submit' || action === 'approve') && evaluation.classified && (
            <Text size="sm" fw={600}>
              {t('values.dialog.result', {
                met: evaluation.criteriaMet,
                total: evaluation.criteriaTotal,
              })}
            </Text>
          )}
          {(action === 'submit' || action === 'approve') && evaluation.missing > 0 && (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlert />}
              data-testid="missing-warning"
            >
              {t('values.dialog.missing', { count: evaluation.missing })}
            </Alert>
          )}
          {withReason && (
            <Textarea
              label={t('values.dialog.reason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              required
              rows={3}
              maxLength={2000}
              error={touched && missingReason ? t('values.dialog.reasonRequired') : null}
              data-autofocus
            />
          )}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={pending}
              color={action === 'return' ? 'orange.9' : undefined}
              data-autofocus={withReason ? undefined : true}
            >
              {t(`values.action.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Sending and approving the data: the buttons the user's rights allow (Gửi duyệt, Duyệt, Trả lại,
 * Mở lại — the last two ask for a reason), and the history of who did what, when and why.
 */
export function SubmissionPanel({
  data,
  target,
  unitName,
  evaluation,
  store,
}: {
  data: UnitValuesResponse;
  target: ValuesTarget;
  unitName: string;
  evaluation: LiveEvaluation;
  store: EntryStore;
}) {
  const { t } = useTranslation();
  const mutation = useSubmissionAction(target);
  const [dialog, setDialog] = useState<SubmissionAction | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [checking, setChecking] = useState(false);
  const summary = useSyncExternalStore(
    store.subscribe,
    () => store.summary(),
    () => store.summary(),
  );
  const { permissions, submission } = data;
  const allowed = ACTIONS.filter((action) => permissions[action]);

  const open = async (action: SubmissionAction) => {
    mutation.reset();
    setBlocked(false);
    if (action === 'submit') {
      // Everything typed must be on the server before it is sent up.
      setChecking(true);
      const settled = await store.settle();
      setChecking(false);
      if (settled.unsaved > 0) {
        setBlocked(true);
        return;
      }
    }
    setDialog(action);
  };

  const confirm = (reason?: string) => {
    if (!dialog) return;
    mutation.mutate(
      { action: dialog, reason },
      {
        onSuccess: () => setDialog(null),
      },
    );
  };

  const events = [...submission.events].reverse();
  const icons = {
    submit: <IconSend size={18} />,
    approve: <IconCheck size={18} />,
    return: <IconUndo size={18} />,
    reopen: <IconRefresh size={18} />,
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="submission-title"
      data-testid="submission-panel"
    >
      <Stack gap="sm">
        <Title order={2} id="submission-title" className={classes.title}>
          {t('values.submission.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t(`values.submission.approverLevel.${submission.approverLevel}`)}
        </Text>
        {allowed.length > 0 ? (
          <Group gap="sm" wrap="wrap">
            {allowed.map((action) => (
              <Button
                key={action}
                leftSection={icons[action]}
                variant={action === 'submit' || action === 'approve' ? 'filled' : 'default'}
                onClick={() => void open(action)}
                loading={action === 'submit' && checking}
                className={classes.action}
              >
                {t(`values.action.${action}`)}
              </Button>
            ))}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('values.submission.noAction')}
          </Text>
        )}
        {blocked && summary.unsaved > 0 && (
          <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
            {t('values.submission.unsaved', { count: summary.unsaved })}
          </Alert>
        )}

        <Title order={3} className={classes.historyTitle}>
          {t('values.history.title')}
        </Title>
        {events.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('values.history.empty')}
          </Text>
        ) : (
          <ol className={classes.history} data-testid="submission-history">
            {events.map((event, index) => (
              <li key={`${event.at}-${index}`} className={classes.event}>
                <Text size="sm" fw={700}>
                  {t(`values.history.event.${event.action}`)}
                </Text>
                <Text size="sm">
                  {event.actor} · <time dateTime={event.at}>{moment(event.at)}</time>
                </Text>
                {event.reason && (
                  <Text size="sm" c="dimmed" className={classes.reason}>
                    {t('values.history.reason', { reason: event.reason })}
                  </Text>
                )}
              </li>
            ))}
          </ol>
        )}
      </Stack>
      {dialog && (
        <ActionDialog
          action={dialog}
          data={data}
          unitName={unitName}
          evaluation={evaluation}
          pending={mutation.isPending}
          error={mutation.error?.message ?? null}
          onConfirm={confirm}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

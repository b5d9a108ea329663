import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconPlus, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { useSession } from '../features/auth/session';
import { hasRole } from '../features/auth/types';
import {
  ActionError,
  DossierStatusBadge,
  DueLine,
  FlagBadges,
} from '../features/recognition/Badges';
import { inboxOrder } from '../features/recognition/labels';
import type { InboxItem } from '../features/recognition/types';
import { useInbox } from '../features/recognition/useInboxCount';
import { useOpenRevocation } from '../features/recognition/useRecognition';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function evidenceText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(evidenceText).join(', ');
  return JSON.stringify(value);
}

function RevocationModal({
  alert,
  onClose,
}: {
  alert: NonNullable<InboxItem['alert']>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useOpenRevocation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing) return;
    open.mutate(
      { recognition: alert.recognitionId, alert: alert.id, reason: reason.trim() },
      { onSuccess: (dossier) => void navigate(paths.dossier(dossier.id)) },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('recognition.inbox.revocationTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {alert.unit.name}
          </Text>
          <Textarea
            label={t('recognition.inbox.revocationReason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            required
            autosize
            minRows={3}
            maxLength={2000}
            error={touched && missing ? t('recognition.common.required') : null}
            data-autofocus
            data-testid="revocation-reason"
          />
          <ActionError error={open.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color="red.8"
              loading={open.isPending}
              data-testid="revocation-submit"
            >
              {t('recognition.inbox.revocationCreate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DossierItem({
  item,
}: {
  item: InboxItem & { dossier: NonNullable<InboxItem['dossier']> };
}) {
  const { t } = useTranslation();
  const dossier = item.dossier;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="li"
      data-testid="inbox-item"
      data-overdue={item.overdue || undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Anchor
            component={Link}
            to={paths.dossier(dossier.id)}
            fw={700}
            aria-label={t('recognition.inbox.openDossier', { reference: dossier.reference })}
          >
            {dossier.reference}
          </Anchor>
          <DossierStatusBadge status={dossier.status} />
        </Group>
        <Text size="sm" fw={600}>
          {dossier.unit.name}
          {dossier.unit.provinceName ? `, ${dossier.unit.provinceName}` : ''}
        </Text>
        <Text size="sm">
          {t(`recognition.kind.${dossier.kind}`)} · {dossier.year}
          {dossier.purpose === 'revocation' ? ` · ${t('recognition.purpose.revocation')}` : ''}
        </Text>
        <Text size="sm">
          {t('recognition.common.step')}: <strong>{dossier.stepName}</strong>
        </Text>
        <DueLine dueOn={item.dueOn} overdue={item.overdue} />
        <FlagBadges flags={dossier.flags.filter((flag) => flag !== 'overdue')} />
      </Stack>
    </Card>
  );
}

function AlertItem({
  item,
  canOpen,
  onOpen,
}: {
  item: InboxItem & { alert: NonNullable<InboxItem['alert']> };
  canOpen: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const alert = item.alert;
  const evidence = Object.entries(alert.evidence);
  return (
    <Card withBorder radius="md" padding="md" component="li" data-testid="inbox-alert">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconAlert color="var(--mantine-color-red-8)" />
          <Text fw={700}>{t('recognition.inbox.alertTitle', { unit: alert.unit.name })}</Text>
        </Group>
        <Text size="sm">
          {t('recognition.inbox.alertLead', { year: alert.year, date: formatDate(alert.raisedAt) })}
        </Text>
        {evidence.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {t('recognition.inbox.evidence')}
            </Text>
            <dl style={{ margin: 0, fontSize: 'var(--mantine-font-size-sm)' }}>
              {evidence.map(([key, value]) => (
                <div key={key} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                  <dt style={{ fontWeight: 600 }}>{key}:</dt>
                  <dd style={{ margin: 0 }}>{evidenceText(value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {canOpen && (
          <Group>
            <Button
              color="red.8"
              leftSection={<IconPlus size={18} />}
              onClick={onOpen}
              data-testid="open-revocation"
            >
              {t('recognition.inbox.openRevocation')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The user's work queue: dossiers waiting for them (overdue first) and revocation alerts. */
function Inbox() {
  const { t } = useTranslation();
  const session = useSession();
  const inbox = useInbox(true);
  const [revoking, setRevoking] = useState<NonNullable<InboxItem['alert']> | null>(null);
  const canOpen = hasRole(session.data, 'province', 'admin');

  if (inbox.isPending) return <PageLoader />;
  if (inbox.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{inbox.error.message}</Text>
          <Button
            size="sm"
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void inbox.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const items = inboxOrder(inbox.data.items);
  return (
    <Stack gap="md">
      <Text fw={600} data-testid="inbox-summary">
        {t('recognition.inbox.summary', inbox.data.counts)}
      </Text>
      {items.length === 0 ? (
        <Text c="dimmed">{t('recognition.inbox.empty')}</Text>
      ) : (
        <Stack
          component="ul"
          gap="sm"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="inbox-list"
        >
          {items.map((item, index) =>
            item.kind === 'dossier' && item.dossier ? (
              <DossierItem key={item.dossier.id} item={{ ...item, dossier: item.dossier }} />
            ) : item.alert ? (
              <AlertItem
                key={`alert-${item.alert.id}`}
                item={{ ...item, alert: item.alert }}
                canOpen={canOpen}
                onOpen={() => setRevoking(item.alert)}
              />
            ) : (
              <li key={index} />
            ),
          )}
        </Stack>
      )}
      {revoking && <RevocationModal alert={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

export default function InboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('recognition.inbox.title'));
  return (
    <Stack gap="lg" maw={900} data-testid="inbox-page">
      <Stack gap={6}>
        <Title order={1}>{t('recognition.inbox.title')}</Title>
        <Text c="dimmed">{t('recognition.inbox.lead')}</Text>
      </Stack>
      <RequireAuth>
        <Inbox />
      </RequireAuth>
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { feedbackPath, paths } from '../app/paths';
import { IconAlert, IconExternal } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { OverdueBadge, ReportStatusBadge } from '../features/feedback/labels';
import type { OfficeReportDetail, RejectReason, ReportAction } from '../features/feedback/types';
import { useOfficeReport, useReportAction } from '../features/feedback/useFeedback';
import { ApiError } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** Which actions fit which status (the server decides; this only hides buttons that cannot work). */
const fits: Record<ReportAction, readonly OfficeReportDetail['status'][]> = {
  accept: ['received', 'in_progress', 'answered', 'resolved'],
  start: ['received'],
  answer: ['received', 'in_progress', 'answered', 'resolved'],
  note: ['received', 'in_progress', 'answered', 'resolved', 'closed', 'rejected'],
  resolve: ['received', 'in_progress', 'answered'],
  close: ['answered', 'resolved'],
  reject: ['received'],
};

function Actions({ report }: { report: OfficeReportDetail }) {
  const { t } = useTranslation();
  const act = useReportAction(report.code);
  const [text, setText] = useState('');
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [duplicateOf, setDuplicateOf] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const can = (action: ReportAction) =>
    report.permissions.actions.includes(action) &&
    fits[action].includes(report.status) &&
    (action !== 'accept' || !report.published);

  const run = (type: ReportAction) => {
    setDone(null);
    act.mutate(
      {
        type,
        version: report.version,
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(type === 'reject' && reason ? { reason } : {}),
        ...(type === 'reject' && reason === 'duplicate' && duplicateOf.trim()
          ? { duplicateOf: duplicateOf.trim().toUpperCase() }
          : {}),
      },
      {
        onSuccess: () => {
          setText('');
          setDone(t(`feedback.office.done.${type}`));
        },
      },
    );
  };
  const buttons: Array<{ action: ReportAction; variant: string; color?: string }> = [
    { action: 'accept', variant: 'light' },
    { action: 'start', variant: 'light' },
    { action: 'answer', variant: 'filled' },
    { action: 'resolve', variant: 'light', color: 'green' },
    { action: 'close', variant: 'filled', color: 'green' },
    { action: 'note', variant: 'default' },
  ];
  const visible = buttons.filter((button) => can(button.action));
  if (visible.length === 0 && !can('reject')) {
    return <Text size="sm">{t('feedback.office.noActions')}</Text>;
  }
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="actions-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="actions-title">
          {t('feedback.office.actions')}
        </Title>
        <Textarea
          label={t('feedback.office.text')}
          description={t('feedback.office.textHint')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          minRows={3}
          autosize
          maxLength={4000}
          data-testid="feedback-action-text"
        />
        <Group gap="sm">
          {visible.map((button) => (
            <Button
              key={button.action}
              variant={button.variant}
              color={button.color}
              size="md"
              loading={act.isPending && act.variables.type === button.action}
              disabled={(button.action === 'answer' || button.action === 'note') && !text.trim()}
              onClick={() => run(button.action)}
              data-testid={`feedback-action-${button.action}`}
            >
              {t(`feedback.office.button.${button.action}`)}
            </Button>
          ))}
        </Group>
        {can('reject') && (
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={t('feedback.office.rejectReason')}
              data={(['spam', 'duplicate', 'out_of_scope', 'other'] as const).map((value) => ({
                value,
                label: t(`feedback.reject.${value}`),
              }))}
              value={reason}
              onChange={(value) => setReason(value)}
              w={240}
            />
            {reason === 'duplicate' && (
              <TextInput
                label={t('feedback.office.duplicateOf')}
                value={duplicateOf}
                onChange={(event) => setDuplicateOf(event.currentTarget.value)}
                placeholder="PA-2026-…"
              />
            )}
            <Button
              color="red"
              variant="light"
              size="md"
              disabled={!reason}
              onClick={() => run('reject')}
              data-testid="feedback-action-reject"
            >
              {t('feedback.office.button.reject')}
            </Button>
          </Group>
        )}
        {done && (
          <Text size="sm" c="green.8" role="status" data-testid="feedback-action-done">
            {done}
          </Text>
        )}
        {act.error && (
          <Alert color="red" icon={<IconAlert />} role="alert" data-testid="feedback-action-error">
            {act.error instanceof ApiError ? act.error.message : t('errors.network')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** One report for an office: content, contact (named reporters), the whole log, the actions. */
export default function FeedbackOfficeDetailPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  useDocumentTitle(`${t('feedback.page.title')} ${code}`);
  const report = useOfficeReport(code);
  if (report.isPending) return <PageLoader />;
  if (report.error) {
    return (
      <Alert color="red" icon={<IconAlert />} role="alert">
        {report.error instanceof ApiError ? report.error.message : t('errors.network')}
      </Alert>
    );
  }
  const view = report.data;
  return (
    <Stack gap="md" maw={960}>
      <Anchor component={Link} to={paths.feedbackOffice}>
        {t('feedback.office.back')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>
          {t('feedback.page.title')} {view.code}
        </Title>
        <ReportStatusBadge status={view.status} />
        {view.overdue && <OverdueBadge />}
        {!view.published && view.status !== 'rejected' && (
          <Badge color="gray" variant="light">
            {t('feedback.office.notPublic')}
          </Badge>
        )}
      </Group>
      <Anchor component={Link} to={feedbackPath(view.code)} target="_blank">
        <Group gap={4}>
          {t('feedback.office.publicPage')} <IconExternal size={16} />
        </Group>
      </Anchor>
      <Text>
        {view.unit.name}
        {view.village ? ` — ${view.village}` : ''} · {t(`feedback.category.${view.category}`)}
        {view.criterionCode ? ` (${t('feedback.form.criterion')} ${view.criterionCode})` : ''}
        {view.point ? ` · ${view.point.lat}, ${view.point.lon}` : ''}
      </Text>
      <Text size="sm">
        {t('feedback.page.received', { date: formatDate(view.receivedAt) })} ·{' '}
        {t('feedback.page.due', { date: formatDate(view.dueOn) })}
      </Text>
      <Card withBorder radius="md" padding="md">
        <Text style={{ whiteSpace: 'pre-wrap' }}>{view.text}</Text>
        <Text size="sm" mt="xs" c="dimmed" data-testid="feedback-reporter">
          {view.anonymous
            ? t('feedback.office.anonymous')
            : t('feedback.office.reporter', {
                name: view.reporterName ?? '—',
                phone: view.reporterPhone ?? '—',
              })}
          {view.byBoard ? ` · ${t('feedback.office.byBoard')}` : ''}
        </Text>
      </Card>
      {view.photos.length > 0 && (
        <Group gap="sm">
          {view.photos.map((photo) => (
            <a key={photo.seq} href={photo.url} target="_blank" rel="noreferrer">
              <Image
                src={photo.thumbnailUrl}
                alt={t('feedback.form.photoAlt', { number: photo.seq })}
                w={120}
                h={120}
                fit="cover"
                radius="sm"
              />
            </a>
          ))}
        </Group>
      )}
      <Actions report={view} />
      <Title order={2} size="h3">
        {t('feedback.page.history')}
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('feedback.office.when')}</Table.Th>
              <Table.Th>{t('feedback.office.what')}</Table.Th>
              <Table.Th>{t('feedback.office.who')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.events.map((event) => (
              <Table.Tr key={event.seq}>
                <Table.Td>{formatDateTime(event.at)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {event.type === 'status' && event.toStatus
                      ? t(`feedback.status.${event.toStatus}`)
                      : t(`feedback.event.${event.type}`)}
                    {event.public ? '' : ` (${t('feedback.office.internal')})`}
                  </Text>
                  {event.text && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {event.text}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {event.actorName}
                  {event.actorUnitName ? ` (${event.actorUnitName})` : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

import { Alert, Anchor, Card, Group, Image, Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconCheck, IconInfo } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { OverdueBadge, ReportStatusBadge } from '../features/feedback/labels';
import { usePublicReport } from '../features/feedback/useFeedback';
import { ApiError } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/**
 * The public status page of a report (no login): what the citizen keeps. Its content once the
 * commune accepted it; the commune's public answers and each change of status, by office, never
 * by person; never the reporter's contact.
 */
export default function FeedbackStatusPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [search] = useSearchParams();
  useDocumentTitle(`${t('feedback.page.title')} ${code}`);
  const report = usePublicReport(code);

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
    <Stack gap="md" maw={760}>
      {search.get('moi') === '1' && (
        <Alert color="green" icon={<IconCheck />} data-testid="feedback-sent">
          {t('feedback.page.sent', { code: view.code })}
        </Alert>
      )}
      <Group gap="sm" align="center">
        <Title order={1}>
          {t('feedback.page.title')} <span data-testid="report-code">{view.code}</span>
        </Title>
        <ReportStatusBadge status={view.status} />
        {view.overdue && <OverdueBadge />}
      </Group>
      <Text>
        {view.unit.name}
        {view.village ? ` — ${view.village}` : ''} · {t(`feedback.category.${view.category}`)}
        {view.criterionCode ? ` (${t('feedback.form.criterion')} ${view.criterionCode})` : ''}
      </Text>
      <Text size="sm">
        {t('feedback.page.received', { date: formatDate(view.receivedAt) })} ·{' '}
        {t('feedback.page.due', { date: formatDate(view.dueOn) })}
        {view.closedAt
          ? ` · ${t('feedback.page.closed', { date: formatDate(view.closedAt) })}`
          : ''}
      </Text>
      {!view.published && view.status !== 'rejected' && (
        <Alert color="blue" icon={<IconInfo />}>
          {t('feedback.page.awaiting')}
        </Alert>
      )}
      {view.status === 'rejected' && (
        <Alert color="red" icon={<IconAlert />} data-testid="feedback-rejected">
          {t('feedback.page.rejected', {
            reason: view.rejectReason ? t(`feedback.reject.${view.rejectReason}`) : '',
          })}
          {view.duplicateOf && (
            <>
              {' '}
              <Anchor component={Link} to={`/phan-anh/${view.duplicateOf}`}>
                {view.duplicateOf}
              </Anchor>
            </>
          )}
        </Alert>
      )}
      {view.text && (
        <Card withBorder radius="md" padding="md">
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="report-text">
            {view.text}
          </Text>
          {view.anonymous && (
            <Text size="sm" c="dimmed" mt="xs">
              {t('feedback.page.anonymous')}
            </Text>
          )}
        </Card>
      )}
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
                data-testid="report-photo"
              />
            </a>
          ))}
        </Group>
      )}
      <Title order={2} size="h3">
        {t('feedback.page.history')}
      </Title>
      <Timeline bulletSize={20} lineWidth={2} data-testid="report-events">
        {view.events.map((event, index) => (
          <Timeline.Item
            key={index}
            title={
              event.type === 'answer'
                ? t('feedback.event.answer')
                : event.type === 'status' && event.toStatus
                  ? t(`feedback.status.${event.toStatus}`)
                  : t(`feedback.event.${event.type}`)
            }
          >
            {event.text && (
              <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="report-event-text">
                {event.text}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(event.at)}
              {event.by ? ` · ${event.by}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <Anchor component={Link} to={paths.feedbackNew}>
        {t('feedback.page.another')}
      </Anchor>
    </Stack>
  );
}

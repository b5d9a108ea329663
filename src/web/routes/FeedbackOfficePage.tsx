import {
  Alert,
  Anchor,
  Checkbox,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { feedbackOfficePath, loginPath, paths } from '../app/paths';
import { IconAlert } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { OverdueBadge, ReportStatusBadge } from '../features/feedback/labels';
import type { ReportStatus } from '../features/feedback/types';
import { useOfficeReports, type OfficeFilters } from '../features/feedback/useFeedback';
import { ApiError } from '../lib/api';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

const statuses: ReportStatus[] = [
  'received',
  'in_progress',
  'answered',
  'resolved',
  'closed',
  'rejected',
];

/** The offices' queue of community reports in their scope: waiting, overdue, by due date. */
export default function FeedbackOfficePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.office.title'));
  const [filters, setFilters] = useState<OfficeFilters>({ page: 1 });
  const list = useOfficeReports(filters);

  if (list.error instanceof ApiError && list.error.status === 401) {
    return (
      <Alert color="blue">
        <Anchor component={Link} to={loginPath(paths.feedbackOffice)}>
          {t('feedback.office.login')}
        </Anchor>
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <Title order={1}>{t('feedback.office.title')}</Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('feedback.office.status')}
          data={statuses.map((status) => ({
            value: status,
            label: t(`feedback.status.${status}`),
          }))}
          value={filters.status ?? null}
          onChange={(value) =>
            setFilters((current) => ({
              ...current,
              status: value ?? undefined,
              page: 1,
            }))
          }
          clearable
          w={220}
        />
        <Checkbox
          label={t('feedback.office.pending')}
          checked={filters.moderation === 'pending'}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            setFilters((current) => ({
              ...current,
              moderation: checked ? 'pending' : undefined,
              page: 1,
            }));
          }}
          size="md"
        />
        <Checkbox
          label={t('feedback.office.overdue')}
          checked={filters.overdue === 'true'}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            setFilters((current) => ({
              ...current,
              overdue: checked ? 'true' : undefined,
              page: 1,
            }));
          }}
          size="md"
          data-testid="feedback-overdue-filter"
        />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <Alert color="red" icon={<IconAlert />} role="alert">
          {list.error.message}
        </Alert>
      ) : list.data.items.length === 0 ? (
        <Text>{t('feedback.office.empty')}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover stickyHeader data-testid="feedback-office-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.office.code')}</Table.Th>
                  <Table.Th>{t('feedback.office.commune')}</Table.Th>
                  <Table.Th>{t('feedback.office.content')}</Table.Th>
                  <Table.Th>{t('feedback.office.received')}</Table.Th>
                  <Table.Th>{t('feedback.office.due')}</Table.Th>
                  <Table.Th>{t('feedback.office.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((item) => (
                  <Table.Tr key={item.code} data-testid="feedback-office-row">
                    <Table.Td>
                      <Anchor component={Link} to={feedbackOfficePath(item.code)}>
                        {item.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {item.unit.name}
                      {item.village ? ` — ${item.village}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {item.excerpt}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`feedback.category.${item.category}`)}
                        {item.photoCount > 0
                          ? ` · ${t('feedback.office.photos', { count: item.photoCount })}`
                          : ''}
                        {item.published ? '' : ` · ${t('feedback.office.notPublic')}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDate(item.receivedAt)}</Table.Td>
                    <Table.Td>{formatDate(item.dueOn)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <ReportStatusBadge status={item.status} />
                        {item.overdue && <OverdueBadge />}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm">{t('feedback.office.total', { count: list.data.total })}</Text>
            <Pagination
              total={Math.max(1, Math.ceil(list.data.total / list.data.pageSize))}
              value={filters.page}
              onChange={(page) => setFilters((current) => ({ ...current, page }))}
            />
          </Group>
        </>
      )}
    </Stack>
  );
}

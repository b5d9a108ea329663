import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { IconAlert, IconRefresh } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { canManageSheets } from '../features/ocop/roles';
import { SheetForm } from '../features/ocop/SheetForm';
import type { SheetSummary } from '../features/ocop/types';
import { useSheet } from '../features/ocop/useOcop';
import {
  sheetProblems,
  sheetTemplateUrl,
  useAllSheets,
  useImportSheet,
  usePublishSheet,
} from '../features/ocop/useOcopAdmin';
import { ActionError } from '../features/recognition/Badges';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function StateBadge({ sheet }: { sheet: SheetSummary }) {
  const { t } = useTranslation();
  const color = sheet.state === 'published' ? 'green' : sheet.state === 'draft' ? 'blue' : 'gray';
  return (
    <Badge color={color} variant="light" data-testid="sheet-state">
      {t(`ocop.sheets.state.${sheet.state}`, { defaultValue: sheet.state })}
    </Badge>
  );
}

function ImportPanel({ onImported }: { onImported: (sheet: SheetSummary) => void }) {
  const { t } = useTranslation();
  const importSheet = useImportSheet();
  const problems = sheetProblems(importSheet.error);
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="sm">
        <Title order={2}>{t('ocop.sheets.import')}</Title>
        <Text size="sm" c="dimmed">
          {t('ocop.sheets.importHint')}{' '}
          <Anchor href={sheetTemplateUrl} data-testid="sheet-template">
            {t('ocop.sheets.template')}
          </Anchor>
        </Text>
        <Group>
          <FileButton
            accept=".yaml,.yml,.xlsx,application/yaml,text/yaml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(file) => {
              if (file) importSheet.mutate(file, { onSuccess: onImported });
            }}
          >
            {(props) => (
              <Button
                {...props}
                mih={48}
                loading={importSheet.isPending}
                data-testid="sheet-import"
              >
                {t('ocop.sheets.pickFile')}
              </Button>
            )}
          </FileButton>
        </Group>
        {importSheet.isSuccess && (
          <Text size="sm" c="green.8" data-testid="sheet-imported">
            {t('ocop.sheets.imported', { code: importSheet.data.code })}
          </Text>
        )}
        {problems.length > 0 ? (
          <Stack gap="xs" data-testid="sheet-problems">
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {t('ocop.sheets.problems', { count: problems.length })}
            </Alert>
            <Table.ScrollContainer minWidth={0}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('ocop.sheets.row')}</Table.Th>
                    <Table.Th>{t('ocop.sheets.column')}</Table.Th>
                    <Table.Th>{t('ocop.sheets.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {problems.map((problem, index) => (
                    <Table.Tr key={index} data-testid="sheet-problem">
                      <Table.Td>{problem.row ?? '—'}</Table.Td>
                      <Table.Td>{problem.column ?? '—'}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{problem.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        ) : (
          <ActionError error={importSheet.error} />
        )}
      </Stack>
    </Paper>
  );
}

function PublishButton({ sheet }: { sheet: SheetSummary }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const publish = usePublishSheet();
  return (
    <>
      <Button mih={48} onClick={() => setOpen(true)} data-testid="sheet-publish">
        {t('ocop.sheets.publish')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('ocop.sheets.publish')}>
        <Stack gap="sm">
          <Text>{t('ocop.sheets.publishConfirm', { name: sheet.name })}</Text>
          <ActionError error={publish.error} />
          <Group justify="flex-end">
            <Button variant="default" mih={48} onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              mih={48}
              loading={publish.isPending}
              data-testid="sheet-publish-confirm"
              onClick={() => publish.mutate(sheet, { onSuccess: () => setOpen(false) })}
            >
              {t('ocop.sheets.publish')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function SheetPreview({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const sheet = useSheet(id);
  if (sheet.isPending) return <PageLoader />;
  if (sheet.isError) return <ActionError error={sheet.error} />;
  return (
    <Stack gap="sm" data-testid="sheet-preview" data-code={sheet.data.code}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {sheet.data.name}
        </Title>
        <Button variant="default" mih={48} onClick={onClose}>
          {t('ocop.sheets.closePreview')}
        </Button>
      </Group>
      {sheet.data.state === 'draft' && <PublishButton sheet={sheet.data} />}
      <SheetForm sheet={sheet.data.body} choices={{}} readOnly testId="sheet-preview-form" />
    </Stack>
  );
}

function SheetsList({ items, onOpen }: { items: SheetSummary[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Text c="dimmed">{t('ocop.sheets.empty')}</Text>;
  return (
    <Stack gap="xs" data-testid="sheet-list">
      {items.map((sheet) => (
        <Paper
          key={sheet.id}
          withBorder
          p="sm"
          radius="md"
          data-testid="sheet-row"
          data-code={sheet.code}
          data-state={sheet.state}
        >
          <Stack gap={4}>
            <Group gap="xs" wrap="wrap">
              <Anchor
                component="button"
                type="button"
                fw={700}
                onClick={() => onOpen(sheet.id)}
                style={{ overflowWrap: 'anywhere', textAlign: 'left' }}
                data-testid="sheet-open"
              >
                {sheet.name}
              </Anchor>
              <StateBadge sheet={sheet} />
              {!sheet.verified && (
                <Badge color="yellow" variant="light" data-testid="sheet-unverified-badge">
                  {t('ocop.sheets.unverified')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('ocop.sheets.line', {
                code: sheet.code,
                set: sheet.setCode,
                rule: sheet.ruleVersion,
                version: sheet.version,
              })}
              {sheet.publishedAt &&
                ` · ${t('ocop.sheets.publishedOn', { date: formatDate(sheet.publishedAt) })}`}
            </Text>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function SheetsView() {
  const { t } = useTranslation();
  const sheets = useAllSheets();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="lg">
      <ImportPanel onImported={(sheet) => setOpen(sheet.id)} />
      {open && <SheetPreview id={open} onClose={() => setOpen(null)} />}
      <Stack gap="sm">
        <Title order={2}>{t('ocop.sheets.list')}</Title>
        {sheets.isPending ? (
          <PageLoader />
        ) : sheets.isError ? (
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{sheets.error.message}</Text>
              <Button
                size="sm"
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={() => void sheets.refetch()}
              >
                {t('common.retry')}
              </Button>
            </Stack>
          </Alert>
        ) : (
          <SheetsList
            items={sheets.data.items}
            onOpen={(id) => {
              setOpen(id);
              window.scrollTo({ top: 0 });
            }}
          />
        )}
      </Stack>
    </Stack>
  );
}

/** OCOP score sheets (admin, central): list, import a draft, preview, publish — /ocop/phieu-cham */
export default function OcopSheetsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ocop.sheets.title'));
  return (
    <Stack gap="lg" data-testid="ocop-sheets-page">
      <Stack gap={6}>
        <Title order={1}>{t('ocop.sheets.title')}</Title>
        <Anchor component={Link} to={paths.ocop}>
          {t('ocop.common.backHome')}
        </Anchor>
      </Stack>
      <RequireAuth allow={canManageSheets}>
        <SheetsView />
      </RequireAuth>
    </Stack>
  );
}

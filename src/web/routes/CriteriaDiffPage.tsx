import { Alert, Anchor, Breadcrumbs, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { criteriaSetPath, paths, WITH_PARAM } from '../app/paths';
import { IconAlert, IconCheck } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import type { CriteriaSetDiff } from '../features/criteria/types';
import { useCriteriaDiff } from '../features/criteria/useCriteria';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import classes from './CriteriaSetPage.module.css';

const DATE_FIELDS = new Set(['validFrom', 'validTo']);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} id={id} className={classes.sectionTitle}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** A table with a header row; "Không có" when there are no rows. */
function Rows({ t, head, rows }: { t: TFunction; head: string[]; rows: ReactNode[][] }) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('criteria.diff.none')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {head.map((cell) => (
              <Table.Th key={cell}>{cell}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={index}>
              {row.map((cell, column) => (
                <Table.Td key={column}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DiffView({ diff }: { diff: CriteriaSetDiff }) {
  const { t } = useTranslation();
  const value = (field: string, text: string) =>
    DATE_FIELDS.has(field) ? formatDate(text) : text || '—';
  const { criteria, indicators } = diff;
  const criteriaRows: ReactNode[][] = [
    ...criteria.added.map((c) => [t('criteria.diff.added'), c.code, '—', c.name]),
    ...criteria.removed.map((c) => [t('criteria.diff.removed'), c.code, c.name, '—']),
    ...criteria.renamed.map((c) => [t('criteria.diff.renamed'), c.code, c.from, c.to]),
  ];
  const indicatorRows: ReactNode[][] = [
    ...indicators.added.map((i) => [
      t('criteria.diff.added'),
      i.code,
      `${i.name} (${t('criteria.diff.rule')}: ${i.rule})`,
      '—',
      '—',
    ]),
    ...indicators.removed.map((i) => [
      t('criteria.diff.removed'),
      i.code,
      `${i.name} (${t('criteria.diff.rule')}: ${i.rule})`,
      '—',
      '—',
    ]),
    ...indicators.changed.flatMap((i) =>
      i.changes.map((change) => [
        t('criteria.diff.changed'),
        i.code,
        t(`criteria.diff.field.${change.field}`),
        change.from || '—',
        change.to || '—',
      ]),
    ),
  ];
  return (
    <Stack gap="lg">
      {diff.same && (
        <Alert color="green" variant="light" icon={<IconCheck />}>
          {t('criteria.diff.same')}
        </Alert>
      )}
      <Section id="diff-set" title={t('criteria.diff.setTitle')}>
        <Rows
          t={t}
          head={[t('criteria.diff.what'), t('criteria.diff.from'), t('criteria.diff.to')]}
          rows={diff.set.map((change) => [
            t(`criteria.diff.field.${change.field}`),
            value(change.field, change.from),
            value(change.field, change.to),
          ])}
        />
      </Section>
      <Section id="diff-criteria" title={t('criteria.diff.criteriaTitle')}>
        <Rows
          t={t}
          head={['', t('criteria.diff.code'), t('criteria.diff.from'), t('criteria.diff.to')]}
          rows={criteriaRows}
        />
      </Section>
      <Section id="diff-indicators" title={t('criteria.diff.indicatorsTitle')}>
        <Rows
          t={t}
          head={[
            '',
            t('criteria.diff.code'),
            t('criteria.diff.what'),
            t('criteria.diff.from'),
            t('criteria.diff.to'),
          ]}
          rows={indicatorRows}
        />
      </Section>
    </Stack>
  );
}

/** What changed between two versions of a set (an amended version and the one it amends). */
export default function CriteriaDiffPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const withCode = params.get(WITH_PARAM) ?? undefined;
  const diff = useCriteriaDiff(code, withCode);
  const from = diff.data?.from ?? withCode ?? '…';
  useDocumentTitle(t('criteria.diff.title', { from, to: code }));
  return (
    <Stack gap="lg" maw={1040}>
      <nav aria-label={t('criteria.breadcrumb')}>
        <Breadcrumbs separator="›" separatorMargin={6} className={classes.breadcrumbs}>
          <Anchor component={Link} to={paths.criteria} className={classes.crumb}>
            {t('criteria.title')}
          </Anchor>
          <Anchor component={Link} to={criteriaSetPath(code)} className={classes.crumb}>
            {code}
          </Anchor>
        </Breadcrumbs>
      </nav>
      <Stack gap={4}>
        <Title order={1}>{t('criteria.diff.title', { from, to: code })}</Title>
        <Text c="dimmed">{t('criteria.diff.intro', { from, to: code })}</Text>
      </Stack>
      {diff.isPending ? (
        <PageLoader />
      ) : diff.isError ? (
        <Alert color="orange" variant="light" icon={<IconAlert />} role="alert">
          {diff.error.message}
        </Alert>
      ) : (
        <DiffView diff={diff.data} />
      )}
    </Stack>
  );
}

import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { diffRecords, showValue } from './diff';
import classes from './AuditChanges.module.css';
import type { AuditEntry } from './useAudit';

/** Before → after of one audited write, field by field; then the details of the request. */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const rows = diffRecords(entry.before, entry.after);
  const details =
    entry.details && typeof entry.details === 'object' && !Array.isArray(entry.details)
      ? Object.entries(entry.details as Record<string, unknown>)
      : entry.details != null
        ? [['', entry.details] as [string, unknown]]
        : [];

  return (
    <Stack gap="sm" className={classes.root}>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.noChanges')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder withColumnBorders verticalSpacing={6} className={classes.diff}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.field')}</Table.Th>
                <Table.Th scope="col">{t('audit.before')}</Table.Th>
                <Table.Th scope="col">{t('audit.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.path} data-change={row.change}>
                  <Table.Th scope="row" className={classes.path}>
                    {row.path || t('audit.wholeValue')}
                  </Table.Th>
                  <Table.Td className={classes.before}>
                    {row.before === null ? (
                      <Text span size="sm" c="dimmed">
                        {t('audit.empty')}
                      </Text>
                    ) : (
                      <del>
                        <span className="visually-hidden">{t('audit.removedValue')} </span>
                        {row.before}
                      </del>
                    )}
                  </Table.Td>
                  <Table.Td className={classes.after}>
                    {row.after === null ? (
                      <Text span size="sm" c="dimmed">
                        {t('audit.empty')}
                      </Text>
                    ) : (
                      <ins>
                        <span className="visually-hidden">{t('audit.addedValue')} </span>
                        {row.after}
                      </ins>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {details.length > 0 && (
        <dl className={classes.details}>
          {details.map(([key, value]) => (
            <div key={key}>
              <dt>{key || t('audit.details')}</dt>
              <dd>{showValue(value) ?? '—'}</dd>
            </div>
          ))}
        </dl>
      )}
    </Stack>
  );
}

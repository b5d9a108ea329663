import { Stack, Text } from '@mantine/core';
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
        <table className={classes.diff}>
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.path} data-change={row.change}>
                <th scope="row" className={classes.path}>
                  {row.path || t('audit.wholeValue')}
                </th>
                <td className={classes.before} data-label={t('audit.before')}>
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
                </td>
                <td className={classes.after} data-label={t('audit.after')}>
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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

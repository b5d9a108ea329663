import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { unitPath } from '../../app/paths';
import { IconArrowRight } from '../../components/icons';
import { formatDate, previousDay } from '../../lib/format';
import { ancestorsText } from './display';
import type { LineageEntry, UnitLineage, UnitVersion } from './types';
import classes from './UnitLineageView.module.css';

/** Where the unit came from and what it became, each unit a link to its page on the right date. */
export function UnitLineageView({ lineage, code }: { lineage: UnitLineage; code: string }) {
  const { t } = useTranslation();
  const { predecessors, successors } = lineage;
  return (
    <Stack gap="md">
      <LineageGroup
        title={t('lineage.predecessors')}
        empty={t('lineage.noPredecessors')}
        entries={predecessors}
        direction="from"
        testId="lineage-predecessors"
      />
      <LineageGroup
        title={t('lineage.successors')}
        empty={t('lineage.noSuccessors')}
        entries={successors}
        direction="to"
        testId="lineage-successors"
      />
      {lineage.versions.length > 1 && <CodeVersions code={code} versions={lineage.versions} />}
    </Stack>
  );
}

function LineageGroup({
  title,
  empty,
  entries,
  direction,
  testId,
}: {
  title: string;
  empty: string;
  entries: LineageEntry[];
  direction: 'from' | 'to';
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <section aria-label={title}>
      <Title order={3} mb="xs">
        {title}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ul className={classes.list} data-testid={testId}>
          {entries.map((entry) => {
            // A predecessor is seen on its last day; a successor on its first.
            const date =
              direction === 'from'
                ? (entry.validTo ?? previousDay(entry.effectiveDate))
                : entry.validFrom;
            return (
              <li key={`${entry.code}-${entry.validFrom}`} className={classes.entry}>
                <div className={classes.main}>
                  <Link to={unitPath(entry.code, date)} className={classes.link}>
                    {entry.name}
                  </Link>
                  {entry.validTo && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({t('units.until', { date: formatDate(entry.validTo) })})
                    </Text>
                  )}
                  {entry.ancestors.length > 0 && (
                    <Text size="sm" c="dimmed">
                      {ancestorsText(entry.ancestors)}
                    </Text>
                  )}
                </div>
                <div className={classes.how}>
                  <span className={classes.kind}>
                    <IconArrowRight size={14} />
                    {t(`lineageKind.${entry.lineageKind}`)}
                  </span>
                  <Text span size="sm">
                    {t('lineage.effective', { date: formatDate(entry.effectiveDate) })}
                  </Text>
                  <Text span size="sm" c="dimmed">
                    {t('units.codeLabel')} {entry.code}
                  </Text>
                </div>
                {entry.note && (
                  <Text size="sm" c="dimmed" className={classes.note}>
                    {entry.note}
                  </Text>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CodeVersions({ code, versions }: { code: string; versions: UnitVersion[] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('lineage.versions', { code })}>
      <Title order={3} mb="xs">
        {t('lineage.versions', { code })}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('lineage.versionsHint')}
      </Text>
      <ul className={classes.list}>
        {versions.map((version) => (
          <li key={version.validFrom} className={classes.entry}>
            <div className={classes.main}>
              <Link to={unitPath(code, version.validFrom)} className={classes.link}>
                {version.name}
              </Link>
            </div>
            <Text size="sm">
              {version.validTo
                ? t('units.validRange', {
                    from: formatDate(version.validFrom),
                    to: formatDate(version.validTo),
                  })
                : t('units.validFrom', { date: formatDate(version.validFrom) })}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}

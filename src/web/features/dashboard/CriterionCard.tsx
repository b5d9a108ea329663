import { Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconInfo } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { Verdict } from './StatusWords';
import type { ScorecardCriterion } from './scorecard';
import classes from './CriterionCard.module.css';

/**
 * One criterion of a commune's scorecard: its verdict in words, icon and colour, and each indicator
 * with the reason (value against the threshold of the commune's class), the rule's source and the
 * evidence attached.
 */
export function CriterionCard({ criterion }: { criterion: ScorecardCriterion }) {
  const { t } = useTranslation();
  const headingId = `criterion-${criterion.code}`;
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="sm"
      className={classes.card}
      data-status={criterion.status}
      data-testid="criterion-card"
      data-criterion={criterion.code}
      aria-labelledby={headingId}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Text component="h3" id={headingId} className={classes.title}>
          {criterion.code}. {criterion.name}
        </Text>
        <Verdict status={criterion.status} />
      </Group>
      <Text size="sm" c="dimmed" mb={6}>
        {t('dashboard.scorecard.indicatorsMet', {
          met: criterion.indicatorsMet,
          total: criterion.indicators.length,
        })}
        {criterion.critical && ` · ${t('dashboard.scorecard.critical')}`}
      </Text>
      <ul className={classes.indicators}>
        {criterion.indicators.map((indicator) => (
          <li
            key={indicator.code}
            className={classes.indicator}
            data-status={indicator.status}
            data-indicator={indicator.code}
          >
            <div className={classes.indicatorHead}>
              <Text size="sm" fw={600} className={classes.indicatorName}>
                {indicator.code}. {indicator.name}
              </Text>
              {criterion.indicators.length > 1 && <Verdict status={indicator.status} size={14} />}
            </div>
            <Text size="sm" className={classes.reason} data-testid="indicator-reason">
              {indicator.reason ??
                (indicator.hasValue
                  ? t('dashboard.scorecard.noThreshold')
                  : t('dashboard.scorecard.noValue'))}
            </Text>
            <Text size="xs" className={classes.meta}>
              {indicator.source
                ? t('dashboard.scorecard.source', { source: indicator.source })
                : t('dashboard.scorecard.noSource')}
              {' · '}
              <span data-testid="evidence-count">
                {indicator.evidence > 0
                  ? t('dashboard.scorecard.evidence', { n: indicator.evidence })
                  : t('dashboard.scorecard.noEvidence')}
              </span>
            </Text>
            {!indicator.verified && indicator.status !== 'unjudged' && (
              <div>
                <StatusBadge tone="warning" icon={<IconInfo size={14} />}>
                  {t('dashboard.scorecard.unverified')}
                </StatusBadge>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

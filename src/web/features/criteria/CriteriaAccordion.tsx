import { Accordion, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconInfo } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { groupCriteria, hasUnverifiedThreshold } from './thresholdTable';
import { ThresholdView } from './ThresholdView';
import type { CriteriaSet, Criterion, Indicator } from './types';
import classes from './CriteriaAccordion.module.css';

type SetShape = Pick<CriteriaSet, 'classes' | 'classInfo' | 'classification'>;

/** The amber mark of a threshold not read in an official text (UX.md: word + icon + colour). */
export function UnverifiedBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="warning" icon={<IconInfo size={16} />} data-testid="unverified">
      {t('criteria.unverified')}
    </StatusBadge>
  );
}

function IndicatorBlock({ indicator, set }: { indicator: Indicator; set: SetShape }) {
  const { t } = useTranslation();
  const unverified = hasUnverifiedThreshold(indicator, set);
  const measure =
    indicator.type === 'boolean'
      ? t('criteria.type.boolean')
      : indicator.unit
        ? t('criteria.measure', {
            type: t(`criteria.type.${indicator.type}`),
            unit: indicator.unit,
          })
        : t(`criteria.type.${indicator.type}`);
  return (
    <li className={classes.indicator} data-testid="indicator">
      <Text fw={700} className={classes.indicatorName}>
        <span className={classes.indicatorCode}>{indicator.code}</span> {indicator.name}
      </Text>
      <Text size="sm" c="dimmed">
        {measure}
      </Text>
      {indicator.origin && indicator.origin !== 'inherited' && (
        <Text size="sm" fw={500} c="ntm.8">
          {t(`criteria.origin.${indicator.origin}`)}
        </Text>
      )}
      <div className={classes.threshold}>
        <Text size="sm" fw={500} className={classes.thresholdLabel}>
          {t('criteria.threshold.label')}
        </Text>
        <div className={classes.thresholdBody}>
          <ThresholdView indicator={indicator} set={set} />
          {unverified ? (
            <UnverifiedBadge />
          ) : (
            <span className={classes.verified}>
              <IconCheck size={16} />
              {t('criteria.verified')}
            </span>
          )}
        </div>
      </div>
      {indicator.source && (
        <Text size="sm">
          <span className={classes.term}>{t('criteria.source')}:</span> {indicator.source}
        </Text>
      )}
      {indicator.note && (
        <Text size="sm" c="dimmed" className={classes.note}>
          {indicator.note}
        </Text>
      )}
    </li>
  );
}

function CriterionControl({ criterion, set }: { criterion: Criterion; set: SetShape }) {
  const { t } = useTranslation();
  const unverified = criterion.indicators.filter((indicator) =>
    hasUnverifiedThreshold(indicator, set),
  ).length;
  return (
    <span className={classes.control}>
      <span className={classes.controlName}>
        <span className={classes.criterionCode}>{criterion.code}.</span> {criterion.name}
      </span>
      <span className={classes.controlMeta}>
        {t('criteria.indicatorCount', { count: criterion.indicators.length })}
        {unverified > 0 && (
          <>
            {' · '}
            <span className={classes.unverifiedCount}>
              {t('criteria.unverifiedShort', { count: unverified })}
            </span>
          </>
        )}
      </span>
    </span>
  );
}

/**
 * The criteria of a set in their groups (Quy hoạch; Hạ tầng kinh tế – xã hội…), one criterion
 * open at a time, each showing its indicators, unit of measure and thresholds.
 */
export function CriteriaAccordion({ set }: { set: CriteriaSet }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const groups = groupCriteria(set.criteria);
  const titled = groups.some((group) => group.group !== null);
  return (
    <Stack gap="lg">
      {groups.map((group, index) => (
        <section
          key={`${group.group ?? ''}-${index}`}
          aria-label={group.group ?? t('criteria.criteriaTitle')}
        >
          {titled && (
            <Title order={3} className={classes.groupTitle}>
              {group.group ?? t('criteria.otherGroup')}
            </Title>
          )}
          <Accordion
            value={group.criteria.some((c) => c.code === open) ? open : null}
            onChange={(value) => setOpen(value)}
            variant="separated"
            radius="md"
            chevronPosition="right"
            classNames={{ control: classes.accordionControl, content: classes.accordionContent }}
          >
            {group.criteria.map((criterion) => (
              <Accordion.Item key={criterion.code} value={criterion.code} data-testid="criterion">
                <Accordion.Control>
                  <CriterionControl criterion={criterion} set={set} />
                </Accordion.Control>
                <Accordion.Panel>
                  {criterion.note && (
                    <Text size="sm" c="dimmed" mb="sm">
                      {criterion.note}
                    </Text>
                  )}
                  <ul className={classes.indicators}>
                    {criterion.indicators.map((indicator) => (
                      <IndicatorBlock key={indicator.code} indicator={indicator} set={set} />
                    ))}
                  </ul>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </section>
      ))}
    </Stack>
  );
}

import { Accordion, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompiledCriteriaSet } from '../../../domain/criteria/evaluate';
import type { Criterion } from '../../../domain/criteria/types';
import { IconCheck } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import type { EntryStore } from './entryStore';
import { IconCross, IconMissing } from './icons';
import { IndicatorField } from './IndicatorField';
import { groupsOf, inputKind } from './liveEvaluation';
import type { CriterionStatus, LiveEvaluation } from './liveEvaluation';
import type { ValueItem } from './types';
import classes from './EntryAccordion.module.css';

export interface EntryAccordionProps {
  compiled: CompiledCriteriaSet;
  store: EntryStore;
  evaluation: LiveEvaluation;
  unitClass: string | null;
  year: number;
  items: readonly ValueItem[];
  readOnly: boolean;
  /** What goes under each indicator (its evidence files). */
  renderExtra?: (item: ValueItem) => ReactNode;
}

function CriterionBadge({ status }: { status: CriterionStatus }) {
  const { t } = useTranslation();
  const props = {
    met: { tone: 'success' as const, icon: <IconCheck size={16} /> },
    not_met: { tone: 'danger' as const, icon: <IconCross size={16} /> },
    missing: { tone: 'neutral' as const, icon: <IconMissing size={16} /> },
  }[status];
  return (
    <StatusBadge tone={props.tone} icon={props.icon} data-testid="criterion-status">
      {t(`values.status.${status}`)}
    </StatusBadge>
  );
}

/**
 * The set's criteria in their official groups, each opening onto its indicators' fields. On a phone
 * one criterion is open at a time; on a desktop several may be.
 */
export function EntryAccordion({
  compiled,
  store,
  evaluation,
  unitClass,
  year,
  items,
  readOnly,
  renderExtra,
}: EntryAccordionProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)') ?? false;
  const [open, setOpen] = useState<string[]>(() =>
    compiled.criteria[0] ? [compiled.criteria[0].code] : [],
  );
  const set = compiled.set;
  const applied = compiled.hasClass(unitClass) ? compiled.thresholds(unitClass, year) : null;
  const itemByCode = new Map(items.map((item) => [item.indicator, item]));
  const groups = groupsOf<Criterion>(set.criteria);
  const titled = groups.some((group) => group.group !== null);

  const change = (next: string[]) => {
    if (wide) {
      setOpen(next);
      return;
    }
    // Phone: the criterion just opened replaces the one open before.
    const opened = next.filter((code) => !open.includes(code));
    setOpen(opened.length > 0 ? opened.slice(-1) : next);
  };

  return (
    <Stack gap="lg">
      {groups.map((group, index) => (
        <section
          key={`${group.group ?? ''}-${index}`}
          aria-label={group.group ?? t('values.groupsLabel')}
        >
          {titled && (
            <Title order={2} className={classes.groupTitle}>
              {group.group ?? t('values.otherGroup')}
            </Title>
          )}
          <Accordion
            multiple
            value={open.filter((code) => group.criteria.some((c) => c.code === code))}
            onChange={(value) =>
              change([
                ...open.filter((code) => !group.criteria.some((c) => c.code === code)),
                ...value,
              ])
            }
            variant="separated"
            radius="md"
            chevronPosition="right"
            classNames={{
              control: classes.control,
              content: classes.content,
              item: classes.item,
            }}
          >
            {group.criteria.map((criterion) => {
              const live = evaluation.byCriterion.get(criterion.code);
              return (
                <Accordion.Item
                  key={criterion.code}
                  value={criterion.code}
                  data-testid="entry-criterion"
                  data-criterion={criterion.code}
                  data-status={live?.status ?? 'unknown'}
                >
                  <Accordion.Control>
                    <span className={classes.controlInner}>
                      <span className={classes.controlName}>
                        <span className={classes.criterionCode}>{criterion.code}.</span>{' '}
                        {criterion.name}
                      </span>
                      {live && (
                        <span className={classes.controlMeta}>
                          <CriterionBadge status={live.status} />
                          <Text span size="sm" c="dimmed">
                            {t('values.criterionIndicators', { met: live.met, total: live.total })}
                          </Text>
                        </span>
                      )}
                    </span>
                  </Accordion.Control>
                  <Accordion.Panel>
                    {criterion.note && (
                      <Text size="sm" c="dimmed" mb="sm" className={classes.note}>
                        {criterion.note}
                      </Text>
                    )}
                    <ul className={classes.fields}>
                      {criterion.indicators.map((indicator) => {
                        const compiledIndicator = compiled.indicatorByCode.get(indicator.code);
                        const threshold =
                          applied && compiledIndicator ? applied[compiledIndicator.index] : null;
                        const item = itemByCode.get(indicator.code);
                        return (
                          <IndicatorField
                            key={indicator.code}
                            store={store}
                            indicator={indicator}
                            kind={inputKind(indicator.type, threshold ?? undefined)}
                            applied={threshold ?? null}
                            result={evaluation.byIndicator.get(indicator.code)}
                            set={set}
                            year={year}
                            previousYear={item?.previousYear ?? null}
                            readOnly={readOnly}
                            item={item}
                            renderExtra={renderExtra}
                          />
                        );
                      })}
                    </ul>
                  </Accordion.Panel>
                </Accordion.Item>
              );
            })}
          </Accordion>
        </section>
      ))}
    </Stack>
  );
}

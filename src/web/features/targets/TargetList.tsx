import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconEdit, IconInfo, IconTrash } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/format';
import { formatGoal, formatMeasure, groupTargets, progressBar, unitWordKey } from './display';
import { TargetStatusBadge } from './TargetStatusBadge';
import type { Target } from './types';
import classes from './TargetList.module.css';

interface TargetListProps {
  items: readonly Target[];
  /** Province offices: edit and delete their own targets. */
  onEdit?: (target: Target) => void;
  onDelete?: (target: Target) => void;
  /** Heading level of the groups (2 on the targets page, 3 inside a dashboard). */
  headingOrder?: 2 | 3 | 4;
}

/** The targets, programme ones by decision then the province's own, each with its progress. */
export function TargetList({ items, onEdit, onDelete, headingOrder = 2 }: TargetListProps) {
  const { t } = useTranslation();
  const { programme, own } = groupTargets(items);
  const decisions = new Map<string, Target[]>();
  for (const target of programme) {
    const key = target.code.split('.')[0] ?? target.code;
    decisions.set(key, [...(decisions.get(key) ?? []), target]);
  }
  return (
    <Stack gap="lg">
      {[...decisions.entries()].map(([key, group]) => (
        <section key={key} aria-labelledby={`targets-${key}`} data-testid={`targets-group-${key}`}>
          <Title order={headingOrder} id={`targets-${key}`} className={classes.groupTitle}>
            {t('targets.programmeGroup', { basis: group[0]?.basis ?? key })}
          </Title>
          <ul className={classes.list}>
            {group.map((target) => (
              <TargetItem key={target.code} target={target} />
            ))}
          </ul>
        </section>
      ))}
      {(own.length > 0 || onEdit) && (
        <section aria-labelledby="targets-own" data-testid="targets-group-own">
          <Title order={headingOrder} id="targets-own" className={classes.groupTitle}>
            {t('targets.ownGroup')}
          </Title>
          {own.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('targets.noOwn')}
            </Text>
          ) : (
            <ul className={classes.list}>
              {own.map((target) => (
                <TargetItem key={target.code} target={target} onEdit={onEdit} onDelete={onDelete} />
              ))}
            </ul>
          )}
        </section>
      )}
    </Stack>
  );
}

function TargetItem({
  target,
  onEdit,
  onDelete,
}: {
  target: Target;
  onEdit?: (target: Target) => void;
  onDelete?: (target: Target) => void;
}) {
  const { t } = useTranslation();
  const { progress } = target;
  const bar = progressBar(target);
  const goal = formatGoal(target);
  const current = progress.current === null ? null : formatMeasure(progress.current, target.unit);
  const below = target.measure === 'communes_below_criteria';
  const unknown = progress.unknown ?? 0;
  return (
    <Card
      component="li"
      withBorder
      radius="md"
      padding="md"
      className={classes.item}
      data-testid="target"
      data-code={target.code}
      data-status={progress.status}
      data-counts={target.counts}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Text fw={700} className={classes.name}>
            {target.name}
          </Text>
          <TargetStatusBadge status={progress.status} />
        </Group>
        <dl className={classes.facts}>
          <div>
            <dt>{t('targets.current')}</dt>
            <dd data-testid="target-current">
              {target.noSource
                ? t('targets.noSource')
                : current === null
                  ? t('targets.noData')
                  : progress.year === null
                    ? current
                    : t('targets.currentIn', { value: current, year: progress.year })}
            </dd>
          </div>
          <div>
            <dt>{t('targets.goal')}</dt>
            <dd>{goal}</dd>
          </div>
          {progress.expected !== null && progress.status !== 'met' && (
            <div>
              <dt>{t('targets.expected')}</dt>
              <dd>{formatMeasure(progress.expected, target.unit)}</dd>
            </div>
          )}
          <div>
            <dt>{t('targets.deadline')}</dt>
            <dd>{formatDate(target.deadline)}</dd>
          </div>
        </dl>
        {bar && (
          <div
            className={classes.bar}
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(bar.value * 10) / 10}
            aria-valuetext={t('targets.barText', { value: current ?? '', goal })}
            aria-label={target.name}
          >
            <div
              className={classes.fill}
              data-status={progress.status}
              style={{ width: `${bar.value}%` }}
            />
            <div className={classes.goal} style={{ left: `${bar.goal}%` }} aria-hidden="true" />
          </div>
        )}
        {progress.gap !== null && progress.gap > 0 && (
          <Text size="sm" fw={600} data-testid="target-gap">
            {below && unknown > 0
              ? t('targets.gapBelowUnknown', {
                  n: progress.gap,
                  below: progress.current ?? 0,
                  unknown,
                  criteria: target.criteriaThreshold ?? 15,
                })
              : below
                ? t('targets.gapBelow', {
                    n: progress.gap,
                    criteria: target.criteriaThreshold ?? 15,
                  })
                : unitWordKey(target) === 'districts'
                  ? t('targets.gapDistricts', { n: progress.gap })
                  : t('targets.gap', { n: progress.gap })}
          </Text>
        )}
        {target.noSource && (
          <Text size="sm" data-testid="target-source">
            {t('targets.noSourceFrom', {
              capability: t(`targets.capability.${target.noSource.capability.code}`, {
                defaultValue: target.noSource.capability.name,
              }),
            })}
          </Text>
        )}
        {target.counts !== 'none' && (
          <Text size="sm" c="dimmed" data-testid="target-counts">
            {t(`targets.counts.${target.counts}`)}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {t('targets.basis', { basis: target.basis })}
          {target.scope ? ` · ${target.scope.name}` : ''}
        </Text>
        {target.note && (
          <Text size="sm" className={classes.note}>
            {target.note}
          </Text>
        )}
        {!target.verified && (
          <div>
            <StatusBadge tone="warning" icon={<IconInfo size={16} />}>
              {t('targets.unverified')}
            </StatusBadge>
          </div>
        )}
        {(onEdit || onDelete) && (
          <Group gap="xs" className={classes.actions}>
            {onEdit && (
              <Button
                variant="default"
                leftSection={<IconEdit size={16} />}
                onClick={() => onEdit(target)}
                aria-label={t('targets.editNamed', { name: target.name })}
              >
                {t('common.edit')}
              </Button>
            )}
            {onDelete && (
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => onDelete(target)}
                aria-label={t('targets.deleteNamed', { name: target.name })}
              >
                {t('targets.delete')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

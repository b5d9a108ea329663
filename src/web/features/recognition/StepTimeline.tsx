import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconClock, IconMissing } from '../../components/icons';
import { NotVerifiedBadge } from './Badges';
import { stepStates, workingDaysByStep } from './labels';
import type { DossierDetail } from './types';
import classes from './StepTimeline.module.css';

/** The template's steps: done, current, later; each with its duration and the days spent. */
export function StepTimeline({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const steps = dossier.template.steps;
  const states = stepStates(steps, dossier.step, dossier.status);
  const spent = workingDaysByStep(dossier.visits);
  return (
    <ol
      className={classes.list}
      data-testid="step-timeline"
      aria-label={t('recognition.dossier.steps')}
    >
      {steps.map((step, index) => {
        const state = states[index] ?? 'later';
        const days = spent.get(step.code);
        return (
          <li
            key={step.code}
            className={classes.step}
            data-state={state}
            data-testid={`step-${step.code}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className={classes.marker} aria-hidden="true">
              {state === 'done' ? (
                <IconCheck size={18} />
              ) : state === 'current' ? (
                <IconClock size={18} />
              ) : (
                <IconMissing size={18} />
              )}
            </span>
            <div className={classes.body}>
              <Text size="sm" fw={state === 'current' ? 700 : 600}>
                {index + 1}. {step.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`recognition.stepState.${state}`)}
                {step.duration &&
                  ` · ${
                    step.duration.unit === 'working_days'
                      ? t('recognition.dossier.duration', { amount: step.duration.amount })
                      : t('recognition.dossier.durationDays', { amount: step.duration.amount })
                  }`}
                {days !== undefined &&
                  state !== 'later' &&
                  ` · ${t('recognition.dossier.spent', { days })}`}
              </Text>
              {step.duration && !step.duration.verified && (
                <Group gap={4} mt={2}>
                  <NotVerifiedBadge />
                </Group>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

import { Button, Text } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconRefresh } from '../../components/icons';
import type { EntryStore } from './entryStore';
import { IconCloudOff, IconSpinner } from './icons';
import type { LiveEvaluation } from './liveEvaluation';
import classes from './ScoreBar.module.css';

/** How the saves stand, for the whole form. */
function SaveSummary({ store, editable }: { store: EntryStore; editable: boolean }) {
  const { t } = useTranslation();
  const summary = useSyncExternalStore(
    store.subscribe,
    () => store.summary(),
    () => store.summary(),
  );
  if (summary.offline > 0) {
    return (
      <span className={classes.warn}>
        <IconCloudOff size={16} />
        <span>{t('values.saveSummary.offline', { count: summary.unsaved })}</span>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconRefresh size={14} />}
          onClick={() => store.retryNow()}
          className={classes.retry}
        >
          {t('values.saveSummary.retry')}
        </Button>
      </span>
    );
  }
  if (summary.conflicts > 0) {
    return (
      <span className={classes.warn}>
        <IconAlert size={16} />
        <span>{t('values.saveSummary.conflicts', { count: summary.conflicts })}</span>
      </span>
    );
  }
  if (summary.unsaved > 0 && summary.refused === 0 && editable) {
    return (
      <span className={classes.quiet}>
        <IconSpinner size={16} />
        <span>{t('values.saveSummary.saving')}</span>
      </span>
    );
  }
  if (summary.unsaved > 0) {
    return (
      <span className={classes.warn}>
        <IconAlert size={16} />
        <span>{t('values.saveSummary.unsaved', { count: summary.unsaved })}</span>
      </span>
    );
  }
  if (!editable) return null;
  return (
    <span className={classes.ok}>
      <IconCheck size={16} />
      <span>{t('values.saveSummary.allSaved')}</span>
    </span>
  );
}

/**
 * The running score, always in view (it sticks under the header while the officer scrolls):
 * "15/19 tiêu chí đạt", what is still missing, and whether everything is saved.
 */
export function ScoreBar({
  evaluation,
  store,
  editable,
}: {
  evaluation: LiveEvaluation;
  store: EntryStore;
  editable: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className={classes.bar} aria-label={t('values.scoreLabel')} data-testid="score-bar">
      <div className={classes.scoreLine}>
        {evaluation.classified ? (
          <Text
            component="strong"
            className={classes.score}
            aria-live="polite"
            aria-atomic="true"
            data-testid="score"
          >
            {t('values.score', { met: evaluation.criteriaMet, total: evaluation.criteriaTotal })}
          </Text>
        ) : (
          <Text component="strong" className={classes.unclassified} data-testid="score">
            {t('values.unclassified')}
          </Text>
        )}
        <Text span size="sm" c="dimmed" data-testid="missing-count">
          {evaluation.missing > 0
            ? t('values.missing', { count: evaluation.missing })
            : t('values.complete')}
        </Text>
      </div>
      <div className={classes.saves} role="status" aria-live="polite" data-testid="save-summary">
        <SaveSummary store={store} editable={editable} />
      </div>
    </section>
  );
}

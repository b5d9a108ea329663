import { Alert, Button, Group, Input, SegmentedControl, Text, Textarea } from '@mantine/core';
import { memo, useId, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AppliedThreshold,
  IndicatorResult,
  IndicatorStatus,
} from '../../../domain/criteria/evaluate';
import { formatQuantity, opSymbol, thresholdScope } from '../../../domain/criteria/format';
import type { CriteriaSet, Indicator, Language } from '../../../domain/criteria/types';
import { isFarFromPrevious } from '../../../domain/values/change';
import { IconAlert, IconCheck, IconInfo, IconLock, IconRefresh } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { currentLanguage } from '../../i18n';
import { changeTime, comparisonText, formatEntryValue } from './display';
import type { EntryStore, FieldSnapshot } from './entryStore';
import { formatFieldValue, parseFieldText, textMatches, textOnLeave } from './fieldText';
import type { NumericKind } from './fieldText';
import { IconCloudOff, IconCross, IconMissing, IconNote, IconSpinner, IconUndo } from './icons';
import type { InputKind } from './liveEvaluation';
import type { EntryValue, ValueItem } from './types';
import classes from './IndicatorField.module.css';

type SetShape = Pick<CriteriaSet, 'classInfo' | 'classification'>;

export interface IndicatorFieldProps {
  store: EntryStore;
  indicator: Indicator;
  kind: InputKind;
  /** The threshold for the unit's class and year; null when the unit has no class. */
  applied: AppliedThreshold | null;
  result: IndicatorResult | undefined;
  set: SetShape;
  year: number;
  previousYear: EntryValue;
  readOnly: boolean;
  /** The server's item, for what goes under the field (its evidence files). */
  item?: ValueItem;
  renderExtra?: (item: ValueItem) => ReactNode;
}

export function useFieldSnapshot(store: EntryStore, code: string): FieldSnapshot {
  return useSyncExternalStore(
    store.subscribe,
    () => store.field(code)!,
    () => store.field(code)!,
  );
}

const asNumber = (value: EntryValue): number | null => (typeof value === 'number' ? value : null);

/**
 * The amber mark of a threshold not read in an official text, as on the criteria pages (drawn
 * here: importing theirs would bring the whole criteria accordion into this page's download).
 */
function UnverifiedBadge() {
  const { t } = useTranslation();
  return (
    <StatusBadge tone="warning" icon={<IconInfo size={16} />} data-testid="unverified">
      {t('criteria.unverified')}
    </StatusBadge>
  );
}

/** Met / not met / missing: word, icon and colour (UX.md). */
export function IndicatorStatusBadge({ status }: { status: IndicatorStatus | 'unknown' }) {
  const { t } = useTranslation();
  if (status === 'met') {
    return (
      <StatusBadge tone="success" icon={<IconCheck size={16} />} data-testid="indicator-status">
        {t('values.status.met')}
      </StatusBadge>
    );
  }
  if (status === 'not_met' || status === 'no_rule') {
    return (
      <StatusBadge tone="danger" icon={<IconCross size={16} />} data-testid="indicator-status">
        {t(`values.status.${status}`)}
      </StatusBadge>
    );
  }
  if (status === 'missing') {
    return (
      <StatusBadge tone="neutral" icon={<IconMissing size={16} />} data-testid="indicator-status">
        {t('values.status.missing')}
      </StatusBadge>
    );
  }
  return null;
}

/** The threshold that applies to the unit: "≥ 80% · ngưỡng vùng TDMNPB", with its unverified mark. */
function ThresholdLine({
  id,
  indicator,
  applied,
  set,
  language,
}: {
  id: string;
  indicator: Indicator;
  applied: AppliedThreshold | null;
  set: SetShape;
  language: Language;
}) {
  const { t } = useTranslation();
  let text: string;
  let scope = '';
  if (!applied) text = t('values.threshold.unclassified');
  else if (applied.judged) text = t('values.threshold.judged');
  else if (applied.op === null || applied.value === null) text = t('values.threshold.none');
  else if (typeof applied.value === 'boolean') {
    text = applied.value
      ? t('values.threshold.mustBeMet')
      : formatQuantity(false, undefined, language);
  } else {
    text = `${opSymbol(applied.op)} ${formatQuantity(applied.value, indicator.unit, language)}`;
    scope = thresholdScope(set, applied.classKey, applied.year, language);
  }
  const unverified = applied !== null && !applied.verified;
  return (
    <div className={classes.threshold}>
      <Text span size="sm" className={classes.term}>
        {t('values.threshold.label')}:
      </Text>{' '}
      <Text span size="sm" fw={600} id={id} data-testid="field-threshold">
        {text}
        {scope && (
          <Text span inherit fw={400} c="dimmed">
            {' '}
            ({scope})
          </Text>
        )}
      </Text>
      {unverified && <UnverifiedBadge />}
    </div>
  );
}

function SaveState({ store, snapshot }: { store: EntryStore; snapshot: FieldSnapshot }) {
  const { t } = useTranslation();
  let content: ReactNode = null;
  switch (snapshot.status) {
    case 'pending':
    case 'saving':
      content = (
        <span className={classes.saving}>
          <IconSpinner size={16} className={classes.spin} />
          {t('values.field.saving')}
        </span>
      );
      break;
    case 'saved':
      content = (
        <span className={classes.saved}>
          <IconCheck size={16} />
          {t('values.field.saved')}
        </span>
      );
      break;
    case 'offline':
      content = (
        <span className={classes.unsaved}>
          <IconCloudOff size={16} />
          {t('values.field.offline')}
        </span>
      );
      break;
    case 'locked':
      content = (
        <span className={classes.unsaved}>
          <IconLock size={16} />
          {t('values.field.locked')}
        </span>
      );
      break;
    case 'invalid':
    case 'failed':
      content = (
        <span className={classes.refused}>
          <IconAlert size={16} />
          <span>{snapshot.error}</span>
          {snapshot.status === 'failed' && (
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconRefresh size={14} />}
              onClick={() => store.retryNow(true)}
            >
              {t('values.field.retry')}
            </Button>
          )}
        </span>
      );
      break;
    default:
      content = null;
  }
  return (
    <div className={classes.saveState} role="status" aria-live="polite" data-testid="save-state">
      {content}
    </div>
  );
}

/**
 * A percentage or a number, typed the Vietnamese way (70,5; 1.250 = 1250). A lone decimal point
 * (1.25) or English notation (1,234.5) is never guessed: the officer is asked which number is meant.
 */
function NumberEntry({
  store,
  snapshot,
  kind,
  unit,
  labelledBy,
  describedBy,
  readOnly,
}: {
  store: EntryStore;
  snapshot: FieldSnapshot;
  kind: NumericKind;
  unit: string | undefined;
  labelledBy: string;
  describedBy: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const errorId = useId();
  const value = asNumber(snapshot.value);
  const [text, setText] = useState(() => formatFieldValue(value));
  const [focused, setFocused] = useState(false);
  const [seen, setSeen] = useState({ value: snapshot.value, revision: snapshot.revision });
  if (seen.value !== snapshot.value || seen.revision !== snapshot.revision) {
    // A value from elsewhere (the server, a conflict choice) replaces the text, never what is
    // being typed.
    const external = seen.revision !== snapshot.revision || !focused;
    setSeen({ value: snapshot.value, revision: snapshot.revision });
    if (external && !textMatches(kind, text, value)) setText(formatFieldValue(value));
  }
  const parsed = parseFieldText(kind, text);
  const problem = parsed.kind === 'invalid' && !focused ? parsed.problem : null;
  const question = parsed.kind === 'question' && !focused ? parsed : null;
  const shownChoices = question ? question.choices.map(formatFieldValue) : [];
  // Which number is meant: asked in words, answered with the buttons below.
  const questionMessage = !question
    ? null
    : question.reason === 'english_notation'
      ? t('values.field.englishNotation', { value: shownChoices[0] })
      : shownChoices.length >= 2
        ? t('values.field.ambiguous', { first: shownChoices[0], second: shownChoices[1] })
        : t('values.field.ambiguousOne', { value: shownChoices[0] });
  const choose = (choice: number) => {
    setText(formatFieldValue(choice));
    store.edit(snapshot.code, { value: choice }, true);
  };

  const change = (next: string) => {
    setText(next);
    const reading = parseFieldText(kind, next);
    if (reading.kind === 'value') store.edit(snapshot.code, { value: reading.value });
    else if (reading.kind === 'empty') store.edit(snapshot.code, { value: null });
    // Not a number (yet): save nothing, keep what the server has.
    else store.edit(snapshot.code, { value: snapshot.server.value });
  };
  const leave = () => {
    setFocused(false);
    setText(textOnLeave(kind, text));
    store.flush(snapshot.code);
  };

  const unitText = kind === 'percent' ? '%' : unit;
  return (
    <div className={classes.numberEntry}>
      <Group gap="xs" wrap="nowrap" align="center">
        <Input
          withAria={false}
          value={text}
          onChange={(event) => change(event.currentTarget.value)}
          onFocus={() => setFocused(true)}
          onBlur={leave}
          readOnly={readOnly}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          size="md"
          error={problem !== null || question !== null}
          aria-invalid={problem !== null || question !== null || undefined}
          aria-labelledby={labelledBy}
          aria-describedby={problem || question ? `${errorId} ${describedBy}` : describedBy}
          className={classes.numberInput}
          rightSection={kind === 'percent' ? <span aria-hidden="true">%</span> : undefined}
          data-testid="field-input"
        />
        {kind === 'number' && unitText && (
          <Text size="sm" c="dimmed" className={classes.unit}>
            {unitText}
          </Text>
        )}
      </Group>
      {problem && (
        <Text size="sm" c="var(--mantine-color-error)" id={errorId} role="alert">
          {problem === 'out_of_range' ? t('values.field.outOfRange') : t('values.field.notNumber')}
        </Text>
      )}
      {question && (
        <div className={classes.numberQuestion} data-testid="number-question">
          <Text size="sm" c="var(--mantine-color-error)" id={errorId} role="alert">
            {questionMessage}
          </Text>
          {!readOnly && (
            <Group gap="xs" mt={4}>
              {question.choices.map((choice) => (
                <Button
                  key={choice}
                  size="sm"
                  variant="light"
                  onClick={() => choose(choice)}
                  aria-label={t('values.field.chooseLabel', {
                    value: formatFieldValue(choice),
                    code: snapshot.code,
                  })}
                >
                  {t('values.field.choose', { value: formatFieldValue(choice) })}
                </Button>
              ))}
            </Group>
          )}
        </div>
      )}
    </div>
  );
}

/** Đạt / Không đạt, and a way back to "no value". */
function BooleanEntry({
  store,
  snapshot,
  labelledBy,
  readOnly,
  code,
}: {
  store: EntryStore;
  snapshot: FieldSnapshot;
  labelledBy: string;
  readOnly: boolean;
  code: string;
}) {
  const { t } = useTranslation();
  const value = typeof snapshot.value === 'boolean' ? String(snapshot.value) : '';
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <SegmentedControl
        value={value}
        onChange={(next) => store.edit(snapshot.code, { value: next === 'true' }, true)}
        data={[
          { value: 'true', label: t('values.field.met') },
          { value: 'false', label: t('values.field.notMet') },
        ]}
        readOnly={readOnly}
        color={value === 'true' ? 'green.8' : value === 'false' ? 'red.8' : undefined}
        aria-labelledby={labelledBy}
        className={classes.choice}
        data-testid="field-choice"
      />
      {!readOnly && snapshot.value !== null && (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconUndo size={16} />}
          onClick={() => store.edit(snapshot.code, { value: null }, true)}
          aria-label={t('values.field.clearLabel', { code })}
          className={classes.clear}
        >
          {t('values.field.clear')}
        </Button>
      )}
    </Group>
  );
}

function NoteEntry({
  store,
  snapshot,
  readOnly,
}: {
  store: EntryStore;
  snapshot: FieldSnapshot;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(snapshot.note ?? '');
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState(false);
  const [seen, setSeen] = useState({ note: snapshot.note, revision: snapshot.revision });
  if (seen.note !== snapshot.note || seen.revision !== snapshot.revision) {
    const external = seen.revision !== snapshot.revision || !focused;
    setSeen({ note: snapshot.note, revision: snapshot.revision });
    if (external && (snapshot.note ?? '') !== text) setText(snapshot.note ?? '');
  }
  if (!open && text === '') {
    if (readOnly) return null;
    return (
      <Button
        variant="subtle"
        size="sm"
        leftSection={<IconNote size={16} />}
        onClick={() => setOpen(true)}
        className={classes.addNote}
        aria-label={t('values.field.noteLabel', { code: snapshot.code })}
      >
        {t('values.field.addNote')}
      </Button>
    );
  }
  return (
    <Textarea
      label={
        <>
          {t('values.field.note')}
          <span className="visually-hidden"> ({snapshot.code})</span>
        </>
      }
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        store.edit(snapshot.code, { note: next });
      }}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        store.flush(snapshot.code);
      }}
      readOnly={readOnly}
      rows={2}
      maxLength={2000}
      size="sm"
      autoFocus={open && text === ''}
      className={classes.note}
    />
  );
}

function ConflictBox({
  store,
  snapshot,
  unit,
  language,
}: {
  store: EntryStore;
  snapshot: FieldSnapshot;
  unit: string | undefined;
  language: Language;
}) {
  const { t } = useTranslation();
  const conflict = snapshot.conflict;
  if (!conflict) return null;
  const empty = t('values.field.empty');
  const time = changeTime(conflict.updatedAt, (clock, date) =>
    t('values.conflict.timeOnDay', { time: clock, date }),
  );
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlert />}
      role="alert"
      className={classes.conflict}
      data-testid="conflict"
    >
      <Text size="sm" fw={600}>
        {t('values.conflict.title', {
          name: conflict.updatedBy ?? t('values.conflict.someone'),
          time,
          value: formatEntryValue(conflict.value, unit, language, empty),
        })}
      </Text>
      <Text size="sm">
        {t('values.conflict.mine', {
          value: formatEntryValue(snapshot.value, unit, language, empty),
        })}
      </Text>
      <Group gap="xs" mt="xs" wrap="wrap">
        <Button size="sm" onClick={() => store.resolveConflict(snapshot.code, 'mine')}>
          {t('values.conflict.useMine')}
        </Button>
        <Button
          size="sm"
          variant="default"
          onClick={() => store.resolveConflict(snapshot.code, 'theirs')}
        >
          {t('values.conflict.keepCurrent')}
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * One indicator in the entry form: its name, a typed field (a percentage, a number with its unit,
 * or Đạt/Không đạt), the threshold for the unit beside it, the live verdict, last year's value
 * (with a warning when the new one is far from it), its own save state, a note and its evidence.
 */
function IndicatorFieldView({
  store,
  indicator,
  kind,
  applied,
  result,
  set,
  year,
  previousYear,
  readOnly,
  item,
  renderExtra,
}: IndicatorFieldProps) {
  const { t } = useTranslation();
  const language: Language = currentLanguage();
  const snapshot = useFieldSnapshot(store, indicator.code);
  const nameId = useId();
  const thresholdId = useId();
  const unit = indicator.type === 'boolean' ? undefined : indicator.unit;
  const status: IndicatorStatus | 'unknown' = result?.status ?? 'unknown';
  const comparison = comparisonText(result, unit, language);
  const far = isFarFromPrevious(indicator.type, snapshot.value, previousYear);
  const empty = t('values.field.empty');
  const previousText =
    previousYear === null ? null : formatEntryValue(previousYear, unit, language, empty);

  return (
    <li
      className={classes.field}
      data-testid="indicator-field"
      data-indicator={indicator.code}
      data-status={status}
    >
      <Text fw={700} className={classes.name} id={nameId}>
        <span className={classes.code}>{indicator.code}</span> {indicator.name}
      </Text>
      <div className={classes.body}>
        <div className={classes.entry}>
          {kind === 'boolean' ? (
            <BooleanEntry
              store={store}
              snapshot={snapshot}
              labelledBy={nameId}
              readOnly={readOnly}
              code={indicator.code}
            />
          ) : (
            <NumberEntry
              store={store}
              snapshot={snapshot}
              kind={kind}
              unit={unit}
              labelledBy={nameId}
              describedBy={thresholdId}
              readOnly={readOnly}
            />
          )}
          <SaveState store={store} snapshot={snapshot} />
        </div>
        <div className={classes.meta}>
          <ThresholdLine
            id={thresholdId}
            indicator={indicator}
            applied={applied}
            set={set}
            language={language}
          />
          <div className={classes.verdict}>
            <IndicatorStatusBadge status={status} />
            {comparison && (
              <Text span size="sm" c="dimmed">
                {comparison}
              </Text>
            )}
          </div>
          {previousText !== null &&
            (far ? (
              <Text size="sm" className={classes.far} data-testid="far-warning">
                <IconAlert size={16} />
                {t('values.field.far', { year: year - 1, value: previousText })}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('values.field.previous', { year: year - 1, value: previousText })}
              </Text>
            ))}
          {snapshot.server.updatedBy && snapshot.server.updatedAt && (
            <Text size="xs" c="dimmed" data-testid="last-change">
              {t('values.field.updated', {
                name: snapshot.server.updatedBy,
                time: changeTime(snapshot.server.updatedAt, (clock, date) =>
                  t('values.conflict.timeOnDay', { time: clock, date }),
                ),
              })}
            </Text>
          )}
          {indicator.note && (
            <Text size="xs" c="dimmed" className={classes.help}>
              <IconInfo size={14} /> {indicator.note}
            </Text>
          )}
        </div>
      </div>
      <ConflictBox store={store} snapshot={snapshot} unit={unit} language={language} />
      <NoteEntry key={snapshot.code} store={store} snapshot={snapshot} readOnly={readOnly} />
      {item && renderExtra?.(item)}
    </li>
  );
}

function sameResult(a: IndicatorResult | undefined, b: IndicatorResult | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.status === b.status &&
    a.value === b.value &&
    a.threshold === b.threshold &&
    a.op === b.op &&
    a.judged === b.judged
  );
}

/**
 * One indicator of the form. Re-rendered only when its own verdict or props change: typing in one
 * field re-evaluates the whole set, but must not redraw thirty fields on a cheap phone.
 */
export const IndicatorField = memo(IndicatorFieldView, (before, after) => {
  const keys = Object.keys({ ...before, ...after }) as Array<keyof IndicatorFieldProps>;
  return keys.every((key) =>
    key === 'result' ? sameResult(before.result, after.result) : before[key] === after[key],
  );
});

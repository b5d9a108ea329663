import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert } from '../../components/icons';
import { ApiError } from '../../lib/api';
import {
  createBody,
  emptyTargetForm,
  OWN_MEASURES,
  targetFormOf,
  updateBody,
  validateTargetForm,
} from './form';
import type { TargetField, TargetFormErrors, TargetFormValues } from './form';
import type { Target } from './types';
import { useTargetMutations } from './useTargets';
import classes from './TargetFormModal.module.css';

interface TargetFormModalProps {
  province: { code: string; name: string };
  /** The target to edit; a new one when absent. */
  target?: Target;
  year: number;
  onClose: () => void;
}

/** Adds or edits a province's own target, every mistake named beside its field. */
export function TargetFormModal({ province, target, year, onClose }: TargetFormModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const mode = target ? 'edit' : 'create';
  const [values, setValues] = useState<TargetFormValues>(() =>
    target ? targetFormOf(target) : emptyTargetForm(province.code, year),
  );
  const [errors, setErrors] = useState<TargetFormErrors>({});
  const [failure, setFailure] = useState<{ message: string; conflict: boolean } | null>(null);
  const { create, update, refresh } = useTargetMutations();
  const saving = create.isPending || update.isPending;

  const set = <K extends TargetField>(field: K, value: TargetFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };
  const error = (field: TargetField) => {
    const problem = errors[field];
    return problem ? t(`targets.form.errors.${problem}`) : undefined;
  };
  const text = (field: TargetField, label: string, props: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={values[field]}
      onChange={(event) => set(field, event.currentTarget.value as never)}
      error={error(field)}
      {...props}
    />
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const result = validateTargetForm(values, mode);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    try {
      if (target) {
        await update.mutateAsync({
          code: target.code,
          body: updateBody(result.body, target.version),
        });
      } else {
        await create.mutateAsync(createBody(result.body, province.code));
      }
      onClose();
    } catch (cause) {
      const conflict = cause instanceof ApiError && cause.status === 409;
      // Someone changed the target meanwhile: the list shows their version; edit it again.
      if (conflict && target) void refresh();
      setFailure({
        message: cause instanceof Error ? cause.message : String(cause),
        conflict,
      });
    }
  };

  const share = values.measure !== 'communes_below_criteria';
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      fullScreen={!!phone}
      title={
        <span className={classes.title}>
          {target ? t('targets.form.editTitle') : t('targets.form.createTitle')}
          <Text span size="sm" c="dimmed" display="block">
            {province.name}
          </Text>
        </span>
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate data-testid="target-form">
        <Stack gap="sm">
          {failure && (
            <Alert
              color={failure.conflict ? 'orange' : 'red'}
              variant="light"
              icon={<IconAlert />}
              role="alert"
              title={failure.conflict ? t('targets.form.conflictTitle') : undefined}
            >
              {failure.message}
            </Alert>
          )}
          {text('code', t('targets.form.code'), {
            description: t('targets.form.codeHint'),
            disabled: mode === 'edit',
            required: true,
            autoComplete: 'off',
          })}
          {text('name', t('targets.form.name'), { required: true })}
          {text('basis', t('targets.form.basis'), {
            description: t('targets.form.basisHint'),
            required: true,
          })}
          <Select
            label={t('targets.form.measure')}
            data={OWN_MEASURES.map((measure) => ({
              value: measure,
              label: t(`targets.measure.${measure}`),
            }))}
            value={values.measure}
            onChange={(value) => {
              if (!value) return;
              const measure = value;
              set('measure', measure);
              // "No commune under N criteria" reads as at most; shares as at least.
              set('op', measure === 'communes_below_criteria' ? 'lte' : 'gte');
            }}
            allowDeselect={false}
            required
          />
          {values.measure === 'indicator_met_share' &&
            text('indicator', t('targets.form.indicator'), {
              description: t('targets.form.indicatorHint'),
              required: true,
            })}
          {values.measure === 'criterion_met_share' &&
            text('criterion', t('targets.form.criterion'), {
              description: t('targets.form.criterionHint'),
              required: true,
            })}
          {values.measure === 'communes_below_criteria' &&
            text('criteriaThreshold', t('targets.form.criteriaThreshold'), {
              inputMode: 'numeric',
              required: true,
            })}
          <Group grow align="flex-start" gap="sm" className={classes.pair}>
            <Select
              label={t('targets.form.op')}
              data={[
                { value: 'gte', label: t('targets.form.gte') },
                { value: 'lte', label: t('targets.form.lte') },
              ]}
              value={values.op}
              onChange={(value) => value && set('op', value)}
              allowDeselect={false}
            />
            {text('value', share ? t('targets.form.valueShare') : t('targets.form.valueCount'), {
              inputMode: 'decimal',
              required: true,
            })}
          </Group>
          <Group grow align="flex-start" gap="sm" className={classes.pair}>
            {text('startDate', t('targets.form.startDate'), {
              placeholder: 'dd/mm/yyyy',
              inputMode: 'numeric',
              required: true,
            })}
            {text('deadline', t('targets.form.deadline'), {
              placeholder: 'dd/mm/yyyy',
              inputMode: 'numeric',
              required: true,
            })}
          </Group>
          <Textarea
            label={t('targets.form.note')}
            value={values.note}
            onChange={(event) => set('note', event.currentTarget.value)}
            error={error('note')}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Asks before deleting a province's own target. */
export function DeleteTargetModal({ target, onClose }: { target: Target; onClose: () => void }) {
  const { t } = useTranslation();
  const { remove } = useTargetMutations();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('targets.deleteTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm">
        <Text>{t('targets.deleteConfirm', { name: target.name })}</Text>
        {remove.isError && (
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
            {remove.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(target.code, { onSuccess: onClose })}
          >
            {t('targets.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

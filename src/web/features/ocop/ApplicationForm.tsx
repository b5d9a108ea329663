import {
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../recognition/Badges';
import { SheetForm } from './SheetForm';
import type {
  ApplicationKind,
  OcopRuleVersion,
  RegistrationForm,
  ScoreSheet,
  SheetChoices,
} from './types';

export const EMPTY_REGISTRATION: RegistrationForm = {
  summary: '',
  annualRevenueMillion: null,
  workers: null,
  rawMaterialArea: null,
  samples: null,
};

export interface ApplicationFormValue {
  kind: ApplicationKind;
  registration: RegistrationForm;
  selfAssessment: SheetChoices;
}

/** Mẫu 01 (registration) and Mẫu 02 (the self-assessment on the set's sheet), saved or submitted. */
export function ApplicationForm({
  initial,
  sheet,
  version,
  kindEditable,
  busy,
  error,
  onSave,
}: {
  initial: ApplicationFormValue;
  sheet: ScoreSheet;
  version: OcopRuleVersion | undefined;
  kindEditable: boolean;
  busy: boolean;
  error: unknown;
  onSave: (value: ApplicationFormValue, submit: boolean) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ApplicationKind>(initial.kind);
  const [registration, setRegistration] = useState<RegistrationForm>(initial.registration);
  const [choices, setChoices] = useState<SheetChoices>(initial.selfAssessment);
  const [tried, setTried] = useState(false);
  const set = <K extends keyof RegistrationForm>(key: K, value: RegistrationForm[K]) =>
    setRegistration((current) => ({ ...current, [key]: value }));
  const numberOrNull = (value: string | number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;
  const save = (submit: boolean) => {
    setTried(true);
    if (!registration.summary.trim()) return;
    onSave({ kind, registration, selfAssessment: choices }, submit);
  };
  const kinds = version?.applicationKinds ?? ['first', 'upgrade', 'rerank'];
  return (
    <Stack gap="lg" data-testid="application-form">
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm" data-testid="form-01">
          <Title order={2}>{t('ocop.application.form01')}</Title>
          <Select
            label={t('ocop.application.kind')}
            data={kinds.map((item) => ({ value: item, label: t(`ocop.kind.${item}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value)}
            allowDeselect={false}
            disabled={!kindEditable}
            data-testid="application-kind"
          />
          <Textarea
            label={t('ocop.application.summary')}
            description={t('ocop.application.summaryHint')}
            value={registration.summary}
            onChange={(event) => set('summary', event.currentTarget.value)}
            autosize
            minRows={3}
            required
            error={tried && !registration.summary.trim() ? t('ocop.common.required') : null}
            data-testid="application-summary"
          />
          <NumberInput
            label={t('ocop.application.revenue')}
            value={registration.annualRevenueMillion ?? ''}
            onChange={(value) => set('annualRevenueMillion', numberOrNull(value))}
            min={0}
            decimalSeparator=","
            thousandSeparator="."
            data-testid="application-revenue"
          />
          <NumberInput
            label={t('ocop.application.workers')}
            value={registration.workers ?? ''}
            onChange={(value) => set('workers', numberOrNull(value))}
            min={0}
            allowDecimal={false}
            data-testid="application-workers"
          />
          <TextInput
            label={t('ocop.application.rawMaterial')}
            value={registration.rawMaterialArea ?? ''}
            onChange={(event) => set('rawMaterialArea', event.currentTarget.value || null)}
          />
          <NumberInput
            label={t('ocop.application.samples')}
            value={registration.samples ?? ''}
            onChange={(value) => set('samples', numberOrNull(value))}
            min={0}
            allowDecimal={false}
          />
        </Stack>
      </Paper>
      <Stack gap="sm" data-testid="form-02">
        <Title order={2}>{t('ocop.application.form02')}</Title>
        <Text size="sm" c="dimmed">
          {t('ocop.application.form02Lead', { name: sheet.name })}
        </Text>
        <SheetForm
          sheet={sheet}
          choices={choices}
          onChange={setChoices}
          bands={version?.starBands}
        />
      </Stack>
      <ActionError error={error} />
      <Group gap="sm" wrap="wrap">
        <Button
          variant="default"
          mih={48}
          loading={busy}
          onClick={() => save(false)}
          data-testid="application-save"
        >
          {t('ocop.application.saveDraft')}
        </Button>
        <Button mih={48} loading={busy} onClick={() => save(true)} data-testid="application-submit">
          {t('ocop.application.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { surveyPath } from '../../app/paths';
import { IconAlert } from '../../components/icons';
import { formatDate, formatPercent, todayIso } from '../../lib/format';
import { ActionError, DateField } from '../recognition/Badges';
import type { ManagedUnit } from './labels';
import { useDossiers } from '../recognition/useRecognition';
import { UnitPicker } from '../units/UnitPicker';
import type { PickedUnit } from '../units/UnitPicker';
import { UnverifiedBadge } from './Badges';
import { ruleText } from './labels';
import type { CreateCampaignBody, Guidance } from './types';
import { useCreateCampaign, useGuidance } from './useSurveys';

/** The guidance that applies: the province's own when there is one, else the national one. */
export function applicableGuidance(
  guidances: readonly Guidance[],
  provinceCode: string | undefined,
  on: string,
): Guidance | undefined {
  const valid = guidances.filter(
    (item) => item.validFrom <= on && (item.validTo === null || item.validTo >= on),
  );
  return (
    valid.find((item) => provinceCode && item.province === provinceCode) ??
    valid.find((item) => item.province === null) ??
    guidances[0]
  );
}

/** The rules of a guidance, with their threshold and "chưa xác minh" where not confirmed. */
export function GuidanceRules({
  guidance,
  level,
}: {
  guidance: Guidance;
  level: 'commune' | 'district';
}) {
  const { t } = useTranslation();
  const rules = guidance.levels[level]?.rules ?? [];
  return (
    <Stack gap="xs" data-testid="guidance-rules">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={700}>
          {guidance.name}
        </Text>
        {!guidance.verified && <UnverifiedBadge />}
      </Group>
      <Text size="xs" c="dimmed">
        {guidance.issuer} · {formatDate(guidance.issuedOn)} · {guidance.source}
      </Text>
      <Table.ScrollContainer minWidth={0}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveys.rules.rule')}</Table.Th>
              <Table.Th>{t('surveys.rules.threshold')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((rule) => (
              <Table.Tr key={rule.code} data-testid="guidance-rule">
                <Table.Td>{ruleText(t, rule.kind)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="wrap">
                    <span>≥ {formatPercent(rule.min)}</span>
                    {!rule.verified && <UnverifiedBadge />}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>{t('surveys.rules.duration')}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="wrap">
                  <span>
                    {t('surveys.rules.durationValue', {
                      min: guidance.duration.minWorkingDays,
                      max: guidance.duration.maxWorkingDays,
                    })}
                  </span>
                  {!guidance.duration.verified && <UnverifiedBadge />}
                </Group>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('surveys.rules.posting')}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="wrap">
                  <span>{t('surveys.rules.postingValue', { days: guidance.posting.days })}</span>
                  {!guidance.posting.verified && <UnverifiedBadge />}
                </Group>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('surveys.rules.blanks')}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="wrap">
                  <span>
                    {t(`surveys.rules.blanksQuestion.${guidance.blanks.question}`)};{' '}
                    {t(`surveys.rules.blanksOverall.${guidance.blanks.overall}`)}
                  </span>
                  {!guidance.blanks.verified && <UnverifiedBadge />}
                </Group>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** "Lập đợt lấy ý kiến": unit, purpose (a recognition dossier or standalone), dates. */
export function CreateCampaignModal({
  units,
  onClose,
}: {
  units: ManagedUnit[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCampaign();
  const guidance = useGuidance();
  const [own, setOwn] = useState(units[0]?.code ?? '');
  const [picked, setPicked] = useState<PickedUnit | null>(null);
  const unit: PickedUnit | null =
    units.length > 0 ? (units.find((item) => item.code === own) ?? null) : picked;
  const level = units.find((item) => item.code === unit?.code)?.level ?? 'commune';
  const [purpose, setPurpose] = useState<'recognition' | 'standalone'>('recognition');
  const dossiers = useDossiers({ unit: unit?.code });
  const openDossiers = (dossiers.data?.items ?? []).filter(
    (item) => item.unit.code === unit?.code && item.status === 'in_progress',
  );
  const [dossierId, setDossierId] = useState<string | null>(null);
  const chosenDossier = openDossiers.find((item) => item.id === dossierId) ?? openDossiers[0];
  const [opensOn, setOpensOn] = useState<string | null>(todayIso());
  const [workingDaysText, setWorkingDays] = useState<number | string>('');
  const [tried, setTried] = useState(false);

  const rule = applicableGuidance(
    guidance.data?.guidances ?? [],
    unit ? chosenDossier?.unit.provinceCode : undefined,
    opensOn ?? todayIso(),
  );
  const defaultDays = rule?.duration.maxWorkingDays;
  const workingDays =
    typeof workingDaysText === 'number' ? workingDaysText : (defaultDays ?? undefined);
  const dossierMissing = purpose === 'recognition' && !chosenDossier;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!unit || !opensOn || dossierMissing) return;
    const body: CreateCampaignBody = {
      unit: unit.code,
      purpose,
      opensOn,
      workingDays,
      ...(purpose === 'recognition' && chosenDossier ? { dossierId: chosenDossier.id } : {}),
    };
    create.mutate(body, {
      onSuccess: (campaign) => void navigate(surveyPath(campaign.id)),
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={t('surveys.create.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate data-testid="create-campaign-form">
        <Stack gap="md">
          {units.length > 1 ? (
            <Select
              label={t('surveys.common.unit')}
              data={units.map((item) => ({ value: item.code, label: item.name }))}
              value={own}
              onChange={(value) => setOwn(value ?? '')}
              allowDeselect={false}
              data-testid="create-unit"
            />
          ) : units.length === 1 ? (
            <Text size="sm">
              {t('surveys.common.unit')}: <strong>{units[0]?.name}</strong>
            </Text>
          ) : (
            <UnitPicker
              label={t('surveys.common.unit')}
              value={picked}
              onChange={setPicked}
              required
              error={tried && !picked ? t('surveys.create.unitRequired') : null}
              data-testid="create-unit"
            />
          )}
          <Radio.Group
            label={t('surveys.create.purpose')}
            value={purpose}
            onChange={(value) => setPurpose(value === 'standalone' ? 'standalone' : 'recognition')}
          >
            <Stack gap="xs" mt={6}>
              <Radio value="recognition" label={t('surveys.purpose.recognition')} />
              <Radio value="standalone" label={t('surveys.purpose.standalone')} />
            </Stack>
          </Radio.Group>
          {purpose === 'recognition' &&
            (openDossiers.length > 0 ? (
              <Select
                label={t('surveys.create.dossier')}
                data={openDossiers.map((item) => ({
                  value: item.id,
                  label: `${item.reference} — ${item.unit.name} (${item.year})`,
                }))}
                value={chosenDossier?.id ?? null}
                onChange={setDossierId}
                allowDeselect={false}
                data-testid="create-dossier"
              />
            ) : (
              <Alert color="orange" variant="light" icon={<IconAlert />} data-testid="no-dossier">
                {dossiers.isPending && unit ? t('common.loading') : t('surveys.create.noDossier')}
              </Alert>
            ))}
          <DateField
            label={t('surveys.create.opensOn')}
            value={opensOn}
            onChange={setOpensOn}
            showError={tried}
            required
            data-testid="create-opens-on"
          />
          <NumberInput
            label={t('surveys.create.workingDays')}
            description={
              rule
                ? t('surveys.create.workingDaysHint', {
                    min: rule.duration.minWorkingDays,
                    max: rule.duration.maxWorkingDays,
                  })
                : undefined
            }
            placeholder={defaultDays ? String(defaultDays) : undefined}
            value={workingDaysText === '' ? (defaultDays ?? '') : workingDaysText}
            onChange={setWorkingDays}
            min={1}
            max={120}
            allowDecimal={false}
            data-testid="create-working-days"
          />
          {rule && <GuidanceRules guidance={rule} level={level} />}
          <ActionError error={create.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-campaign-submit">
              {t('surveys.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

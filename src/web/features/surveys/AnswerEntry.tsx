import {
  Alert,
  Button,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck, IconRefresh, IconSearch } from '../../components/icons';
import { ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { IconCloudOff } from '../values/icons';
import { dropDraft, loadDrafts, newClientId, saveDraft } from './answerDraft';
import type { AnswerDraft } from './answerDraft';
import classes from './AnswerEntry.module.css';
import type { Answers, CampaignDetail, HouseholdView, OfficerChannel, Receipt } from './types';
import { useHouseholds, useSubmitAnswer } from './useSurveys';

const RETRY_MS = 15_000;

/** The questions of the form, each with big radio buttons (Hài lòng / Không hài lòng / bỏ trống). */
function QuestionList({
  campaign,
  answers,
  onChange,
}: {
  campaign: CampaignDetail;
  answers: Answers;
  onChange: (answers: Answers) => void;
}) {
  const { t } = useTranslation();
  const q = campaign.questionnaire;
  const label = (value: 'satisfied' | 'dissatisfied') =>
    q.scale.options.find((option) => option.value === value)?.label ?? t(`surveys.answer.${value}`);
  const items = [
    ...q.questions.map((question) => ({
      id: question.id,
      text: `${question.number}. ${question.text}`,
    })),
    { id: q.overall.id, text: q.overall.text },
  ];
  return (
    <Stack gap="md">
      {items.map((item) => (
        <Radio.Group
          key={item.id}
          label={item.text}
          value={answers[item.id] ?? 'blank'}
          onChange={(value) =>
            onChange({
              ...answers,
              [item.id]: value === 'satisfied' || value === 'dissatisfied' ? value : null,
            })
          }
          data-testid={`question-${item.id}`}
          classNames={{ label: classes.questionLabel }}
        >
          <div className={classes.options}>
            <Radio.Card value="satisfied" className={classes.option} data-testid="opt-satisfied">
              <Group gap="xs" wrap="nowrap">
                <Radio.Indicator />
                <Text>{label('satisfied')}</Text>
              </Group>
            </Radio.Card>
            <Radio.Card
              value="dissatisfied"
              className={classes.option}
              data-testid="opt-dissatisfied"
            >
              <Group gap="xs" wrap="nowrap">
                <Radio.Indicator />
                <Text>{label('dissatisfied')}</Text>
              </Group>
            </Radio.Card>
            <Radio.Card value="blank" className={classes.option} data-testid="opt-blank">
              <Group gap="xs" wrap="nowrap">
                <Radio.Indicator />
                <Text>{t('surveys.answer.blank')}</Text>
              </Group>
            </Radio.Card>
          </div>
        </Radio.Group>
      ))}
    </Stack>
  );
}

function HouseholdPicker({
  campaign,
  onPick,
}: {
  campaign: CampaignDetail;
  onPick: (household: HouseholdView) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const households = useHouseholds(campaign.id, {
    q: q || undefined,
    answered: 'no',
    pageSize: 10,
  });
  return (
    <Stack gap="xs" data-testid="household-picker">
      <TextInput
        type="search"
        label={t('surveys.entry.pickHousehold')}
        description={t('surveys.entry.pickHint')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        leftSection={<IconSearch size={18} />}
        size="md"
        data-testid="entry-search"
      />
      {households.data?.items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('surveys.entry.noneLeft')}
        </Text>
      )}
      <Stack gap={6} role="list">
        {households.data?.items.map((household) => (
          <UnstyledButton
            key={household.id}
            role="listitem"
            className={classes.household}
            onClick={() => onPick(household)}
            data-testid="entry-household"
          >
            <Text fw={700}>
              {household.headName} · {household.householdCode}
            </Text>
            <Text size="sm" c="dimmed">
              {household.village}
              {household.address ? ` · ${household.address}` : ''}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
    </Stack>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An officer enters a paper form, or a household's answers door to door on a phone. The form
 * (with its clientId, made once) stays on this device until the server confirms it; a lost
 * connection shows "chưa lưu" and retries with the same clientId.
 */
export function AnswerEntry({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const submit = useSubmitAnswer(campaign.id);
  const [channel, setChannel] = useState<OfficerChannel>('paper');
  const [household, setHousehold] = useState<HouseholdView | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [drafts, setDrafts] = useState<AnswerDraft[]>(() => loadDrafts(campaign.id));
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [refused, setRefused] = useState<{ clientId: string; message: string } | null>(null);
  const open = campaign.state === 'open' && campaign.canEnterAnswers;

  const send = useCallback(
    (draft: AnswerDraft) => {
      saveDraft(campaign.id, draft);
      setDrafts(loadDrafts(campaign.id));
      submit.mutate(
        {
          householdId: draft.householdId,
          channel: draft.channel,
          clientId: draft.clientId,
          answers: draft.answers,
        },
        {
          onSuccess: (result) => {
            dropDraft(campaign.id, draft.clientId);
            setDrafts(loadDrafts(campaign.id));
            setReceipt(result);
            setRefused(null);
          },
          onError: (error) => {
            // Kept as "chưa lưu": a lost connection or a server error is sent again by itself
            // with the same clientId; a refusal (e.g. the household answered) waits for the user.
            saveDraft(campaign.id, { ...draft, unsaved: true });
            const transient =
              error instanceof ApiError && (error.isNetworkError || error.status >= 500);
            setRefused(transient ? null : { clientId: draft.clientId, message: errorText(error) });
            setDrafts(loadDrafts(campaign.id));
          },
        },
      );
    },
    [campaign.id, submit],
  );

  // Forms not yet confirmed are sent again now and then (same clientId), unless refused.
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => {
      if (submit.isPending) return;
      const next = loadDrafts(campaign.id).find(
        (draft) => draft.unsaved && draft.clientId !== refused?.clientId,
      );
      if (next) send(next);
    }, RETRY_MS);
    return () => window.clearInterval(timer);
  }, [open, campaign.id, refused, send, submit.isPending]);

  if (!open) {
    return <Text c="dimmed">{t('surveys.entry.notOpen')}</Text>;
  }

  const start = (picked: HouseholdView) => {
    setHousehold(picked);
    setAnswers({});
    setReceipt(null);
    setRefused(null);
  };

  const save = () => {
    if (!household) return;
    const draft: AnswerDraft = {
      clientId: newClientId(),
      householdId: household.id,
      householdLabel: `${household.headName} · ${household.householdCode} · ${household.village}`,
      channel,
      answers,
      unsaved: true,
      savedAt: new Date().toISOString(),
    };
    setHousehold(null);
    send(draft);
  };

  // A form on its way is not "chưa lưu" yet; one whose attempt failed (or from before a reload) is.
  const unsaved = drafts.filter(
    (draft) =>
      draft.unsaved && !(submit.isPending && submit.variables?.clientId === draft.clientId),
  );

  return (
    <Stack gap="lg" className={classes.entry} data-testid="answer-entry">
      {unsaved.length > 0 && (
        <Stack gap="xs" data-testid="unsaved-forms">
          {unsaved.map((draft) => (
            <Alert
              key={draft.clientId}
              color="orange"
              variant="light"
              icon={<IconCloudOff />}
              data-testid="unsaved-form"
            >
              <Stack gap={6} align="flex-start">
                <Text size="sm" fw={700}>
                  {t('surveys.entry.unsaved')}: {draft.householdLabel}
                </Text>
                {refused?.clientId === draft.clientId && (
                  <Text size="sm" data-testid="entry-refused">
                    {refused.message}
                  </Text>
                )}
                <Group gap="xs">
                  <Button
                    size="sm"
                    variant="default"
                    leftSection={<IconRefresh size={16} />}
                    onClick={() => send(draft)}
                    loading={submit.isPending && submit.variables?.clientId === draft.clientId}
                    mih={44}
                    data-testid="entry-retry"
                  >
                    {t('surveys.entry.retry')}
                  </Button>
                  <Button
                    size="sm"
                    variant="subtle"
                    color="red"
                    mih={44}
                    onClick={() => {
                      dropDraft(campaign.id, draft.clientId);
                      setDrafts(loadDrafts(campaign.id));
                      if (refused?.clientId === draft.clientId) setRefused(null);
                    }}
                  >
                    {t('surveys.entry.discard')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ))}
        </Stack>
      )}

      {receipt && (
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="entry-receipt">
          <Text size="sm" fw={700}>
            {receipt.replayed ? t('surveys.entry.replayed') : t('surveys.entry.saved')}
          </Text>
          <Text size="sm">
            {t('surveys.entry.receipt', {
              receipt: receipt.receipt,
              date: formatDate(receipt.answeredOn),
            })}
          </Text>
        </Alert>
      )}

      <SegmentedControl
        value={channel}
        onChange={(value) => setChannel(value === 'door' ? 'door' : 'paper')}
        data={[
          { value: 'paper', label: t('surveys.channel.paper') },
          { value: 'door', label: t('surveys.channel.door') },
        ]}
        fullWidth
        size="md"
        aria-label={t('surveys.entry.channel')}
        data-testid="entry-channel"
      />

      {household ? (
        <Stack gap="md" data-testid="entry-form">
          <Group justify="space-between" wrap="wrap">
            <Title order={3} size="h4" data-testid="entry-household-name">
              {household.headName} · {household.householdCode} · {household.village}
            </Title>
            <Button variant="subtle" onClick={() => setHousehold(null)} mih={44}>
              {t('surveys.entry.change')}
            </Button>
          </Group>
          <QuestionList campaign={campaign} answers={answers} onChange={setAnswers} />
          <Button
            size="lg"
            onClick={save}
            loading={submit.isPending}
            fullWidth
            data-testid="entry-submit"
          >
            {t('surveys.entry.submit')}
          </Button>
        </Stack>
      ) : (
        <HouseholdPicker campaign={campaign} onPick={start} />
      )}
      {submit.isError && !refused && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
          {errorText(submit.error)}
        </Alert>
      )}
    </Stack>
  );
}

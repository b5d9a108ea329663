import {
  Alert,
  Button,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconCross } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { ActionError } from '../recognition/Badges';
import type { ApplicationDetail, OcopRuleVersion } from './types';
import { useApplicationAction } from './useOcop';

/**
 * The commune's pre-assessment (1489/2025): each criterion met or not with a note, a conclusion,
 * then forward to the province or return to the producer with a reason.
 */
export function PreassessmentPanel({
  application,
  version,
}: {
  application: ApplicationDetail;
  version: OcopRuleVersion | undefined;
}) {
  const { t } = useTranslation();
  const action = useApplicationAction(application);
  const criteria = version?.preassessmentCriteria ?? [];
  const [met, setMet] = useState<Record<string, 'met' | 'not_met' | undefined>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [conclusion, setConclusion] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState<'forward' | 'return' | null>(null);
  const done = application.preassessment;

  if (done) {
    return (
      <Paper withBorder p="md" radius="md" data-testid="preassessment-done">
        <Stack gap="xs">
          <Title order={2}>{t('ocop.preassess.title')}</Title>
          {done.criteria.map((item) => (
            <Group key={item.code} gap="xs" wrap="wrap">
              <StatusBadge
                tone={item.met ? 'success' : 'danger'}
                icon={item.met ? <IconCheck size={16} /> : <IconCross size={16} />}
              >
                {item.met ? t('ocop.preassess.met') : t('ocop.preassess.notMet')}
              </StatusBadge>
              <Text size="sm">
                {criteria.find((criterion) => criterion.code === item.code)?.label ?? item.code}
                {item.note ? ` — ${item.note}` : ''}
              </Text>
            </Group>
          ))}
          <Text size="sm">
            {t('ocop.preassess.conclusion')}: {done.conclusion}
          </Text>
          <Text size="sm" fw={700} data-testid="preassessment-forwarded">
            {done.forward ? t('ocop.preassess.forwarded') : t('ocop.preassess.notForwarded')}
          </Text>
          {!done.forward && application.state === 'preassessed' && (
            <>
              <ActionError error={action.error} />
              <Button
                mih={48}
                loading={action.isPending}
                onClick={() => action.mutate({ action: 'forward' })}
                data-testid="preassess-forward-now"
              >
                {t('ocop.preassess.forward')}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    );
  }
  if (application.state !== 'submitted') return null;

  const complete = criteria.every((criterion) => met[criterion.code]);
  const forward = () => {
    setTried('forward');
    if (!complete || !conclusion.trim()) return;
    action.mutate({
      action: 'preassess',
      criteria: criteria.map((criterion) => ({
        code: criterion.code,
        met: met[criterion.code] === 'met',
        note: notes[criterion.code]?.trim() || null,
      })),
      conclusion: conclusion.trim(),
      forward: true,
    });
  };
  const sendBack = () => {
    setTried('return');
    if (!reason.trim()) return;
    action.mutate({ action: 'return', reason: reason.trim() });
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid="preassessment-panel">
      <Stack gap="sm">
        <Title order={2}>{t('ocop.preassess.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('ocop.preassess.lead')}
        </Text>
        {criteria.map((criterion) => (
          <Stack key={criterion.code} gap={4} data-testid={`preassess-${criterion.code}`}>
            <Radio.Group
              label={criterion.label}
              value={met[criterion.code] ?? null}
              onChange={(value) => setMet((current) => ({ ...current, [criterion.code]: value }))}
              error={tried === 'forward' && !met[criterion.code] ? t('ocop.common.required') : null}
            >
              <Group gap="lg" mt={4}>
                <Radio value="met" label={t('ocop.preassess.met')} data-testid="preassess-met" />
                <Radio
                  value="not_met"
                  label={t('ocop.preassess.notMet')}
                  data-testid="preassess-not-met"
                />
              </Group>
            </Radio.Group>
            <TextInput
              aria-label={t('ocop.preassess.note')}
              placeholder={t('ocop.preassess.note')}
              value={notes[criterion.code] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setNotes((current) => ({ ...current, [criterion.code]: value }));
              }}
            />
          </Stack>
        ))}
        {criteria.length === 0 && (
          <Alert color="gray" variant="light">
            {t('ocop.preassess.noCriteria')}
          </Alert>
        )}
        <Textarea
          label={t('ocop.preassess.conclusion')}
          value={conclusion}
          onChange={(event) => setConclusion(event.currentTarget.value)}
          autosize
          minRows={2}
          error={tried === 'forward' && !conclusion.trim() ? t('ocop.common.required') : null}
          data-testid="preassess-conclusion"
        />
        <Button
          mih={48}
          loading={action.isPending}
          onClick={forward}
          data-testid="preassess-forward"
        >
          {t('ocop.preassess.forward')}
        </Button>
        <Textarea
          label={t('ocop.preassess.returnReason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          autosize
          minRows={2}
          error={tried === 'return' && !reason.trim() ? t('ocop.common.required') : null}
          data-testid="preassess-reason"
        />
        <Button
          mih={48}
          variant="outline"
          color="orange"
          loading={action.isPending}
          onClick={sendBack}
          data-testid="preassess-return"
        >
          {t('ocop.preassess.return')}
        </Button>
        <ActionError error={action.error} />
      </Stack>
    </Paper>
  );
}

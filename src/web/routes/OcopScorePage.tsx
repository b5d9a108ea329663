import { Alert, Anchor, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ocopRoundPath } from '../app/paths';
import { IconAlert, IconCheck } from '../components/icons';
import { PageLoader } from '../components/PageLoader';
import { RequireAuth } from '../features/auth/RequireAuth';
import { SheetForm } from '../features/ocop/SheetForm';
import type { ScoreSheetView, SheetChoices } from '../features/ocop/types';
import {
  useRules,
  useSaveScoreSheet,
  useScores,
  useScoreSheet,
  useSheet,
} from '../features/ocop/useOcop';
import { ActionError } from '../features/recognition/Badges';
import { ApiError } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function Editor({ view, ruleVersion }: { view: ScoreSheetView; ruleVersion: string | undefined }) {
  const { t } = useTranslation();
  const sheet = useSheet(view.sheetId);
  const rules = useRules();
  const save = useSaveScoreSheet(view.applicationId);
  const [choices, setChoices] = useState<SheetChoices>(view.choices);
  const [comment, setComment] = useState(view.comment ?? '');
  const submitted = view.submittedAt !== null;
  const version = rules.data?.items.find(
    (item) => item.code === (ruleVersion ?? sheet.data?.ruleVersion),
  );
  if (sheet.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
        {sheet.error.message}
      </Alert>
    );
  }
  if (!sheet.data) return <PageLoader />;
  return (
    <Stack gap="md">
      {submitted && (
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="score-submitted">
          {t('ocop.score.submittedTotal', { total: formatNumber(view.score.total) })}
        </Alert>
      )}
      <SheetForm
        sheet={sheet.data.body}
        choices={choices}
        onChange={setChoices}
        bands={version?.starBands}
        readOnly={submitted}
        testId="score-form"
      />
      <Textarea
        label={t('ocop.score.comment')}
        value={comment}
        onChange={(event) => setComment(event.currentTarget.value)}
        autosize
        minRows={2}
        disabled={submitted}
      />
      <ActionError error={save.error} />
      {!submitted && (
        <Group gap="sm" wrap="wrap">
          <Button
            variant="default"
            mih={48}
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                choices,
                comment: comment.trim() || null,
                version: view.version,
                submit: false,
              })
            }
            data-testid="score-save"
          >
            {t('ocop.score.saveDraft')}
          </Button>
          <Button
            mih={48}
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                choices,
                comment: comment.trim() || null,
                version: view.version,
                submit: true,
              })
            }
            data-testid="score-submit"
          >
            {t('ocop.score.submit')}
          </Button>
          {save.isSuccess && !save.data.submittedAt && (
            <Text size="sm" c="green.8" data-testid="score-saved">
              {t('ocop.score.saved')}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** Others' totals: only when the server returns them (every member has submitted). */
function OthersScores({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const scores = useScores(applicationId);
  const current = scores.data?.attempts.at(-1);
  if (!current || current.sheets.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="others-hidden">
        {t('ocop.score.othersHidden')}
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="others-scores">
      <Title order={3}>{t('ocop.score.others')}</Title>
      {current.sheets.map((sheet) => (
        <Text key={sheet.userId} size="sm">
          {sheet.displayName}: {formatNumber(sheet.total)}
        </Text>
      ))}
      {scores.data?.result && (
        <Text size="sm" fw={700}>
          {t('ocop.round.resultLine', {
            score: formatNumber(scores.data.result.score),
            gap: formatNumber(scores.data.result.gap),
          })}
        </Text>
      )}
    </Stack>
  );
}

function Score({ roundId, applicationId }: { roundId: string; applicationId: string }) {
  const { t } = useTranslation();
  const view = useScoreSheet(applicationId);
  if (view.isPending) return <PageLoader />;
  if (view.isError) {
    const conflicted =
      view.error instanceof ApiError &&
      view.error.status === 403 &&
      /conflict/i.test(view.error.code);
    return (
      <Alert
        color={conflicted ? 'orange' : 'red'}
        variant="light"
        icon={<IconAlert />}
        role="alert"
        data-testid={conflicted ? 'score-conflicted' : 'score-error'}
      >
        {conflicted ? t('ocop.score.conflicted') : view.error.message}
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      <Text size="sm">{t('ocop.round.attempt', { attempt: view.data.attempt })}</Text>
      <Editor
        key={`${view.data.attempt}-${view.data.submittedAt ?? ''}`}
        view={view.data}
        ruleVersion={undefined}
      />
      <OthersScores applicationId={applicationId} />
      <Anchor component={Link} to={ocopRoundPath(roundId)}>
        {t('ocop.score.back')}
      </Anchor>
    </Stack>
  );
}

/** A council member's score sheet of one application: /ocop/dot/:id/cham/:applicationId */
export default function OcopScorePage() {
  const { t } = useTranslation();
  const { id = '', applicationId = '' } = useParams();
  useDocumentTitle(t('ocop.score.title'));
  return (
    <Stack gap="lg" data-testid="ocop-score-page">
      <Title order={1}>{t('ocop.score.title')}</Title>
      <RequireAuth>
        <Score roundId={id} applicationId={applicationId} />
      </RequireAuth>
    </Stack>
  );
}

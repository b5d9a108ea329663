import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../recognition/Badges';
import { useDossier } from '../recognition/useRecognition';
import type { CampaignAction, CampaignDetail } from './types';
import { useCampaignAction } from './useSurveys';

function ReportDossierVersion({
  dossierId,
  children,
}: {
  dossierId: string;
  children: (version: number | undefined, error: unknown) => ReactNode;
}) {
  const dossier = useDossier(dossierId);
  return <>{children(dossier.data?.version, dossier.error)}</>;
}

/** The buttons of the actions the user may take now; each asks to confirm (void: a reason). */
export function CampaignActions({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const action = useCampaignAction(campaign);
  const [asking, setAsking] = useState<CampaignAction | null>(null);
  const [reason, setReason] = useState('');
  if (campaign.actions.length === 0) return null;

  const close = () => {
    setAsking(null);
    setReason('');
    action.reset();
  };
  const run = (type: CampaignAction, dossierVersion?: number) => {
    action.mutate(
      {
        type,
        ...(type === 'void' ? { reason: reason.trim() } : {}),
        ...(dossierVersion !== undefined ? { dossierVersion } : {}),
      },
      { onSuccess: () => close() },
    );
  };

  return (
    <>
      <Group gap="sm" wrap="wrap" data-testid="campaign-actions">
        {campaign.actions.map((type) => (
          <Button
            key={type}
            variant={type === 'void' ? 'outline' : 'filled'}
            color={type === 'void' ? 'red' : undefined}
            onClick={() => setAsking(type)}
            mih={44}
            data-testid={`action-${type}`}
          >
            {t(`surveys.action.${type}`)}
          </Button>
        ))}
      </Group>
      {asking && (
        <Modal
          opened
          onClose={close}
          title={t(`surveys.action.${asking}`)}
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <Stack gap="md" data-testid="action-confirm">
            <Text size="sm">{t(`surveys.actionLead.${asking}`)}</Text>
            {asking === 'void' && (
              <Textarea
                label={t('surveys.action.reason')}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                required
                autosize
                minRows={3}
                data-testid="action-reason"
              />
            )}
            <ActionError error={action.error} />
            {asking === 'report' && campaign.dossierId ? (
              <ReportDossierVersion dossierId={campaign.dossierId}>
                {(version, error) => (
                  <>
                    <ActionError error={error} />
                    <Group justify="flex-end" gap="sm">
                      <Button variant="default" onClick={close}>
                        {t('common.cancel')}
                      </Button>
                      <Button
                        onClick={() => run('report', version)}
                        disabled={version === undefined}
                        loading={action.isPending}
                        data-testid="action-submit"
                      >
                        {t('surveys.action.report')}
                      </Button>
                    </Group>
                  </>
                )}
              </ReportDossierVersion>
            ) : (
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button
                  color={asking === 'void' ? 'red' : undefined}
                  onClick={() => run(asking)}
                  disabled={asking === 'void' && reason.trim() === ''}
                  loading={action.isPending}
                  data-testid="action-submit"
                >
                  {t(`surveys.action.${asking}`)}
                </Button>
              </Group>
            )}
          </Stack>
        </Modal>
      )}
    </>
  );
}

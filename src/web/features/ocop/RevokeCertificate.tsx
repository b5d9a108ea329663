import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert } from '../../components/icons';
import { ActionError } from '../recognition/Badges';
import { useCertificate, useRevokeCertificate, useRuleVersion } from './useOcopAdmin';

/**
 * "Thu hồi giấy chứng nhận": a reason of the certificate's rule version, a note, a confirmation;
 * `onRevoked` once the server has revoked it (the product leaves the catalogue).
 */
export function RevokeCertificateForm({
  certificateId,
  ruleVersion,
  onClose,
  onRevoked,
}: {
  certificateId: string;
  ruleVersion: string;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const certificate = useCertificate(certificateId);
  const rules = useRuleVersion(ruleVersion);
  const revoke = useRevokeCertificate(certificateId);
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const reasons = rules.data?.revocationReasons ?? [];
  const reasonLabel = reasons.find((item) => item.code === reason)?.label ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!reason || !certificate.data) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    revoke.mutate(
      { reason, note: note.trim() || null, version: certificate.data.version },
      { onSuccess: onRevoked },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('ocop.revoke.title')}>
      <form onSubmit={submit} data-testid="revoke-form">
        <Stack gap="sm">
          {(certificate.isError || rules.isError) && (
            <ActionError error={certificate.error ?? rules.error} />
          )}
          <Select
            label={t('ocop.revoke.reason')}
            data={reasons.map((item) => ({
              value: item.code,
              label: item.verified ? item.label : `${item.label} (${t('ocop.revoke.unverified')})`,
            }))}
            value={reason}
            onChange={(value) => {
              setReason(value);
              setConfirming(false);
            }}
            required
            disabled={rules.isPending}
            error={tried && !reason ? t('ocop.common.required') : null}
            comboboxProps={{ withinPortal: true }}
            data-testid="revoke-reason"
          />
          <Textarea
            label={t('ocop.revoke.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            data-testid="revoke-note"
          />
          {confirming && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlert />}
              data-testid="revoke-confirm-text"
            >
              <Text size="sm">{t('ocop.revoke.confirm', { reason: reasonLabel })}</Text>
            </Alert>
          )}
          <ActionError error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" mih={48} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              mih={48}
              loading={revoke.isPending}
              disabled={certificate.isPending}
              data-testid={confirming ? 'revoke-confirm' : 'revoke-submit'}
            >
              {confirming ? t('ocop.revoke.confirmButton') : t('ocop.revoke.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { criteriaDraftPath } from '../../app/paths';
import { IconAlert } from '../../components/icons';
import { parseDisplayDate } from '../../lib/format';
import type { CriteriaSet } from './types';
import { useAmendSet } from './useCriteria';

/**
 * An administrator enters an amending decision (number, date) for a published set: the server
 * creates a new draft version valid from that date; the editor of that draft opens next.
 */
export function AmendSetModal({ set, onClose }: { set: CriteriaSet; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const amend = useAmendSet();
  const [decision, setDecision] = useState('');
  const [date, setDate] = useState('');
  const [touched, setTouched] = useState(false);
  const iso = parseDisplayDate(date.trim());
  const decisionError =
    touched && !decision.trim() ? t('criteria.amendment.decisionRequired') : null;
  const dateError = touched && !iso ? t('criteria.amendment.dateInvalid') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!decision.trim() || !iso) return;
    amend.mutate(
      { code: set.code, decision: decision.trim(), date: iso },
      { onSuccess: (created) => void navigate(criteriaDraftPath(created.code)) },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('criteria.amendment.title', { code: set.code })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('criteria.amendment.intro')}</Text>
          <TextInput
            label={t('criteria.amendment.decision')}
            description={t('criteria.amendment.decisionHint')}
            value={decision}
            onChange={(event) => setDecision(event.currentTarget.value)}
            error={decisionError}
            required
            data-autofocus
          />
          <TextInput
            label={t('criteria.amendment.date')}
            description={t('criteria.amendment.dateHint')}
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
            error={dateError}
            inputMode="numeric"
            required
          />
          {amend.isError && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {amend.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('criteria.amendment.cancel')}
            </Button>
            <Button type="submit" loading={amend.isPending}>
              {t('criteria.amendment.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

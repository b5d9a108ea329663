import { Card, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconChevronDown } from '../../components/icons';
import { ImportExportPanel } from './ImportExportPanel';
import type { ImportExportPanelProps } from './ImportExportPanel';
import classes from './ImportSection.module.css';

/**
 * The Excel round trip of the values: open near the top for office users; folded behind one button
 * on a phone, where the officer types rather than uploads (kept mounted, so folding it does not
 * stop an upload under way).
 */
export function ImportSection(props: ImportExportPanelProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)') ?? false;
  const [open, setOpen] = useState(false);
  const contentId = useId();
  if (wide) {
    return (
      <Card withBorder radius="md" padding="md" data-testid="import-section">
        <ImportExportPanel {...props} />
      </Card>
    );
  }
  return (
    <Card withBorder radius="md" padding={0} data-testid="import-section">
      <UnstyledButton
        className={classes.toggle}
        aria-expanded={open}
        aria-controls={contentId}
        onClick={() => setOpen((value) => !value)}
      >
        <span>{t('values.import.title')}</span>
        <IconChevronDown size={18} className={classes.chevron} data-open={open || undefined} />
      </UnstyledButton>
      <div id={contentId} hidden={!open} className={classes.content}>
        <ImportExportPanel {...props} />
      </div>
    </Card>
  );
}

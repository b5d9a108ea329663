import { Group, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGES } from '../i18n';
import classes from './LanguageSwitch.module.css';

const SHORT: Record<(typeof LANGUAGES)[number], string> = { vi: 'VI', en: 'EN' };

/** Two-button switch "VI | EN"; each button names its language in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = i18n.resolvedLanguage ?? currentLanguage();
  return (
    <Group
      gap={0}
      role="group"
      aria-label={t('language.label')}
      className={classes.root}
      wrap="nowrap"
    >
      {LANGUAGES.map((lng) => (
        <UnstyledButton
          key={lng}
          lang={lng}
          className={classes.button}
          aria-pressed={active === lng}
          aria-label={t(`language.${lng}`)}
          title={t(`language.${lng}`)}
          data-active={active === lng || undefined}
          onClick={() => void changeLanguage(lng)}
        >
          {SHORT[lng]}
        </UnstyledButton>
      ))}
    </Group>
  );
}

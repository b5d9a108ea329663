import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "Đơn vị hành chính – Nền tảng số Nông thôn mới"; the platform name alone without a page title. */
export function useDocumentTitle(pageTitle?: string): void {
  const { t } = useTranslation();
  const appName = t('app.name');
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} – ${appName}` : appName;
  }, [pageTitle, appName]);
}

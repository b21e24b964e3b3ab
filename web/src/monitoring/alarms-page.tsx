import { useTranslation } from 'react-i18next';

export function AlarmsPage() {
  const { t } = useTranslation();
  return <h1>{t('brand')}</h1>;
}

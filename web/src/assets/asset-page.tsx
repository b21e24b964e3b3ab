import { useTranslation } from 'react-i18next';

export function AssetPage() {
  const { t } = useTranslation();
  return <h1>{t('brand')}</h1>;
}

import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation('shell');
  return (
    <div className="state">
      <h1>{t('state.notFound')}</h1>
      <Link to="/fleet">{t('state.home')}</Link>
    </div>
  );
}

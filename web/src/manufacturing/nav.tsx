// The manufacturing screens' own tabs (one entry in the top menu, seven screens).
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const tabs = [
  ['/manufacturing', 'nav.schedule'],
  ['/manufacturing/configurator', 'nav.configurator'],
  ['/manufacturing/quotes', 'nav.quotes'],
  ['/manufacturing/orders', 'nav.orders'],
  ['/manufacturing/performance', 'nav.performance'],
  ['/manufacturing/materials', 'nav.materials'],
  ['/manufacturing/replenishment', 'nav.replenishment'],
] as const;

export function MfgNav() {
  const { t } = useTranslation('manufacturing');
  return (
    <nav className="mfg-tabs" aria-label={t('nav.label')}>
      {tabs.map(([to, label]) => (
        <NavLink key={to} to={to} end>
          {t(label)}
        </NavLink>
      ))}
    </nav>
  );
}

/** 'YYYY-MM-DDTHH:mm' in the tenant's zone (from the API, issue 17) ↔ epoch ms. */
export { toZonedInput as toLocalInput, fromZonedInput as fromLocalInput } from '../shell/format';

// The manufacturing screens' own tabs (one entry in the top menu, five screens).
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const tabs = [
  ['/manufacturing', 'nav.schedule'],
  ['/manufacturing/configurator', 'nav.configurator'],
  ['/manufacturing/orders', 'nav.orders'],
  ['/manufacturing/performance', 'nav.performance'],
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

/** 'YYYY-MM-DDTHH:mm' in the tenant's zone (UTC+8, no daylight saving) ↔ epoch ms. */
const OFFSET = 8 * 3_600_000;
export const toLocalInput = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 16);
export const fromLocalInput = (v: string) => Date.parse(`${v}:00Z`) - OFFSET;

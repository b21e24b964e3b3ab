// The energy screens' own tabs (one menu entry in the top bar opens them).
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const tabs = [
  ['/energy/statements', 'nav.statements'],
  ['/energy/contracts', 'nav.contracts'],
  ['/energy/meters', 'nav.meters'],
  ['/energy/efficiency', 'nav.efficiency'],
  ['/energy/heating', 'nav.heating'],
] as const;

export function EnergyNav() {
  const { t } = useTranslation('energy');
  return (
    <nav className="energy-tabs no-print" aria-label={t('menu.energy')}>
      {tabs.map(([to, label]) => (
        <NavLink key={to} to={to}>
          {t(label)}
        </NavLink>
      ))}
    </nav>
  );
}

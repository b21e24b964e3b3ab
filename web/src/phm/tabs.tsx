// The PHM tab bar: health overview, schedules and the model registry for roles that may train.
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useCan } from '../shell/session';

export function PhmTabs() {
  const { t } = useTranslation('phm');
  const mayWrite = useCan('phm:write');
  if (!mayWrite) return null;
  const style = ({ isActive }: { isActive: boolean }) =>
    isActive ? { fontWeight: 700, textDecoration: 'none' } : {};
  return (
    <nav className="toolbar" aria-label="PHM">
      <NavLink to="/phm/health" style={style}>
        {t('menu.health')}
      </NavLink>
      <NavLink to="/phm/schedules" style={style}>
        {t('menu.schedules')}
      </NavLink>
      <NavLink to="/phm/models" style={style}>
        {t('menu.models')}
      </NavLink>
      <NavLink to="/phm/rul" style={style}>
        {t('menu.rul')}
      </NavLink>
    </nav>
  );
}

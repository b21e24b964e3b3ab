// The administration tab bar: the screens the role may use (same permission table as the
// server), in a fixed order; /admin opens the first of them. API keys live in the admin context.
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink } from 'react-router';
import { allowed, useSession, type Permission } from '../shell/session';

const tabs: Array<{ to: string; label: string; permission: Permission }> = [
  { to: '/admin/users', label: 'menu.users', permission: 'user:read' },
  { to: '/admin/customers', label: 'menu.customers', permission: 'customer:write' },
  { to: '/admin/devices', label: 'menu.devices', permission: 'device:read' },
  { to: '/admin/import', label: 'menu.import', permission: 'asset:write' },
  { to: '/admin/asset-models', label: 'menu.models', permission: 'model:write' },
  { to: '/admin/audit', label: 'menu.audit', permission: 'audit:read' },
];

function useTabs() {
  const me = useSession().data;
  return tabs.filter((tab) => allowed(me, tab.permission));
}

export function AdminTabs() {
  const { t } = useTranslation('registry');
  const mine = useTabs();
  return (
    <nav className="toolbar admin-tabs" aria-label={t('menu.admin')}>
      {mine.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          style={({ isActive }) => (isActive ? { fontWeight: 700, textDecoration: 'none' } : {})}
        >
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}

export function AdminHome() {
  const first = useTabs()[0];
  return <Navigate to={first?.to ?? '/'} replace />;
}

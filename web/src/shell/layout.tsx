// The logged-in frame: top bar (brand, role-aware menu, tenant time zone, language, user,
// logout) around the current screen. Unauthenticated visitors go to login and come back.
import { Suspense, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { contexts } from '../contexts';
import { tenantTimeZone, timeZoneLabel } from './format';
import { LanguageSwitch } from './language-switch';
import { allowed, useLogout, useSession } from './session';
import { ErrorState, Loading } from './states';
import { useTenantTimeZone } from './time-zone';

export function Layout() {
  const { t } = useTranslation('shell');
  const session = useSession();
  const location = useLocation();
  const navigation = useNavigation();
  const logout = useLogout();
  // On a phone the twenty-odd entries would fill the first screen: they fold behind a button and
  // fold again once a screen is chosen.
  // Kept as the path it was opened on, so that another path closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === location.pathname;
  // A platform admin has no tenant of its own: its screens keep the platform default zone.
  const tz = useTenantTimeZone(!!session.data?.tenantId);
  // Read here (not only in format.ts) so a changed setting re-renders the frame.
  const zone = tz.data?.timeZone ?? tenantTimeZone();
  if (session.isPending || tz.isLoading) return <Loading />;
  if (session.error)
    return <ErrorState error={session.error} retry={() => void session.refetch()} />;
  const me = session.data;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const menu = contexts
    .flatMap((c) => (c.menu ?? []).map((m) => ({ ...m, ns: c.id })))
    .filter((m) => allowed(me, m.permission) && !(m.tenantOnly && me.customerIds !== null))
    .sort((a, b) => a.order - b.order);
  return (
    <div className="app">
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Ronghe 融合">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>{t('brand')}</span>
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-menu"
          onClick={() => setOpenOn(menuOpen ? null : location.pathname)}
        >
          {t('nav.toggle')}
        </button>
        <nav id="main-menu" aria-label={t('nav.label')} className={menuOpen ? 'menu open' : 'menu'}>
          {menu.map((m) => (
            <NavLink key={m.to} to={m.to}>
              {t(m.label, { ns: m.ns })}
            </NavLink>
          ))}
        </nav>
        <div className="topbar-tools">
          <span className="tz" title={zone} data-testid="tenant-tz">
            <span className="sr-only">{t('timeZone')}: </span>
            {zone} ({timeZoneLabel()})
          </span>
          <LanguageSwitch />
          <span className="who" data-testid="who">
            {me.email ?? me.label} · {t(`role.${me.role}`)}
          </span>
          <button type="button" className="link" onClick={() => void logout()}>
            {t('logout')}
          </button>
        </div>
      </header>
      {navigation.state === 'loading' && <div className="progress" aria-hidden="true" />}
      {/* Keyed by the zone: a changed setting redraws every screen's times and axes in it. */}
      <main id="main" tabIndex={-1} key={zone}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

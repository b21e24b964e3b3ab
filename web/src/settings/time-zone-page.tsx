// 时区设置 / Time zone: a tenant admin picks the tenant's IANA zone (checked by the server, which
// names the field when it refuses one); every screen redraws its times and axes in it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { tenantTimeZone, timeZoneLabel } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty } from '../shell/states';
import { timeZoneKey, useTenantTimeZone, type TimeZoneSettings } from '../shell/time-zone';

/** Zones the browser knows, offered as suggestions (the server has the last word). */
const knownZones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'UTC'];
};

export function TimeZonePage() {
  const { t } = useTranslation('settings');
  const mayChange = useCan('tenant:settings');
  const settings = useTenantTimeZone(true);
  const [zone, setZone] = useState(tenantTimeZone());
  const save = useAction(
    (timeZone: string) =>
      api.put<'/api/v1/settings/time-zone', TimeZoneSettings>('/api/v1/settings/time-zone', {
        timeZone,
      }),
    { success: (r) => t('timeZone.saved', { zone: r.timeZone }), invalidate: [timeZoneKey] },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(zone.trim());
  };
  const sites = settings.data?.sites ?? [];
  return (
    <section aria-labelledby="tz-title">
      <h1 id="tz-title">{t('timeZone.title')}</h1>
      <p className="muted">{t('timeZone.intro')}</p>
      <div className="panel">
        <p>
          {t('timeZone.current')}: <strong data-testid="current-tz">{tenantTimeZone()}</strong> (
          {t('timeZone.offset')} {timeZoneLabel()})
        </p>
      </div>
      {mayChange ? (
        <form className="panel toolbar" onSubmit={submit} aria-label={t('timeZone.title')}>
          <label>
            {t('timeZone.zone')}
            <input
              name="timeZone"
              required
              maxLength={64}
              list="tz-options"
              value={zone}
              onChange={(e) => setZone(e.target.value)}
            />
          </label>
          <datalist id="tz-options">
            {knownZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('timeZone.save')}
          </button>
        </form>
      ) : (
        <Empty>{t('timeZone.noPermission')}</Empty>
      )}
      <h2>{t('timeZone.sites')}</h2>
      {sites.length === 0 ? (
        <p className="muted">{t('timeZone.noSites')}</p>
      ) : (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('timeZone.site')}</th>
                <th>{t('timeZone.zone')}</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr key={s.site}>
                  <td>{s.site}</td>
                  <td>{s.timeZone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// The production record on the passport of a unit built on the platform: the configuration
// chosen, the BOM with the component lots and serials issued to its production order, and the
// station and times of each operation — where the unit's service life starts.
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import type { FactoryRecord } from './plan-types';

export function FactoryCard({ f }: { f: FactoryRecord }) {
  const { t } = useTranslation('service');
  return (
    <div className="card table-wrap" data-testid="passport-factory">
      <h2>{t('passport.factory')}</h2>
      <p>
        {t('passport.factoryOrder', {
          po: f.productionOrderId,
          sku: f.sku,
          at: formatDateTime(f.builtAt),
        })}
      </p>
      <dl className="props">
        <dt>{t('passport.configuration')}</dt>
        <dd>
          {Object.entries(f.configuration)
            .map(([k, v]) => `${k}=${v}`)
            .join(' · ')}
        </dd>
      </dl>
      <table>
        <thead>
          <tr>
            <th>{t('passport.component')}</th>
            <th>{t('passport.quantity')}</th>
            <th>{t('passport.lots')}</th>
          </tr>
        </thead>
        <tbody>
          {f.components.map((c) => (
            <tr key={c.item}>
              <td>
                <code>{c.item}</code>
              </td>
              <td>{`${formatNumber(c.quantity, 3)} ${c.unit}`}</td>
              <td>{[...c.lots, ...c.serials].join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('passport.operation')}</th>
            <th>{t('passport.station')}</th>
            <th>{t('passport.started')}</th>
            <th>{t('passport.finished')}</th>
          </tr>
        </thead>
        <tbody>
          {f.operations.map((o) => (
            <tr key={o.op}>
              <td>{o.operation}</td>
              <td>
                <code>{o.station}</code>
              </td>
              <td>{formatDateTime(o.startedAt)}</td>
              <td>{formatDateTime(o.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

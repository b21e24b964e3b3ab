// A connector's state badge and the status of its mappings (last value and time, last error,
// good and bad counts, rate). A mapping's key is `<index>:<asset>/<channel>`. A gateway-run
// connector's status is its gateway's last report, marked stale once the gateway falls silent.
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import type { Connector, ConnectorStatus } from './queries';

const stateClass = { online: 'status-running', connecting: 'muted', offline: 'status-offline' };

export function StateBadge({ status }: { status: ConnectorStatus | undefined }) {
  const { t } = useTranslation('connectors');
  if (!status) return null;
  return (
    <>
      <span className={`badge ${stateClass[status.state]}`} data-state={status.state}>
        {t(`state.${status.state}`)}
      </span>
      {status.stale && (
        <>
          {' '}
          <span className="badge status-offline" data-testid="stale">
            {t('state.stale')}
          </span>
        </>
      )}
    </>
  );
}

/** `0:<asset id>/supply_temp` → `<asset name> / supply_temp`. */
function mappingName(key: string, assetName: (id: string) => string): string {
  const m = /^\d+:(.*)\/([^/]*)$/.exec(key);
  return m ? `${assetName(m[1]!)} / ${m[2]}` : key;
}

export function MappingStatusTable({
  connector,
  status,
  assetName,
}: {
  connector: Connector;
  status: ConnectorStatus | undefined;
  assetName: (id: string) => string;
}) {
  const { t } = useTranslation('connectors');
  const title = t('page.mappings', { name: connector.name });
  const mappings = status?.mappings ?? [];
  return (
    <div className="card table-wrap connector-status">
      <h2>{title}</h2>
      {status?.reportedAt != null && (
        <p className="muted" data-testid="reported-at">
          {t(status.stale ? 'page.reportedStale' : 'page.reported', {
            time: formatDateTime(status.reportedAt),
          })}
        </p>
      )}
      {mappings.length === 0 ? (
        <p className="muted">{t('page.noMappings')}</p>
      ) : (
        <table data-testid={`mapping-status-${connector.name}`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th>{t('page.key')}</th>
              <th>{t('page.lastValue')}</th>
              <th>{t('page.lastTs')}</th>
              <th>{t('page.good')}</th>
              <th>{t('page.bad')}</th>
              <th>{t('page.rate')}</th>
              <th>{t('page.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={m.key}>
                <td>{mappingName(m.key, assetName)}</td>
                <td className="num" data-testid="last-value">
                  {m.lastValue === null ? '—' : formatNumber(m.lastValue, 3)}
                </td>
                <td>{m.lastTs === null ? '—' : formatDateTime(m.lastTs)}</td>
                <td className="num">{m.good}</td>
                <td className="num">{m.bad}</td>
                <td className="num">{m.rate.toFixed(2)}</td>
                <td className="connector-error">{m.lastError}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

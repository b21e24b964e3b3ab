// Settlement statements (结算单): every statement in scope, filtered by status (kept in the URL),
// each opening its printable page.
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import { QueryView } from '../shell/states';
import { EnergyNav } from './energy-nav';
import { useContracts, useStatements } from './queries';
import { StatusBadge } from './status-badge';
import { statementStatuses } from './types';
import './energy.css';

export function StatementsPage() {
  const { t } = useTranslation('energy');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useStatements(status || undefined);
  const contracts = useContracts();
  const contractName = (id: string) => contracts.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <section aria-labelledby="statements-title">
      <EnergyNav />
      <h1 id="statements-title">{t('statements.title')}</h1>
      <p className="muted">{t('statements.intro')}</p>
      <div className="toolbar">
        <label>
          {t('statements.status')}
          <select
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">{t('statements.all')}</option>
            {statementStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="card table-wrap">
        <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('statements.empty')}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th>{t('statements.period')}</th>
                  <th>{t('statements.contract')}</th>
                  <th>{t('statements.status')}</th>
                  <th className="num">{t('statements.savings')}</th>
                  <th className="num">{t('statements.amount')}</th>
                  <th>{t('statements.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/energy/statements/${s.id}`}>{s.period}</Link>
                    </td>
                    <td>{contractName(s.contractId)}</td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td className="num">
                      {formatNumber(s.savingsKwh, 0)} {s.evidence?.energy?.unit ?? 'kWh'}
                    </td>
                    <td className="num">
                      {formatNumber(s.amount, 2)} {s.currency}
                    </td>
                    <td>{formatDateTime(s.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
    </section>
  );
}

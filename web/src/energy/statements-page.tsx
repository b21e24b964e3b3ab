// Settlement statements (结算单): the statements in scope, newest period first, filtered by status
// (kept in the URL) and read page by page (cursor paging), each opening its printable page. A
// customer's users see issued statements only (the server hides drafts from them).
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shell/format';
import { QueryView } from '../shell/states';
import { EnergyNav } from './energy-nav';
import { formatFen } from './money';
import { useStatements } from './queries';
import { StatusBadge } from './status-badge';
import { statementStatuses } from './types';
import './energy.css';

export function StatementsPage() {
  const { t } = useTranslation('energy');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useStatements(status || undefined);
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
        <QueryView
          query={list}
          isEmpty={(d) => d.pages.every((p) => p.items.length === 0)}
          empty={t('statements.empty')}
        >
          {(data) => (
            <table>
              <thead>
                <tr>
                  <th>{t('statements.period')}</th>
                  <th>{t('statements.contract')}</th>
                  <th>{t('statements.status')}</th>
                  <th>{t('statements.invoiceNo')}</th>
                  <th className="num">{t('statements.savings')}</th>
                  <th className="num">{t('statements.net')}</th>
                  <th className="num">{t('statements.tax')}</th>
                  <th className="num">{t('statements.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {data.pages
                  .flatMap((p) => p.items)
                  .map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/energy/statements/${s.id}`}>{s.period}</Link>
                      </td>
                      <td>{s.contractName}</td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td>{s.invoiceNo ?? '—'}</td>
                      <td className="num">
                        {formatNumber(s.savingsKwh, 0)} {s.evidence?.energy?.unit ?? 'kWh'}
                      </td>
                      <td className="num">{formatFen(s.netFen)}</td>
                      <td className="num">{formatFen(s.taxFen)}</td>
                      <td className="num">
                        {formatFen(s.amountFen)} {s.currency}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
      {list.hasNextPage && (
        <p>
          <button
            type="button"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('statements.more')}
          </button>
        </p>
      )}
    </section>
  );
}

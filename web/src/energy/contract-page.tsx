// One contract: its terms, its baselines with the two approvals (provider and customer, GB/T
// 24915-2020 §5; a baseline is frozen once both approved), the baseline model plot and the
// savings of each settled period with their uncertainty band.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import { QueryView } from '../shell/states';
import { BaselinePlot } from './baseline-plot';
import { EnergyNav } from './energy-nav';
import { keys, useBaselines, useContract, useContractStatements, useMeters } from './queries';
import { SavingsChart } from './savings-chart';
import type { Baseline, Contract } from './types';
import './energy.css';
import { Actor } from '../shell/actor';

export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('energy');
  const q = useContract(id);
  return (
    <section aria-labelledby="contract-title">
      <EnergyNav />
      <p>
        <Link to="/energy/contracts">← {t('contracts.back')}</Link>
      </p>
      <QueryView query={q}>{(c) => <ContractBody c={c} />}</QueryView>
    </section>
  );
}

function ContractBody({ c }: { c: Contract }) {
  const { t } = useTranslation('energy');
  const baselines = useBaselines(c.id);
  const meters = useMeters();
  const statements = useContractStatements(c.id);
  const shown =
    baselines.data?.find((b) => b.status === 'approved') ??
    baselines.data?.find((b) => b.status === 'proposed');
  const unit = meters.data?.find((m) => m.id === shown?.terms.meterId)?.unit ?? 'kWh';
  return (
    <>
      <h1 id="contract-title">{c.name}</h1>
      <dl className="props">
        <dt>{t('contracts.kind')}</dt>
        <dd>{t(`kind.${c.terms.kind}`)}</dd>
        <dt>{t('contracts.period')}</dt>
        <dd>{t(`contracts.${c.period}`)}</dd>
        <dt>{t('contracts.term')}</dt>
        <dd>
          {c.startDate} – {c.endDate}
        </dd>
      </dl>
      {/* Focusable: the table scrolls sideways on a tablet (WCAG 2.1.1, keyboard access). */}
      <div className="card table-wrap" role="region" aria-labelledby="baselines-title" tabIndex={0}>
        <h2 id="baselines-title">{t('contracts.baselines')}</h2>
        <QueryView
          query={baselines}
          isEmpty={(d) => d.length === 0}
          empty={t('contracts.noBaselines')}
        >
          {(rows) => <BaselineTable contractId={c.id} rows={rows} />}
        </QueryView>
      </div>
      {shown?.model?.params && (
        <div className="card">
          <h2>
            {t('contracts.plot')} (v{shown.version})
          </h2>
          <BaselinePlot params={shown.model.params} unit={unit} />
        </div>
      )}
      <div className="card">
        <h2>{t('contracts.savings')}</h2>
        <QueryView
          query={statements}
          isEmpty={(d) => d.length === 0}
          empty={t('contracts.noSavings')}
        >
          {(rows) => <SavingsChart statements={rows} />}
        </QueryView>
      </div>
    </>
  );
}

function BaselineTable({ contractId, rows }: { contractId: string; rows: Baseline[] }) {
  const { t } = useTranslation('energy');
  const me = useSession().data;
  const party = me && me.customerIds !== null ? 'customer' : 'provider';
  const mayApprove = useCan('contract:approve');
  const approve = useAction(
    (b: Baseline) =>
      api.post<'/api/v1/energy/contracts/{id}/baselines/{version}/approve', Baseline>(
        '/api/v1/energy/contracts/{id}/baselines/{version}/approve',
        {},
        { path: { id: contractId, version: b.version } },
      ),
    {
      success: (r) =>
        t('contracts.approved', { version: r.version, status: t(`contracts.bstatus.${r.status}`) }),
      invalidate: [keys.contract(contractId)],
    },
  );
  const who = (a: { by: string; byName?: string | null; at: number } | null) =>
    a ? (
      <>
        <Actor actor={a.by} name={a.byName} /> · {formatDateTime(a.at)}
      </>
    ) : (
      t('contracts.pending')
    );
  return (
    <table>
      <thead>
        <tr>
          <th>{t('contracts.version')}</th>
          <th>{t('contracts.status')}</th>
          <th>{t('contracts.baselinePeriod')}</th>
          <th>{t('contracts.model')}</th>
          <th>{t('contracts.provider')}</th>
          <th>{t('contracts.customer')}</th>
          {mayApprove && (
            <th>
              <span className="sr-only">{t('contracts.approve')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.id} data-testid="baseline">
            <td>v{b.version}</td>
            <td>{t(`contracts.bstatus.${b.status}`)}</td>
            <td>
              {b.terms.periodStart} – {b.terms.periodEnd} ({b.terms.method})
            </td>
            <td>{b.model ? `${b.model.type} · R²adj ${b.model.rSquaredAdj.toFixed(3)}` : '—'}</td>
            <td className="who-cell">{who(b.approvals.provider)}</td>
            <td className="who-cell">{who(b.approvals.customer)}</td>
            {mayApprove && (
              <td>
                {b.status === 'proposed' && !b.approvals[party] && (
                  <button
                    type="button"
                    className="primary"
                    disabled={approve.isPending}
                    onClick={() => approve.mutate(b)}
                  >
                    {t('contracts.approve')}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// One settlement statement as a printable page (energy.css has its @media print rules): contract,
// period, invoice number and date, the baseline model it cites, energy and savings with their 90 %
// uncertainty, the invoice lines with and without VAT (statement-money.tsx), a CSV download, the
// audit trail and signature lines. The provider issues a draft; the customer accepts or
// disputes an issued one (GB/T 24915-2020 §7: settlement confirmed by both parties).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import { QueryView } from '../shell/states';
import { useContract, useStatement, useStatementTrail } from './queries';
import { StatementActions } from './statement-actions';
import { StatementMoney } from './statement-money';
import { StatusBadge } from './status-badge';
import type { Statement } from './types';
import './energy.css';
import { Actor } from '../shell/actor';

export function StatementPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('energy');
  const q = useStatement(id);
  return (
    <section className="statement" aria-labelledby="statement-title">
      <p className="no-print">
        <Link to="/energy/statements">← {t('statement.back')}</Link>
      </p>
      <QueryView query={q}>{(s) => <StatementBody s={s} />}</QueryView>
    </section>
  );
}

function StatementBody({ s }: { s: Statement }) {
  const { t, i18n } = useTranslation('energy');
  const contract = useContract(s.contractId).data;
  const [openedAt] = useState(() => Date.now());
  const ev = s.evidence ?? {};
  const unit = ev.energy?.unit ?? 'kWh';
  const num = (v: number | undefined | null, digits = 0) =>
    v === undefined || v === null ? '—' : formatNumber(v, digits);
  return (
    <article className="statement-sheet" data-testid="statement">
      <header className="statement-head">
        <h1 id="statement-title">{t('statement.title', { period: s.period })}</h1>
        <StatusBadge status={s.status} />
        <a
          className="csv-link no-print"
          href={`/api/v1/energy/statements/${s.id}/csv?lang=${i18n.language === 'en' ? 'en' : 'zh-CN'}`}
          download
        >
          {t('statement.csv')}
        </a>
        <button type="button" className="no-print" onClick={() => window.print()}>
          {t('statement.print')}
        </button>
      </header>
      <dl className="props statement-props">
        <dt>{t('statement.contract')}</dt>
        <dd>{s.contractName}</dd>
        {contract && (
          <>
            <dt>{t('statement.kind')}</dt>
            <dd>{t(`kind.${contract.terms.kind}`)}</dd>
          </>
        )}
        <dt>{t('statement.periodRange')}</dt>
        <dd>
          {s.periodStart} – {s.periodEnd}
        </dd>
        <dt>{t('statement.invoiceNo')}</dt>
        <dd data-testid="invoice-no">{s.invoiceNo ?? t('statement.notIssued')}</dd>
        {s.invoiceDate && (
          <>
            <dt>{t('statement.invoiceDate')}</dt>
            <dd>{s.invoiceDate}</dd>
          </>
        )}
        <dt>{t('statement.baseline')}</dt>
        <dd>v{s.baselineVersion}</dd>
        {ev.model?.type && (
          <>
            <dt>{t('statement.model')}</dt>
            <dd>
              {ev.model.type}
              {ev.model.cvrmse !== undefined && ` · CV(RMSE) ${num(ev.model.cvrmse * 100, 1)}%`}
              {ev.model.rSquaredAdj !== undefined && ` · R²adj ${num(ev.model.rSquaredAdj, 3)}`}
            </dd>
          </>
        )}
        {ev.coverage && (
          <>
            <dt>{t('statement.coverage')}</dt>
            <dd>
              {t('statement.daysUsed', { used: ev.coverage.daysUsed, days: ev.coverage.days })}
            </dd>
          </>
        )}
      </dl>
      {!s.evidence && <p className="muted">{t('statement.evidenceMissing')}</p>}
      <h2>{t('statement.energy')}</h2>
      <table className="statement-table">
        <tbody>
          <tr>
            <th scope="row">{t('statement.predicted')}</th>
            <td className="num">
              {num((ev.energy?.predicted ?? 0) + (ev.energy?.adjustments ?? 0))} {unit}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('statement.adjustments')}</th>
            <td className="num">
              {num(ev.energy?.adjustments)} {unit}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('statement.observed')}</th>
            <td className="num">
              {num(ev.energy?.observed)} {unit}
            </td>
          </tr>
          <tr className="total">
            <th scope="row">{t('statement.savings')}</th>
            <td className="num">
              {num(s.savingsKwh)} {unit}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('statement.uncertainty')}</th>
            <td className="num">
              {ev.uncertainty?.band != null && ev.uncertainty.fsu90 != null
                ? `${t('statement.band', { value: num(ev.uncertainty.band), unit })} (${t(
                    'statement.fsu',
                    { pct: num(ev.uncertainty.fsu90 * 100, 1) },
                  )})`
                : (ev.uncertainty?.note ?? t('statement.noUncertainty'))}
            </td>
          </tr>
        </tbody>
      </table>
      <StatementMoney s={s} />
      {s.note && (
        <p>
          <strong>{t('statement.note')}</strong> {s.note}
        </p>
      )}
      <StatementActions s={s} />
      <Trail id={s.id} />
      <div className="signatures print-only" aria-hidden="true">
        <div>{t('statement.provider')}</div>
        <div>{t('statement.customerParty')}</div>
      </div>
      <p className="print-only muted">
        {t('statement.printedAt', { at: formatDateTime(openedAt) })}
      </p>
    </article>
  );
}

function Trail({ id }: { id: string }) {
  const { t } = useTranslation('energy');
  const q = useStatementTrail(id);
  const actionLabel = (a: string) => {
    const what = a.replace('energy.statement.', '');
    return t(what === 'settle' ? 'statement.settled' : `status.${what}`, { defaultValue: a });
  };
  return (
    <>
      <h2>{t('statement.trail')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('statement.noTrail')}>
        {(rows) => (
          <table className="statement-table trail">
            <thead>
              <tr>
                <th>{t('statement.when')}</th>
                <th>{t('statement.who')}</th>
                <th>{t('statement.what')}</th>
                <th>{t('statement.note')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    <Actor actor={e.actor} name={e.actorName} />
                  </td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{e.details?.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </>
  );
}

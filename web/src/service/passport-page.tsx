// The product passport (产品护照) of one asset, printable: identity, as-built components and
// factory test files, then its whole life on one timeline (lifecycle, configuration changes,
// alarms, health assessments, work orders and parts replaced, contract periods, retirement).
// The print style sheet drops the shell and keeps the timeline on paper.
import './service.css';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../shell/format';
import { QueryView } from '../shell/states';
import { FactoryCard } from './passport-factory';
import { attachmentUrl, usePassport } from './plan-queries';
import type { Passport, PassportEvent } from './plan-types';

export function PassportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('service');
  const q = usePassport(id);
  return (
    <section aria-labelledby="passport-title" className="passport">
      <div className="toolbar no-print">
        <Link to="/service/work-orders">← {t('order.back')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('passport.print')}
        </button>
      </div>
      <QueryView query={q}>{(p) => <PassportBody p={p} />}</QueryView>
    </section>
  );
}

function PassportBody({ p }: { p: Passport }) {
  const { t } = useTranslation('service');
  return (
    <article data-testid="passport">
      <h1 id="passport-title">
        {t('passport.title')} · {p.asset.name}
      </h1>
      <p className="muted">{t('passport.generated', { at: formatDateTime(p.generatedAt) })}</p>
      <div className="grid">
        <div className="card">
          <h2>{t('passport.identity')}</h2>
          <dl className="props">
            <dt>{t('order.serial')}</dt>
            <dd>{p.asset.serial}</dd>
            <dt>{t('passport.site')}</dt>
            <dd>{p.asset.site || '—'}</dd>
            <dt>{t('passport.installed')}</dt>
            <dd>{p.asset.installDate ?? '—'}</dd>
            <dt>{t('passport.stage')}</dt>
            <dd>
              {t(`lifecycle.${p.asset.lifecycle}`, {
                ns: 'assets',
                defaultValue: p.asset.lifecycle,
              })}
            </dd>
          </dl>
        </div>
        <div className="card table-wrap">
          <h2>{t('passport.asBuilt')}</h2>
          {p.asBuilt.components.length === 0 ? (
            <p className="muted">
              {p.factory ? t('passport.seeFactory') : t('passport.noAsBuilt')}
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('passport.component')}</th>
                  <th>{t('order.serial')}</th>
                </tr>
              </thead>
              <tbody>
                {p.asBuilt.components.map((c) => (
                  <tr key={`${c.name}-${c.serial}`}>
                    <td>{c.name}</td>
                    <td>{c.serial}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {p.asBuilt.notes && <p>{p.asBuilt.notes}</p>}
          {p.files.length > 0 && (
            <ul>
              {p.files.map((f) => (
                <li key={f.id}>
                  <a href={attachmentUrl(f.id)} target="_blank" rel="noreferrer">
                    {f.name}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {p.factory && <FactoryCard f={p.factory} />}
      <div className="card">
        <h2>{t('passport.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {p.events.map((e, i) => (
            <li key={i} className={`tl-${e.kind}`}>
              <time>{formatDate(e.at)}</time>
              <strong>{t(`passport.kind.${e.kind}`)}</strong>
              <span>{detail(e, t)}</span>
            </li>
          ))}
        </ol>
      </div>
    </article>
  );
}

type T = ReturnType<typeof useTranslation<'service'>>['t'];

/** The event's line in the user's language where its data allows, else the server's English. */
function detail(e: PassportEvent, t: T): React.ReactNode {
  const d = e.data;
  switch (e.kind) {
    case 'work_order':
      return (
        <Link to={`/service/work-orders/${e.ref ?? ''}`}>
          {e.title} · {t(`state.${String(d.status)}`)}
        </Link>
      );
    case 'part_replaced':
      return `${String(d.qty)} × ${String(d.sku)} ${String(d.name)}`;
    case 'phm':
      return t('passport.health', {
        health: formatNumber(Number(d.health), 2),
        rul: d.rulHours === null ? '—' : formatNumber(Number(d.rulHours), 0),
      });
    case 'alarm':
      return `${String(d.ruleId)} (${String(d.severity)})`;
    case 'contract_start':
    case 'contract_end':
      return String(d.name);
    case 'created':
      return t('passport.registered', { serial: String(d.serial ?? e.title) });
    case 'as_built':
      return t('passport.components', { n: Array.isArray(d.components) ? d.components.length : 0 });
    case 'lifecycle':
    case 'retired':
      return [d.from, d.to]
        .map((x) =>
          x ? t(`lifecycle.${String(x)}`, { ns: 'assets', defaultValue: String(x) }) : '—',
        )
        .join(' → ');
    default:
      return e.title;
  }
}

// 试点总览 programme overview (issue #22): the programme's units, the evaluation table of the
// latest year with rank and change, the map of cities coloured by D, and for the selected unit
// its radar of normalised indicators and the trend of its D. Links to the printable report.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../shell/format';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { GrantsView } from './grants-view';
import { CityMap, TrendChart, UnitRadar } from './charts';
import './region.css';
import {
  fetchEvaluation,
  fetchProgrammes,
  fetchUnits,
  indicatorName,
  type Evaluation,
  type Method,
  type Programme,
} from './queries';

const METHODS: Method[] = ['entropy', 'ahp', 'combined'];

export function RegionPage() {
  const { t } = useTranslation('region');
  const programmes = useQuery({ queryKey: ['region', 'programmes'], queryFn: fetchProgrammes });
  const mayGrant = useCan('region:grant');
  // An enterprise runs no programme: it sees the grants of its platform indicators instead.
  if (programmes.data?.length === 0 && mayGrant)
    return (
      <section aria-labelledby="region-title">
        <h1 id="region-title">{t('page.title')}</h1>
        <GrantsView />
      </section>
    );
  return (
    <section aria-labelledby="region-title">
      <h1 id="region-title">{t('page.title')}</h1>
      <p className="muted">{t('page.intro')}</p>
      <QueryView query={programmes} isEmpty={(d) => d.length === 0} empty={t('page.noProgramme')}>
        {(list) => <ProgrammeView programme={list[0]!} />}
      </QueryView>
    </section>
  );
}

function ProgrammeView({ programme }: { programme: Programme }) {
  const { t, i18n } = useTranslation('region');
  const [method, setMethod] = useState<Method>('entropy');
  const units = useQuery({
    queryKey: ['region', 'units', programme.id],
    queryFn: () => fetchUnits(programme.id),
  });
  const evaluation = useQuery({
    queryKey: ['region', 'evaluation', programme.id, method],
    queryFn: () => fetchEvaluation(programme.id, method),
  });
  return (
    <>
      <h2>{programme.name}</h2>
      <div className="toolbar">
        <label>
          {t('page.weights')}{' '}
          <select
            value={method}
            onChange={(e) => setMethod(e.target.value as Method)}
            data-testid="region-method"
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`method.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <Link to={`/region/report?programme=${programme.id}&weights=${method}`}>
          {t('page.report')}
        </Link>
        <a href={`/api/v1/region/programmes/${programme.id}/evaluation.csv?weights=${method}`}>
          {t('page.csv')}
        </a>
      </div>
      <QueryView query={evaluation}>
        {(ev) => (
          <EvaluationView programme={programme} ev={ev} method={method} lang={i18n.language} />
        )}
      </QueryView>
      <h2>{t('page.units')}</h2>
      <QueryView query={units}>
        {(list) => (
          <table className="table" data-testid="region-units">
            <thead>
              <tr>
                <th>{t('page.units')}</th>
                <th>{t('page.kind')}</th>
                <th>{t('page.city')}</th>
                <th>{t('page.industry')}</th>
                <th>{t('page.paths')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{t(`kind.${u.kind}`)}</td>
                  <td>{u.city}</td>
                  <td>{u.industryCode}</td>
                  <td>{u.paths.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </>
  );
}

function EvaluationView({
  programme,
  ev,
  method,
  lang,
}: {
  programme: Programme;
  ev: Evaluation;
  method: Method;
  lang: string;
}) {
  const { t } = useTranslation('region');
  const years = [...new Set(ev.rows.map((r) => r.year))].sort();
  const [year, setYear] = useState(years[years.length - 1] ?? 0);
  const rows = useMemo(
    () => ev.rows.filter((r) => r.year === year).sort((a, b) => a.rank - b.rank),
    [ev, year],
  );
  const [selected, setSelected] = useState<string | undefined>(rows[0]?.unit);
  const current = rows.find((r) => r.unit === selected) ?? rows[0];
  const indicators = programme.system.subsystems.flatMap((s) => s.indicators);
  const names = useMemo(() => (i: (typeof indicators)[number]) => indicatorName(i, lang), [lang]);
  const trend = ev.trends.units.find((u) => u.key === current?.unit);
  const label = current ? current.name || current.unit : '';
  const cls = (r: (typeof rows)[number]) =>
    lang === 'en' ? r.classLabel.en : r.classLabel['zh-CN'];
  return (
    <>
      <h2>{t('page.evaluation')}</h2>
      <div className="toolbar">
        <label>
          {t('page.year')}{' '}
          <select
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
            data-testid="region-year"
          >
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
        <span className="muted">{t('page.select')}</span>
      </div>
      <div className="grid">
        <section className="card" aria-labelledby="region-map-title">
          <h3 id="region-map-title">
            {t('page.map')} · {year}
          </h3>
          <CityMap
            rows={rows}
            label={t('page.mapLabel', { count: rows.length })}
            onCity={setSelected}
          />
        </section>
        {current && (
          <section className="card" aria-labelledby="region-radar-title">
            <h3 id="region-radar-title">{t('page.radar', { name: label })}</h3>
            <UnitRadar
              row={current}
              indicators={indicators}
              names={names}
              label={t('page.radar', { name: label })}
            />
            {trend && <TrendChart series={trend.series} label={t('page.trend', { name: label })} />}
            <Link
              to={`/region/report?programme=${programme.id}&weights=${method}&unit=${current.unit}`}
            >
              {t('page.unitReport')}
            </Link>
          </section>
        )}
      </div>
      <table className="table" data-testid="region-evaluation">
        <thead>
          <tr>
            <th>{t('page.rank')}</th>
            <th>{t('page.city')}</th>
            <th>U₁</th>
            <th>U₂</th>
            <th>C</th>
            <th>T</th>
            <th>D</th>
            <th>{t('page.class')}</th>
            <th>{t('page.lagging')}</th>
            <th>{t('page.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.unit}
              onClick={() => setSelected(r.unit)}
              className={r.unit === current?.unit ? 'selected' : undefined}
            >
              <td>{r.rank}</td>
              <td>{r.name || r.unit}</td>
              <td>{formatNumber(r.U1, 4)}</td>
              <td>{formatNumber(r.U2, 4)}</td>
              <td>{formatNumber(r.C, 4)}</td>
              <td>{formatNumber(r.T, 4)}</td>
              <td>{formatNumber(r.D, 4)}</td>
              <td>{cls(r)}</td>
              <td>
                {t(
                  `lagging.${r.lagging === 'manufacturing' || r.lagging === 'services' ? r.lagging : 'none'}`,
                )}
              </td>
              <td>{r.change === null ? '—' : formatNumber(r.change, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// The printable evaluation report (issue #22 §5), in the console's language: the method, the
// indicator weights, the map of cities coloured by D, the ranking of the latest year, and per
// unit its radar and the trend of its D. `?unit=` narrows it to one unit. Print with the
// browser (the console's print styles hide the menu).
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatNumber } from '../shell/format';
import { QueryView } from '../shell/states';
import { CityMap, TrendChart, UnitRadar } from './charts';
import './region.css';
import {
  fetchEvaluation,
  fetchProgrammes,
  indicatorName,
  type Evaluation,
  type Method,
  type Programme,
} from './queries';

export function ReportPage() {
  const [params] = useSearchParams();
  const method = (params.get('weights') ?? 'entropy') as Method;
  const programmes = useQuery({ queryKey: ['region', 'programmes'], queryFn: fetchProgrammes });
  const id = params.get('programme');
  const programme = programmes.data?.find((p) => p.id === id) ?? programmes.data?.[0];
  const evaluation = useQuery({
    queryKey: ['region', 'evaluation', programme?.id, method],
    queryFn: () => fetchEvaluation(programme!.id, method),
    enabled: programme !== undefined,
  });
  return (
    <QueryView query={evaluation}>
      {(ev) => (
        <Report
          programme={programme!}
          ev={ev}
          method={method}
          unit={params.get('unit') ?? undefined}
        />
      )}
    </QueryView>
  );
}

function Report({
  programme,
  ev,
  method,
  unit,
}: {
  programme: Programme;
  ev: Evaluation;
  method: Method;
  unit?: string;
}) {
  const { t, i18n } = useTranslation('region');
  const lang = i18n.language;
  const indicators = programme.system.subsystems.flatMap((s) => s.indicators);
  const names = useMemo(() => (i: (typeof indicators)[number]) => indicatorName(i, lang), [lang]);
  // The small radars name their axes by number; the weights table says which is which.
  const numbered = useMemo(
    () => (i: (typeof indicators)[number]) => String(indicators.indexOf(i) + 1),
    [indicators],
  );
  const latest = Math.max(...ev.rows.map((r) => r.year));
  const ranking = ev.rows.filter((r) => r.year === latest).sort((a, b) => a.rank - b.rank);
  const shown = unit ? ranking.filter((r) => r.unit === unit) : ranking;
  const title =
    unit && shown[0] ? t('report.unitTitle', { name: shown[0].name || unit }) : t('report.title');
  const methodName = t(`method.${method}`);
  return (
    <article className="region-report" data-testid="region-report">
      <div className="toolbar no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
      <h1>{title}</h1>
      <p>
        {programme.name} ·{' '}
        {t('report.generated', { date: new Date().toISOString().slice(0, 10), method: methodName })}
      </p>
      <p>{t('report.method', { method: methodName })}</p>
      <p className="muted">{t('report.synthetic')}</p>
      <h2>{t('report.weightsTitle')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('report.indicator')}</th>
            <th>{t('report.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((i, k) => (
            <tr key={i.key}>
              <td>{k + 1}</td>
              <td>{names(i)}</td>
              <td>{formatNumber(ev.weights[i.key] ?? 0, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>
        {t('page.map')} · {latest}
      </h2>
      <div className="report-map">
        <CityMap
          rows={ranking}
          label={t('page.mapLabel', { count: ranking.length })}
          height={400}
        />
      </div>
      <h2>{t('report.ranking', { year: latest })}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('page.rank')}</th>
            <th>{t('page.city')}</th>
            <th>U₁</th>
            <th>U₂</th>
            <th>D</th>
            <th>{t('page.class')}</th>
            <th>{t('page.change')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.unit}>
              <td>{r.rank}</td>
              <td>{r.name || r.unit}</td>
              <td>{formatNumber(r.U1, 4)}</td>
              <td>{formatNumber(r.U2, 4)}</td>
              <td>{formatNumber(r.D, 4)}</td>
              <td>{lang === 'en' ? r.classLabel.en : r.classLabel['zh-CN']}</td>
              <td>{r.change === null ? '—' : formatNumber(r.change, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('report.units')}</h2>
      <div className="report-units">
        {shown.map((r) => {
          const name = r.name || r.unit;
          const trend = ev.trends.units.find((u) => u.key === r.unit);
          return (
            <section key={r.unit} className="card report-unit">
              <h3>{name}</h3>
              <UnitRadar
                row={r}
                indicators={indicators}
                names={numbered}
                label={t('page.radar', { name })}
                height={240}
              />
              {trend && (
                <TrendChart series={trend.series} label={t('page.trend', { name })} height={160} />
              )}
            </section>
          );
        })}
      </div>
    </article>
  );
}

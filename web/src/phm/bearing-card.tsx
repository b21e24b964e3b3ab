// The latest bearing diagnosis of an asset (轴承诊断): the majority label of the windows with its
// share, severity, each window's label and probability, and the envelope evidence chart. 404
// until a waveform was diagnosed by an active bearing model: an empty state, not an error.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client';
import { formatDateTime, formatNumber } from '../shell/format';
import { Empty, ErrorState, Loading } from '../shell/states';
import { EvidenceChart } from './evidence-chart';
import type { BearingDiagnosis } from './types';

const notFound = (e: unknown) => isApiError(e) && e.status === 404;

/** CWRU-style class labels (IR007, OR014@6, B021, Normal) as the glossary's fault names. */
export function faultOf(label: string): 'inner' | 'outer' | 'ball' | 'normal' | null {
  if (/^IR/i.test(label) || /inner/i.test(label)) return 'inner';
  if (/^OR/i.test(label) || /outer/i.test(label)) return 'outer';
  if (/^B\d/i.test(label) || /ball/i.test(label)) return 'ball';
  if (/^normal/i.test(label)) return 'normal';
  return null;
}

export function BearingCard({ assetId }: { assetId: string }) {
  const { t } = useTranslation('phm');
  const q = useQuery({
    queryKey: ['phm', 'diagnosis', assetId],
    retry: (n, e) => !notFound(e) && n < 2,
    queryFn: () =>
      api.get<'/api/v1/phm/assets/{id}/diagnosis', BearingDiagnosis>(
        '/api/v1/phm/assets/{id}/diagnosis',
        { path: { id: assetId } },
      ),
  });
  const name = (label: string) => {
    const f = faultOf(label);
    return f ? `${t(`bearing.fault.${f}`)} (${label})` : label;
  };
  let body;
  if (q.isPending) body = <Loading />;
  else if (q.error)
    body = notFound(q.error) ? (
      <Empty>{t('bearing.empty')}</Empty>
    ) : (
      <ErrorState error={q.error} retry={() => void q.refetch()} />
    );
  else {
    const d = q.data;
    body = (
      <>
        <div className="kpis" data-testid="bearing-summary">
          <div className="kpi">
            <div className="value">{name(d.label)}</div>
            <div className="label">
              {t('bearing.label')} · {t('bearing.share', { pct: formatNumber(d.share * 100, 0) })}
            </div>
          </div>
          <div className="kpi">
            <div className="value">{t(`bearing.severity.${d.severity.level}`)}</div>
            <div className="label">
              {t('bearing.severityLabel')}
              {d.severity.lineDb !== undefined && ` · ${formatNumber(d.severity.lineDb, 1)} dB`}
            </div>
          </div>
          <div className="kpi">
            <div className="value">{formatDateTime(d.at)}</div>
            <div className="label">
              {t('bearing.at')} · v{d.modelVersion} · {formatNumber(d.rpm, 0)} rpm
            </div>
          </div>
        </div>
        <EvidenceChart diagnosis={d} />
        <div className="table-wrap">
          <table data-testid="bearing-windows">
            <caption>{t('bearing.windows')}</caption>
            <thead>
              <tr>
                <th>{t('bearing.window')}</th>
                <th>{t('bearing.label')}</th>
                <th>{t('bearing.probability')}</th>
              </tr>
            </thead>
            <tbody>
              {d.windows.map((w) => (
                <tr key={w.window}>
                  <td>{w.window + 1}</td>
                  <td>{name(w.label)}</td>
                  <td>{formatNumber(w.probability * 100, 1)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="bearing-title">
      <h2 id="bearing-title">{t('bearing.title')}</h2>
      {body}
    </section>
  );
}

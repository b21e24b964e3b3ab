// 假设分析 what-if: the same solve with an added shift on a station, shown as the change in
// each order's completion and tardiness against the current plan; nothing is written.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, timeZoneLabel } from '../shell/format';
import { useAction } from '../shell/notices';
import { mfgApi } from './api';
import { fromLocalInput, toLocalInput } from './nav';
import type { WhatIf } from './types';

const H = 3_600_000;

export function WhatIfPanel({ stations }: { stations: string[] }) {
  const { t } = useTranslation('manufacturing');
  const [station, setStation] = useState('');
  const [start, setStart] = useState(() => toLocalInput(Math.ceil(Date.now() / H) * H + 14 * H));
  const [hours, setHours] = useState(4);
  const [result, setResult] = useState<WhatIf | null>(null);
  const run = useAction(
    (shift: { station: string; start: number; end: number } | null) =>
      mfgApi.whatIf({ timeLimitMs: 1000, ...(shift ? { extraShifts: [shift] } : {}) }),
    {
      success: (r) => {
        setResult(r);
        return t('whatIf.done', { count: r.diff.length });
      },
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = fromLocalInput(start);
    run.mutate(station ? { station, start: s, end: s + hours * H } : null);
  };
  const before = result?.diff.reduce((s, d) => s + (d.before?.tardinessMinutes ?? 0), 0) ?? 0;
  const after = result?.diff.reduce((s, d) => s + d.after.tardinessMinutes, 0) ?? 0;
  return (
    <div className="card">
      <h2>{t('whatIf.title')}</h2>
      <p className="muted">{t('whatIf.intro')}</p>
      <form className="toolbar" onSubmit={submit} aria-label={t('whatIf.title')}>
        <label>
          {t('gantt.station')}
          <select value={station} onChange={(e) => setStation(e.target.value)}>
            <option value="">{t('whatIf.noShift')}</option>
            {stations.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('whatIf.shiftStart', { tz: timeZoneLabel() })}
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          {t('whatIf.hours')}
          <input
            type="number"
            min={1}
            max={24}
            value={hours}
            onChange={(e) => setHours(Math.min(24, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
        <button type="submit" disabled={run.isPending}>
          {run.isPending ? t('plan.running') : t('whatIf.run')}
        </button>
      </form>
      {result && (
        <>
          <div className="kpis">
            <div className="kpi">
              <span className="value">{formatNumber(before, 0)} min</span>
              <span className="label">{t('whatIf.before')}</span>
            </div>
            <div className="kpi">
              <span className="value">{formatNumber(after, 0)} min</span>
              <span className="label">{t('whatIf.after')}</span>
            </div>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('orders.productionOrder')}</th>
                  <th>{t('orders.due')}</th>
                  <th>{t('whatIf.completionBefore')}</th>
                  <th>{t('whatIf.completionAfter')}</th>
                  <th>{t('whatIf.change')}</th>
                </tr>
              </thead>
              <tbody>
                {result.diff.map((d) => (
                  <tr key={d.orderId}>
                    <td>
                      <code>{d.orderId}</code>
                    </td>
                    <td>{d.dueAt ? formatDateTime(d.dueAt) : '—'}</td>
                    <td>{d.before?.completionAt ? formatDateTime(d.before.completionAt) : '—'}</td>
                    <td>{d.after.completionAt ? formatDateTime(d.after.completionAt) : '—'}</td>
                    <td>{formatNumber(d.tardinessChangeMinutes, 0)} min</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

// A row of figures (value over its label), '—' where the server has none.
import { formatNumber } from '../shell/format';

export function KpiRow({
  items,
  testId,
}: {
  items: Array<{ key: string; label: string; value: number | null | undefined; unit?: string }>;
  testId?: string;
}) {
  return (
    <div className="kpis" data-testid={testId}>
      {items.map((k) => (
        <div className="kpi" key={k.key}>
          <div className="value">
            {k.value === null || k.value === undefined || !Number.isFinite(k.value)
              ? '—'
              : formatNumber(k.value)}
            {k.unit && k.value !== null && k.value !== undefined ? ` ${k.unit}` : ''}
          </div>
          <div className="label">{k.label}</div>
        </div>
      ))}
    </div>
  );
}
